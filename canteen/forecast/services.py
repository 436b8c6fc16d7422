"""Covers expected for a canteen's coming services, kept beside what happened.

For each of the next services: a forecast from the canteen's own history (weekday shape,
recent level, the days the coordinator marked as holidays or special), an 80% interval, the
coordinator's override beside it; after the service its actual covers, for accuracy tracking.
With little history it says so and leans on the network's weekday shape, or on the covers
the coordinator typed when opening a day.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

from canteen import clock, i18n
from canteen.clock import local_today
from canteen.db import is_unique_violation, write_transaction
from canteen.errors import N_
from canteen.forecast import history, planning
from canteen.forecast.errors import ChangeNeeded, CoversOutOfRange, DayOutOfRange
from canteen.forecast.schemas import (
    AccuracyOut,
    AccuracyRow,
    CoversOutlook,
    MarkIn,
    MarkOut,
    ServiceForecast,
)
from canteen.forecast.tables import CoversForecast, MarkedDay
from canteen.meals.tables import CheckIn, MealService
from canteen.network.services import get_canteen

Numbers = planning.Numbers
SERVICES_AHEAD = planning.SERVICES_AHEAD
LOOK_AHEAD_DAYS = planning.LOOK_AHEAD_DAYS

MAX_COVERS = 10_000
MARK_PAST_DAYS = 2 * 366
MARK_FUTURE_DAYS = 366

LITTLE_HISTORY = N_(
    "Little history yet ({count} services counted): these numbers are rough and will improve "
    "with every service."
)
TYPED_ONLY = N_(
    "No history yet: the number shown is the one typed when the last meal was opened. "
    "It will be a real forecast after the first services."
)
NO_HISTORY = N_(
    "No history yet: type the covers you expect when you open the meal, or import past "
    "covers from a spreadsheet."
)
NO_SERVICE_DAYS = N_(
    "Tablée does not know your service days yet: they come from the days you open. "
    "Mark a coming day as special to plan it."
)
NOTICES = {
    "little_history": LITTLE_HISTORY,
    "typed": TYPED_ONLY,
    "none": NO_HISTORY,
    "no_service_days": NO_SERVICE_DAYS,
}


async def _today(canteen_id: int) -> tuple[dict[str, Any], date]:
    canteen = await get_canteen(canteen_id)
    return canteen, local_today(canteen["timezone"])


async def _stored(canteen_id: int, days: list[date]) -> dict[date, dict[str, Any]]:
    if not days:
        return {}
    rows = await CoversForecast.select().where(
        (CoversForecast.canteen == canteen_id) & CoversForecast.date.is_in(days)
    )
    return {history.as_date(row["date"]): row for row in rows}


async def _keep(
    canteen_id: int, days: list[date], numbers: list[Numbers], basis: str
) -> dict[date, dict[str, Any]]:
    """Write the coming forecasts where they changed (never an override or an actual)."""
    existing = await _stored(canteen_id, days)
    changed = []
    for day, (expected, low, high) in zip(days, numbers, strict=True):
        row = existing.get(day)
        if row is None or (
            row["actual"] is None
            and (row["expected"], row["low"], row["high"], row["basis"])
            != (expected, low, high, basis)
        ):
            changed.append((day, expected, low, high))
    if not changed:
        return existing

    async def write() -> None:
        for day, expected, low, high in changed:
            values = {
                CoversForecast.expected: expected,
                CoversForecast.low: low,
                CoversForecast.high: high,
                CoversForecast.basis: basis,
                CoversForecast.computed_at: clock.now(),
            }
            await _upsert(canteen_id, day, values)

    await _write(write)
    return await _stored(canteen_id, days)


async def _write(work: Callable[[], Awaitable[None]]) -> None:
    """Run `work` in one write transaction; a unique clash (two tablets at once) is retried."""
    for attempt in range(2):
        try:
            async with write_transaction():
                await work()
            return
        except Exception as exc:
            if attempt or not is_unique_violation(exc):
                raise


async def _upsert(canteen_id: int, day: date, values: dict[Any, Any]) -> None:
    """Inside a write transaction: update the day's forecast row, or create it."""
    where = (CoversForecast.canteen == canteen_id) & (CoversForecast.date == day)
    updated = await CoversForecast.update(values).where(where).returning(CoversForecast.id)
    if not updated:
        row = CoversForecast(canteen=canteen_id, date=day, computed_at=clock.now(), basis="none")
        for column, value in values.items():
            setattr(row, column._meta.name, value)
        await CoversForecast.insert(row)


