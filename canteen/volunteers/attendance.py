"""Attendance, kindly: after a shift the coordinator confirms who came (everyone by default),
marks absences excused or not, and is told — only them — of two unexcused absences in a row.
They may then ask that this volunteer's next sign-ups wait for a yes (pending places).

Hours count only places whose attendance says "came" (rules.ATTENDANCE).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from canteen import clock
from canteen.db import write_transaction
from canteen.errors import NotFound
from canteen.network.services import get_canteen
from canteen.volunteers import rules
from canteen.volunteers.errors import NotPending
from canteen.volunteers.places import lock_shift, release_place
from canteen.volunteers.schemas import AbsenceAlert, AttendeeOut, DoneOut, PendingOut
from canteen.volunteers.shifts import own_shift, shift_brief, shift_out
from canteen.volunteers.tables import SignUp, Volunteer

AWAITING_DAYS = 14  # past shifts listed as "who came?" on the coordinator's page


async def attendees(canteen_id: int, shift_id: int) -> list[AttendeeOut]:
    """The places held on a shift, with what was recorded (for the "who came?" form)."""
    await own_shift(canteen_id, shift_id)
    rows = (
        await SignUp.select(
            SignUp.id, SignUp.attendance, SignUp.volunteer.first_name.as_alias("name")
        )
        .where((SignUp.shift == shift_id) & (SignUp.status == "confirmed"))
        .order_by(SignUp.created_at)
        .order_by(SignUp.id)
    )
    return [
        AttendeeOut(
            sign_up_id=row["id"], first_name=row["name"] or "—", attendance=row["attendance"]
        )
        for row in rows
    ]


async def record_attendance(
    canteen_id: int, shift_id: int, came: set[int], absences: dict[int, str]
) -> int:
    """Record who came on a started shift (again to correct it). Returns places recorded.

    came: the sign-ups ticked; every other place is absent, as absences says (excused when
    nothing was chosen)."""
    shift = await own_shift(canteen_id, shift_id)
    now = clock.now()
    rules.check_attendance_time(shift["starts_at"], now)
    async with write_transaction():
        await lock_shift(shift_id)
        held = await SignUp.select(SignUp.id).where(
            (SignUp.shift == shift_id) & (SignUp.status == "confirmed")
        )
        by_value: dict[str, list[int]] = defaultdict(list)
        for row in held:
            value = rules.attendance_of(row["id"] in came, absences.get(row["id"], ""))
            by_value[value].append(row["id"])
        for value, ids in by_value.items():
            await SignUp.update({SignUp.attendance: value, SignUp.attendance_at: now}).where(
                SignUp.id.is_in(ids)
            )
    return len(held)


async def awaiting_attendance(canteen_id: int) -> list[Any]:
    """Shifts of the last AWAITING_DAYS days, started, with places whose attendance nobody
    recorded yet: their hours do not count until someone does."""
    canteen = await get_canteen(canteen_id)
    today = clock.local_today(canteen["timezone"])
    rows = await SignUp.select(SignUp.shift).where(
        (SignUp.shift.canteen == canteen_id)
        & (SignUp.shift.date >= today - timedelta(days=AWAITING_DAYS))
        & (SignUp.shift.starts_at <= clock.now())
        & SignUp.shift.cancelled_at.is_null()
        & (SignUp.status == "confirmed")
        & (SignUp.attendance == "")
    )
    return [await shift_out(shift_id) for shift_id in sorted({row["shift"] for row in rows})]


async def absence_alerts(canteen_id: int) -> list[AbsenceAlert]:
    """Volunteers with UNEXCUSED_IN_A_ROW_TO_TELL unexcused absences in a row (or more)."""
    rows = (
        await SignUp.select(
            SignUp.volunteer,
            SignUp.attendance,
            SignUp.volunteer.first_name,
            SignUp.volunteer.needs_approval,
        )
        .where(
            (SignUp.shift.canteen == canteen_id)
            & SignUp.volunteer.is_not_null()
            & (SignUp.status == "confirmed")
            & (SignUp.attendance != "")
        )
        .order_by(SignUp.shift.starts_at, ascending=False)
    )
    history: dict[int, list[str]] = defaultdict(list)
    people: dict[int, dict[str, Any]] = {}
    for row in rows:
        history[row["volunteer"]].append(row["attendance"])
        people[row["volunteer"]] = row
    return [
        AbsenceAlert(
            volunteer_id=volunteer_id,
            first_name=people[volunteer_id]["volunteer.first_name"],
            in_a_row=rules.unexcused_in_a_row(past),
            needs_approval=people[volunteer_id]["volunteer.needs_approval"],
        )
        for volunteer_id, past in history.items()
        if rules.tell_coordinator(past)
    ]


async def set_needs_approval(canteen_id: int, volunteer_id: int, value: bool) -> None:
    """The coordinator asks (or stops asking) that this volunteer's sign-ups wait for a yes."""
    row = await Volunteer.select(Volunteer.canteen).where(Volunteer.id == volunteer_id).first()
    if row is None or row["canteen"] != canteen_id:
        raise NotFound()
    await Volunteer.update({Volunteer.needs_approval: value}).where(Volunteer.id == volunteer_id)


async def pending(canteen_id: int) -> list[PendingOut]:
    """Places waiting for the coordinator's yes, on shifts not yet over."""
    canteen = await get_canteen(canteen_id)
    rows = (
        await SignUp.select(SignUp.id, SignUp.volunteer.first_name, *SignUp.shift.all_columns())
        .where(
            (SignUp.shift.canteen == canteen_id)
            & (SignUp.status == "pending")
            & (SignUp.shift.ends_at > clock.now())
        )
        .order_by(SignUp.shift.starts_at)
    )
    out = []
    for row in rows:
        shift = {k.split(".", 1)[1]: v for k, v in row.items() if k.startswith("shift.")}
        out.append(
            PendingOut(
                sign_up_id=row["id"],
                first_name=row["volunteer.first_name"] or "—",
                shift=shift_brief(shift, canteen["timezone"]),
            )
        )
    return out


async def decide(canteen_id: int, sign_up_id: int, yes: bool) -> list[int]:
    """Yes: the pending place is confirmed. No: it is freed (the waiting list moves up).

    Returns the sign-ups moved up from the waiting list (to tell them)."""
    row = (
        await SignUp.select(SignUp.id, SignUp.shift, SignUp.status)
        .where(SignUp.id == sign_up_id)
        .first()
    )
    if row is None:
        raise NotFound()
    await own_shift(canteen_id, row["shift"])
    if row["status"] != "pending":
        raise NotPending()
    if not yes:
        return await release_place(row, "canteen")
    await SignUp.update({SignUp.status: "confirmed"}).where(
        (SignUp.id == sign_up_id) & (SignUp.status == "pending")
    )
    return []


async def done_by(volunteer_id: int) -> DoneOut:
    """The shifts and minutes a volunteer's attendance proves (came, shift not cancelled)."""
    rows = (
        await SignUp.select(SignUp.shift.date, SignUp.shift.minutes, SignUp.shift.kind)
        .where(
            (SignUp.volunteer == volunteer_id)
            & (SignUp.status == "confirmed")
            & (SignUp.attendance == "came")
            & SignUp.shift.cancelled_at.is_null()
        )
        .order_by(SignUp.shift.date)
    )
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[row["shift.kind"]] += 1
    return DoneOut(
        shifts=len(rows),
        minutes=sum(int(row["shift.minutes"]) for row in rows),
        first=rows[0]["shift.date"].isoformat() if rows else None,
        last=rows[-1]["shift.date"].isoformat() if rows else None,
        kinds=dict(kinds),
    )
