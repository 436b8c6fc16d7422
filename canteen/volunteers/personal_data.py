"""A volunteer's personal data: exported on request, or erased.

Erasing frees the volunteer's coming places (the waiting list moves up), then deletes the
person; their past places stay, without a name, so the canteen's hour counts stay right.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from canteen import clock
from canteen.db import write_transaction
from canteen.errors import NotFound
from canteen.network.services import get_canteen
from canteen.volunteers.links import volunteer_for_token
from canteen.volunteers.places import release_place
from canteen.volunteers.shifts import shift_brief
from canteen.volunteers.tables import SignUp, Volunteer


async def _volunteer_of(canteen_id: int, volunteer_id: int) -> dict[str, Any]:
    row = await Volunteer.select().where(Volunteer.id == volunteer_id).first()
    if row is None or row["canteen"] != canteen_id:
        raise NotFound()
    return row


async def export_volunteer(canteen_id: int, volunteer_id: int) -> dict[str, Any]:
    """Everything kept about one volunteer, as plain data (for a JSON download)."""
    volunteer = await _volunteer_of(canteen_id, volunteer_id)
    canteen = await get_canteen(canteen_id)
    timezone = canteen["timezone"]
    rows = (
        await SignUp.select(*SignUp.all_columns(), *SignUp.shift.all_columns())
        .where(SignUp.volunteer == volunteer_id)
        .order_by(SignUp.shift.starts_at)
    )

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    sign_ups = []
    for row in rows:
        shift = {key.split(".", 1)[1]: v for key, v in row.items() if key.startswith("shift.")}
        brief = shift_brief(shift, timezone)
        sign_ups.append(
            {
                "date": brief.date,
                "task": brief.kind,
                "starts": brief.starts,
                "ends": brief.ends,
                "status": row["status"],
                "signed_up_at": iso(row["created_at"]),
                "moved_up_from_waiting_list_at": iso(row["promoted_at"]),
                "cancelled_at": iso(row["cancelled_at"]),
                "cancelled_by": row["cancelled_by"] or None,
                "reminded_at": iso(row["reminded_at"]),
                "given_up_late": row["cancelled_late"],
                "attendance": row["attendance"] or None,
                "attendance_recorded_at": iso(row["attendance_at"]),
            }
        )
    return {
        "canteen": {"name": canteen["name"], "slug": canteen["slug"]},
        "volunteer": {
            "first_name": volunteer["first_name"],
            "phone": volunteer["phone"] or None,
            "email": volunteer["email"] or None,
            "agreed_to_be_contacted": volunteer["contact_consent"],
            "agreed_at": iso(volunteer["consent_at"]),
            "language": volunteer["language"],
            "first_signed_up_at": iso(volunteer["created_at"]),
            "private_link_valid_until": iso(volunteer["link_expires_at"]),
            "sign_ups_wait_for_the_coordinators_yes": volunteer["needs_approval"],
        },
        "sign_ups": sign_ups,
        "exported_at": clock.now().isoformat(),
    }


async def export_me(token: str) -> dict[str, Any]:
    volunteer = await volunteer_for_token(token)
    return await export_volunteer(volunteer["canteen"], volunteer["id"])


async def erase_volunteer(canteen_id: int, volunteer_id: int) -> list[int]:
    """Erase a volunteer: coming places are freed (the waiting list moves up), then the
    person is deleted. Past places stay, without a name, so the hour counts stay right.

    Returns the sign-ups moved up from waiting lists (to tell them)."""
    await _volunteer_of(canteen_id, volunteer_id)
    current = clock.now()
    live = await SignUp.select(SignUp.id, SignUp.shift, SignUp.status).where(
        (SignUp.volunteer == volunteer_id)
        & (SignUp.status != "cancelled")
        & (SignUp.shift.starts_at > current)
    )
    promoted: list[int] = []
    for row in live:
        promoted += await release_place(row, "erasure")
    async with write_transaction():
        # Waiting places of shifts already started are of no use to anyone any more.
        await SignUp.update(
            {
                SignUp.status: "cancelled",
                SignUp.cancelled_at: current,
                SignUp.cancelled_by: "erasure",
            }
        ).where((SignUp.volunteer == volunteer_id) & (SignUp.status == "waiting"))
        await SignUp.update({SignUp.volunteer: None}).where(SignUp.volunteer == volunteer_id)
        await Volunteer.delete().where(Volunteer.id == volunteer_id)
    return promoted


async def erase_me(token: str) -> list[int]:
    volunteer = await volunteer_for_token(token)
    return await erase_volunteer(volunteer["canteen"], volunteer["id"])