async def covers_outlook(canteen_id: int) -> CoversOutlook:
    """The next services with their covers expected; stores them for accuracy tracking."""
    canteen, today = await _today(canteen_id)
    await record_actuals(canteen_id, today)
    marks = await history.marked_days(
        canteen_id, today - timedelta(days=MARK_PAST_DAYS), today + timedelta(days=LOOK_AHEAD_DAYS)
    )
    days, usual = await planning.coming_service_days(canteen_id, today, marks)
    planned = await planning.forecasts(canteen, today, days, usual, marks)
    basis, count = planned.basis, planned.count
    stored = await _keep(canteen_id, days, planned.numbers, basis)
    services = []
    for day, (expected, low, high), effect in zip(
        days, planned.numbers, planned.effects, strict=True
    ):
        override = stored[day]["override"] if day in stored else None
        mark = marks.get(day)
        services.append(
            ServiceForecast(
                date=day.isoformat(),
                weekday=day.weekday(),
                expected=expected,
                low=low,
                high=high,
                override=override,
                covers_expected=override if override is not None else expected,
                mark=mark["kind"] if mark else None,
                note=mark["note"] if mark else "",
                change=mark.get("covers_change") if mark else None,
                mark_effect=effect,
            )
        )
    notice = "no_service_days" if not days else (None if basis == "history" else basis)
    last = days[-1] if days else today
    return CoversOutlook(
        canteen_id=canteen_id,
        today=today.isoformat(),
        basis=basis,
        history_services=count,
        little_history=basis != "history",
        notice=notice,
        message=i18n.gettext(NOTICES[notice], count=count) if notice else None,
        usual_weekdays=usual,
        services=services,
        marked_days=[
            MarkOut(
                date=day.isoformat(),
                kind=mark["kind"],
                note=mark["note"],
                change=mark.get("covers_change"),
            )
            for day, mark in sorted(marks.items())
            if today <= day <= max(last, today + timedelta(days=28))
        ],
    )


async def todays_forecast(canteen_id: int) -> ServiceForecast | None:
    """Today's forecast, if today is a service day that is not closed yet."""
    outlook = await covers_outlook(canteen_id)
    if outlook.services and outlook.services[0].date == outlook.today:
        return outlook.services[0]
    return None


def _check_covers(covers: int | None) -> None:
    if covers is not None and not 0 <= covers <= MAX_COVERS:
        raise CoversOutOfRange(max=MAX_COVERS)


async def set_override(canteen_id: int, day: date, covers: int | None) -> CoversOutlook:
    """The coordinator's own number for a coming service (None clears it)."""
    _canteen, today = await _today(canteen_id)
    last = today + timedelta(days=LOOK_AHEAD_DAYS)
    if not today <= day <= last:
        raise DayOutOfRange(first=today.isoformat(), last=last.isoformat())
    _check_covers(covers)

    async def write() -> None:
        await _upsert(canteen_id, day, {CoversForecast.override: covers})

    await _write(write)
    return await covers_outlook(canteen_id)


async def mark_day(canteen_id: int, day: date, data: MarkIn) -> CoversOutlook:
    """Mark a day closed, a holiday, special, a strike, or an expected change of covers (with
    its number: -30 for a school trip); kind None removes the mark."""
    _canteen, today = await _today(canteen_id)
    first = today - timedelta(days=MARK_PAST_DAYS)
    last = today + timedelta(days=MARK_FUTURE_DAYS)
    if not first <= day <= last:
        raise DayOutOfRange(first=first.isoformat(), last=last.isoformat())
    change = data.change if data.kind == "change" else None
    if data.kind == "change" and (change is None or change == 0 or abs(change) > MAX_COVERS):
        raise ChangeNeeded(max=MAX_COVERS)
    where = (MarkedDay.canteen == canteen_id) & (MarkedDay.date == day)

    async def write() -> None:
        if data.kind is None:
            await MarkedDay.delete().where(where)
            return
        values: dict[Any, Any] = {
            MarkedDay.kind: data.kind,
            MarkedDay.note: data.note.strip(),
            MarkedDay.covers_change: change,
            MarkedDay.updated_at: clock.now(),
        }
        if not await MarkedDay.update(values).where(where).returning(MarkedDay.id):
            await MarkedDay.insert(
                MarkedDay(
                    canteen=canteen_id,
                    date=day,
                    kind=data.kind,
                    note=data.note.strip(),
                    covers_change=change,
                    updated_at=clock.now(),
                )
            )

    await _write(write)
    return await covers_outlook(canteen_id)


