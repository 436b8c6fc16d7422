"""What a volunteer's private link shows: their places from today on, and their calendar."""

from __future__ import annotations

from typing import Any

from canteen import clock
from canteen.network.services import get_canteen
from canteen.volunteers.links import volunteer_for_token
from canteen.volunteers.places import waiting_position
from canteen.volunteers.schemas import MyPlacesOut, PlaceOut
from canteen.volunteers.shifts import shift_brief
from canteen.volunteers.tables import SignUp


def _shift_of(row: dict[str, Any]) -> dict[str, Any]:
    """The shift's columns of a sign-up row joined with its shift."""
    fields = {key.split(".", 1)[1]: value for key, value in row.items() if key.startswith("shift.")}
    return {"id": row["shift"], **fields}


async def places_of(volunteer: dict[str, Any], only: list[int] | None = None) -> list[PlaceOut]:
    """The volunteer's places from today on (or the sign-ups `only` names, whatever their date)."""
    canteen = await get_canteen(volunteer["canteen"])
    timezone = canteen["timezone"]
    query = SignUp.select(
        *SignUp.all_columns(), *SignUp.shift.all_columns(exclude=[SignUp.shift.id])
    ).where(SignUp.volunteer == volunteer["id"])
    if only is not None:
        query = query.where(SignUp.id.is_in(only))
    else:
        query = query.where(SignUp.shift.date >= clock.local_today(timezone))
    rows = await query.order_by(SignUp.shift.starts_at).order_by(SignUp.id)
    return [
        PlaceOut(
            sign_up_id=row["id"],
            status=row["status"],
            waiting_position=await waiting_position(row),
            promoted=row["promoted_at"] is not None and row["status"] == "confirmed",
            cancelled_by=row["cancelled_by"],
            shift=shift_brief(_shift_of(row), timezone),
        )
        for row in rows
    ]


async def my_places(token: str) -> MyPlacesOut:
    """What the private link shows: the volunteer's places from today on."""
    volunteer = await volunteer_for_token(token)
    canteen = await get_canteen(volunteer["canteen"])
    return MyPlacesOut(
        first_name=volunteer["first_name"],
        canteen_slug=canteen["slug"],
        canteen_name=canteen["name"],
        has_contact=bool(volunteer["phone"] or volunteer["email"]),
        link_expires_at=volunteer["link_expires_at"].isoformat(),
        places=await places_of(volunteer),
    )


async def calendar_places(token: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The volunteer and their confirmed places (with the shift), for the iCal feed."""
    volunteer = await volunteer_for_token(token)
    rows = (
        await SignUp.select(SignUp.id, SignUp.status, *SignUp.shift.all_columns())
        .where((SignUp.volunteer == volunteer["id"]) & (SignUp.status == "confirmed"))
        .order_by(SignUp.shift.starts_at)
    )
    return volunteer, rows
