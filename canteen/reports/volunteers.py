"""The reports' "volunteers and their hours", counted in SQL from the volunteers' shifts.

Reports sit above volunteers: they read the shifts directly. A dashboard shows the section only
when the scope had shifts in the period (a canteen that does not plan its volunteers in Tablée gets
no empty section). Tests may stand in figures of their own with register_volunteer_source.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date

from canteen import clock
from canteen.db import engine, is_sqlite
from canteen.reports.periods import as_date, month_sql
from canteen.reports.rollup import canteen_filter
from canteen.reports.rules import Period
from canteen.reports.schemas import VolunteerFigures, VolunteerMonth
from canteen.volunteers.tables import Shift, SignUp

VolunteerSource = Callable[[date, date, list[int] | None], Awaitable[VolunteerFigures | None]]

_stand_in: VolunteerSource | None = None


def register_volunteer_source(source: VolunteerSource | None) -> None:
    """Stand in another source (tests); None goes back to the shifts' own figures."""
    global _stand_in
    _stand_in = source


def volunteer_source() -> VolunteerSource:
    return _stand_in or volunteer_figures


async def for_period(period: Period, canteen_ids: Sequence[int] | None) -> VolunteerFigures | None:
    """The section's figures for a dashboard's period and scope (None: no section)."""
    ids = None if canteen_ids is None else list(canteen_ids)
    return await volunteer_source()(period.start, period.end, ids)


async def volunteer_figures(
    start: date, end: date, canteen_ids: list[int] | None
) -> VolunteerFigures | None:
    """The reports' "volunteers and their hours": people and minutes on shifts already over.

    Counted in SQL from places confirmed "came" on shifts (not cancelled) of local dates
    start..end, per canteen and month; erased volunteers' places count in the minutes only. None
    when the scope had no shifts at all in the period: a canteen that does not plan its
    volunteers in Tablée gets no empty section.
    """
    sqlite = is_sqlite(engine())
    now = clock.now()
    scope = canteen_filter("shift.canteen", canteen_ids)
    where = (
        "FROM sign_up JOIN shift ON shift.id = sign_up.shift "
        "WHERE shift.date >= {} AND shift.date <= {} AND shift.ends_at <= {} "
        "AND shift.cancelled_at IS NULL AND sign_up.status = 'confirmed' "
        "AND sign_up.attendance = 'came'" + scope
    )
    shifts = await Shift.raw(
        "SELECT COUNT(*) AS n FROM shift WHERE shift.date >= {} AND shift.date <= {}" + scope,
        start,
        end,
    )
    if not shifts or not int(shifts[0]["n"]):
        return None
    people = "COUNT(DISTINCT sign_up.volunteer) AS volunteers, "
    minutes = "COALESCE(SUM(shift.minutes), 0) AS minutes "
    month = month_sql("shift.date", sqlite)
    by_month = await SignUp.raw(
        f"SELECT {month} AS month, " + people + minutes + where + f" GROUP BY {month}",
        start,
        end,
        now,
    )
    by_canteen = await SignUp.raw(
        "SELECT shift.canteen AS canteen, " + people + minutes + where + " GROUP BY shift.canteen",
        start,
        end,
        now,
    )
    canteens = {
        int(row["canteen"]): (int(row["volunteers"]), int(row["minutes"])) for row in by_canteen
    }
    months = [
        VolunteerMonth(
            month=as_date(r["month"]), volunteers=int(r["volunteers"]), minutes=int(r["minutes"])
        )
        for r in by_month
    ]
    # A volunteer belongs to one canteen: the network's people and minutes are the canteens' sums.
    return VolunteerFigures(
        volunteers=sum(people for people, _minutes in canteens.values()),
        minutes=sum(minutes for _people, minutes in canteens.values()),
        months=sorted(months, key=lambda m: m.month),
        canteens=canteens,
    )