async def _covers_of(service_ids: list[int]) -> dict[int, int]:
    if not service_ids:
        return {}
    rows = await CheckIn.select(CheckIn.service, CheckIn.party_size).where(
        CheckIn.service.is_in(service_ids)
    )
    totals: dict[int, int] = {}
    for row in rows:
        totals[row["service"]] = totals.get(row["service"], 0) + int(row["party_size"])
    return totals


async def record_actuals(canteen_id: int, today: date | None = None) -> int:
    """Add the actual covers to the forecasts of services closed since; returns how many."""
    if today is None:
        _canteen, today = await _today(canteen_id)
    waiting = await CoversForecast.select(CoversForecast.date).where(
        (CoversForecast.canteen == canteen_id)
        & CoversForecast.actual.is_null()
        & (CoversForecast.date <= today)
    )
    if not waiting:
        return 0
    services = await MealService.select(MealService.id, MealService.date).where(
        (MealService.canteen == canteen_id)
        & (MealService.status == "closed")
        & MealService.date.is_in([history.as_date(row["date"]) for row in waiting])
    )
    totals = await _covers_of([row["id"] for row in services])
    done = 0
    async with write_transaction():
        for service in services:
            await CoversForecast.update(
                {CoversForecast.actual: totals.get(service["id"], 0)}
            ).where(
                (CoversForecast.canteen == canteen_id)
                & (CoversForecast.date == service["date"])
                & CoversForecast.actual.is_null()
            )
            done += 1
    return done


async def keep_actual(canteen_id: int, service_id: int) -> None:
    """After a service closes: keep its forecast (made from the days before it) and actual."""
    service = await MealService.select().where(MealService.id == service_id).first()
    if service is None or service["status"] != "closed":
        return
    day = history.as_date(service["date"])
    if day not in await _stored(canteen_id, [day]):
        # Never shown before it happened: forecast it now from the days before it only.
        canteen = await get_canteen(canteen_id)
        marks = await history.marked_days(canteen_id, day - timedelta(days=MARK_PAST_DAYS), day)
        served = await history.service_dates(
            canteen_id, day - timedelta(weeks=12), day - timedelta(days=1)
        )
        usual = history.usual_weekdays(served, day - timedelta(days=1))
        planned = await planning.forecasts(canteen, day, [day], usual, marks)
        expected, low, high = planned.numbers[0]
        values = {
            CoversForecast.expected: expected,
            CoversForecast.low: low,
            CoversForecast.high: high,
            CoversForecast.basis: planned.basis,
        }

        async def write() -> None:
            await _upsert(canteen_id, day, values)

        await _write(write)
    await record_actuals(canteen_id, day)


async def accuracy(canteen_id: int, last: int = 28) -> AccuracyOut:
    """The last services' forecast, override and actual, with the forecast's accuracy."""
    rows = (
        await CoversForecast.select()
        .where((CoversForecast.canteen == canteen_id) & CoversForecast.actual.is_not_null())
        .order_by(CoversForecast.date, ascending=False)
        .limit(last)
    )
    scored = [row for row in rows if row["expected"] is not None]
    actual = sum(row["actual"] for row in scored)
    used = [
        (row["override"] if row["override"] is not None else row["expected"], row["actual"])
        for row in scored
    ]
    return AccuracyOut(
        rows=[
            AccuracyRow(
                date=history.as_date(row["date"]).isoformat(),
                expected=row["expected"],
                low=row["low"],
                high=row["high"],
                override=row["override"],
                actual=row["actual"],
            )
            for row in rows
        ],
        services=len(scored),
        wape=sum(abs(r["expected"] - r["actual"]) for r in scored) / actual if actual else None,
        wape_used=sum(abs(u - a) for u, a in used) / actual if actual else None,
        inside_interval=(
            sum(1 for r in scored if r["low"] is not None and r["low"] <= r["actual"] <= r["high"])
            / len(scored)
            if scored
            else None
        ),
    )
