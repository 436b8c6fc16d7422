"""What the coordinator sees: today's cooks, coming shifts short of hands, hours per month."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from canteen.clock import local_today
from canteen.network.services import get_canteen
from canteen.volunteers import rules
from canteen.volunteers.schemas import CooksOut, MonthHours, ShiftOut, VolunteerRow
from canteen.volunteers.shifts import coming_shifts, shifts_on
from canteen.volunteers.tables import SignUp, Volunteer


async def todays_cooks(canteen_id: int) -> list[CooksOut]:
    """Today's shifts with the first names of who is coming, and who is waiting."""
    canteen = await get_canteen(canteen_id)
    today = local_today(canteen["timezone"])
    shifts = [s for s in await shifts_on(canteen_id, today) if not s.cancelled]
    if not shifts:
        return []
    rows = (
        await SignUp.select(
            SignUp.shift, SignUp.status, SignUp.arrived_full, SignUp.volunteer.first_name
        )
        .where(SignUp.shift.is_in([s.id for s in shifts]) & (SignUp.status != "cancelled"))
        .order_by(SignUp.created_at)
        .order_by(SignUp.id)
    )
    names: dict[tuple[int, str], list[str]] = defaultdict(list)
    for row in rows:
        name = row["volunteer.first_name"] or "—"
        names[(row["shift"], row["status"])].append(name)
        if row["status"] == "waiting" and row["arrived_full"]:
            names[(row["shift"], "arrived_full")].append(name)
    return [
        CooksOut(
            shift=shift,
            names=names[(shift.id, "confirmed")],
            waiting=names[(shift.id, "waiting")],
            arrived_full=names[(shift.id, "arrived_full")],
        )
        for shift in shifts
    ]


async def short_of_hands(canteen_id: int, days: int = 14) -> list[ShiftOut]:
    """Coming shifts (not yet over) with places nobody has taken."""
    return [s for s in await coming_shifts(canteen_id, days) if s.taken < s.places]


async def hours_by_month(canteen_id: int, months: int = 12) -> list[MonthHours]:
    """Volunteer hours per month, from places whose attendance the coordinator confirmed
    ("came") on shifts of days already over. Counts survive erasure: an erased volunteer's
    past places stay, without a name.
    """
    canteen = await get_canteen(canteen_id)
    today = local_today(canteen["timezone"])
    year, month = today.year, today.month - (months - 1)
    while month <= 0:
        year, month = year - 1, month + 12
    first = date(year, month, 1)
    rows = await SignUp.raw(
        "SELECT shift.date AS day, COUNT(*) AS places, SUM(shift.minutes) AS minutes "
        "FROM sign_up JOIN shift ON shift.id = sign_up.shift "
        "WHERE shift.canteen = {} AND shift.date >= {} AND shift.date < {} "
        "AND shift.cancelled_at IS NULL AND sign_up.status = 'confirmed' "
        "AND sign_up.attendance = 'came' GROUP BY shift.date",
        canteen_id,
        first,
        today,
    )
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(str(row["day"]))
        total = totals[f"{day:%Y-%m}"]
        total[0] += int(row["places"])
        total[1] += int(row["minutes"] or 0)
    return [
        MonthHours(month=month, places=places, minutes=minutes)
        for month, (places, minutes) in sorted(totals.items(), reverse=True)
    ]


async def list_volunteers(canteen_id: int) -> list[VolunteerRow]:
    """The canteen's volunteers (people who have not been erased), newest first."""
    canteen = await get_canteen(canteen_id)
    today = local_today(canteen["timezone"])
    people = (
        await Volunteer.select()
        .where(Volunteer.canteen == canteen_id)
        .order_by(Volunteer.first_name)
        .order_by(Volunteer.id)
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows: list[dict[str, Any]] = await SignUp.select(
        SignUp.volunteer, SignUp.shift.date, SignUp.attendance
    ).where(
        (SignUp.shift.canteen == canteen_id)
        & SignUp.status.is_in(list(rules.HOLDING))
        & SignUp.shift.cancelled_at.is_null()
        & SignUp.volunteer.is_not_null()
    )
    for row in rows:
        if row["shift.date"] >= today:
            counts[row["volunteer"]][0] += 1
        elif row["attendance"] == "came":
            counts[row["volunteer"]][1] += 1
    return [
        VolunteerRow(
            id=person["id"],
            first_name=person["first_name"],
            phone=person["phone"],
            email=person["email"],
            contact_consent=person["contact_consent"],
            coming=counts[person["id"]][0],
            done=counts[person["id"]][1],
            needs_approval=person["needs_approval"],
        )
        for person in people
    ]
