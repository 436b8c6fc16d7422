"""What a canteen's past says: covers per service day, typed expectations, marked days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from canteen.forecast.tables import ImportedCovers, MarkedDay
from canteen.meals.tables import CheckIn, MealService


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


async def tablet_covers(canteen_id: int, before: date | None = None) -> dict[date, int]:
    """Covers the tablet counted per day (check-ins), of services closed before a day."""
    sql = (
        "SELECT meal_service.date AS day, SUM(check_in.party_size) AS covers "
        "FROM check_in JOIN meal_service ON meal_service.id = check_in.service "
        "WHERE meal_service.canteen = {} "
    )
    if before is None:
        rows = await CheckIn.raw(sql + "GROUP BY meal_service.date", canteen_id)
    else:
        sql += "AND meal_service.status = 'closed' AND meal_service.date < {} "
        rows = await CheckIn.raw(sql + "GROUP BY meal_service.date", canteen_id, before)
    return {as_date(row["day"]): int(row["covers"]) for row in rows if row["covers"]}


async def imported_covers(canteen_id: int, before: date | None = None) -> dict[date, int]:
    query = ImportedCovers.select(ImportedCovers.date, ImportedCovers.covers).where(
        ImportedCovers.canteen == canteen_id
    )
    if before is not None:
        query = query.where(ImportedCovers.date < before)
    rows = await query
    return {as_date(row["date"]): int(row["covers"]) for row in rows}


async def covers_by_day(canteen_id: int, before: date) -> dict[date, float]:
    """Covers of each past service: check-ins of closed services, else imported covers.

    A closed service with no check-in at all is left out: the tablet was not used that day,
    which says nothing about the diners.
    """
    found: dict[date, float] = dict(await imported_covers(canteen_id, before))
    found.update(await tablet_covers(canteen_id, before))
    return found


async def network_covers(network_id: int | None, before: date, days: int = 365) -> list[Any]:
    """(canteen, date, covers) of every canteen of the network over the last year."""
    since = before - timedelta(days=days)
    where = "canteen.network = {}" if network_id is not None else "canteen.network IS NULL"
    params: list[Any] = [network_id] if network_id is not None else []
    rows = await CheckIn.raw(
        "SELECT meal_service.canteen AS canteen, meal_service.date AS day, "
        "SUM(check_in.party_size) AS covers "
        "FROM check_in JOIN meal_service ON meal_service.id = check_in.service "
        "JOIN canteen ON canteen.id = meal_service.canteen "
        f"WHERE {where} AND meal_service.status = 'closed' "
        "AND meal_service.date >= {} AND meal_service.date < {} "
        "GROUP BY meal_service.canteen, meal_service.date",
        *params,
        since,
        before,
    )
    return [(str(row["canteen"]), as_date(row["day"]), float(row["covers"])) for row in rows]


async def typed_covers(canteen_id: int) -> int | None:
    """The covers expected the coordinator typed when last opening a day, if any."""
    row = (
        await MealService.select(MealService.covers_expected)
        .where((MealService.canteen == canteen_id) & MealService.covers_expected.is_not_null())
        .order_by(MealService.date, ascending=False)
        .first()
    )
    return None if row is None else int(row["covers_expected"])


async def service_dates(canteen_id: int, since: date, until: date) -> set[date]:
    """Days with a meal service (open or closed) or imported covers, in [since, until]."""
    services = await MealService.select(MealService.date).where(
        (MealService.canteen == canteen_id)
        & (MealService.date >= since)
        & (MealService.date <= until)
    )
    imported = await ImportedCovers.select(ImportedCovers.date).where(
        (ImportedCovers.canteen == canteen_id)
        & (ImportedCovers.date >= since)
        & (ImportedCovers.date <= until)
    )
    return {as_date(row["date"]) for row in [*services, *imported]}


async def marked_days(canteen_id: int, since: date, until: date) -> dict[date, dict[str, Any]]:
    rows = await MarkedDay.select().where(
        (MarkedDay.canteen == canteen_id) & (MarkedDay.date >= since) & (MarkedDay.date <= until)
    )
    return {as_date(row["date"]): row for row in rows}


def usual_weekdays(days: set[date], today: date, weeks: int = 12) -> list[int]:
    """Weekdays (Monday = 0) the canteen served on in at least a third of the recent weeks."""
    recent = [day for day in days if today - timedelta(weeks=weeks) <= day <= today]
    if not recent:
        return []
    span = min(weeks, max(1, ((today - min(recent)).days + 6) // 7))
    counts = [0] * 7
    for day in recent:
        counts[day.weekday()] += 1
    return [d for d in range(7) if counts[d] >= max(1, span / 3)]
