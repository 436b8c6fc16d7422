"""Cooking to "enough": what each confidence means for a day, the portions chosen, and at close
the portions cooked, served and left (so the network can report food saved)."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from canteen.forecast import services
from canteen.forecast.errors import CoversOutOfRange, DayOutOfRange
from canteen.forecast.tables import CoversForecast
from canteen.recipes import rules


class EnoughOption(msgspec.Struct, kw_only=True):
    confidence: int  # percent sure not to run short
    portions: int
    short_risk: float  # 0–1
    leftovers: float  # portions expected to be left
    leftovers_minor: int  # their cost
    default: bool  # the upper end of the 80% range


class EnoughOffer(msgspec.Struct, kw_only=True):
    date: str
    expected: int
    low: int
    high: int
    override: int | None
    options: list[EnoughOption]
    cooked: int | None  # the portions chosen, once chosen
    cooked_confidence: int | None


class CookingSummary(msgspec.Struct, kw_only=True):
    date: str
    cooked: int | None  # portions the cook chose to make (None: never chosen)
    served: int | None  # covers counted at close (None: not closed yet)
    left: int | None  # cooked − served, never below 0
    expected: int | None  # the forecast shown before the service


async def _row(canteen_id: int, day: date) -> dict | None:  # type: ignore[type-arg]
    return (
        await CoversForecast.select()
        .where((CoversForecast.canteen == canteen_id) & (CoversForecast.date == day))
        .first()
    )


async def enough_offer(canteen_id: int, day: date, portion_minor: int) -> EnoughOffer | None:
    """The portions enough with each confidence, for a coming service with a forecast range."""
    await services.covers_outlook(canteen_id)  # the day's forecast, kept up to date
    row = await _row(canteen_id, day)
    if row is None or row["expected"] is None or row["low"] is None or row["high"] is None:
        return None
    expected, low, high = int(row["expected"]), int(row["low"]), int(row["high"])
    options = [
        EnoughOption(
            confidence=found.confidence,
            portions=found.portions,
            short_risk=found.short_risk,
            leftovers=found.leftovers,
            leftovers_minor=found.leftovers_minor,
            default=found.confidence == rules.DEFAULT_CONFIDENCE,
        )
        for found in rules.enough_options(expected, low, high, max(portion_minor, 0))
    ]
    return EnoughOffer(
        date=day.isoformat(),
        expected=expected,
        low=low,
        high=high,
        override=row["override"],
        options=options,
        cooked=row["cooked"],
        cooked_confidence=row["cooked_confidence"],
    )


async def choose_cooked(
    canteen_id: int, day: date, portions: int, confidence: int | None
) -> CookingSummary:
    """Record the portions the cook chose to make for a coming (or today's) service."""
    _canteen, today = await services._today(canteen_id)
    last = today + timedelta(days=services.LOOK_AHEAD_DAYS)
    if not today <= day <= last:
        raise DayOutOfRange(first=today.isoformat(), last=last.isoformat())
    _check(portions)
    if confidence not in rules.CONFIDENCES:
        confidence = None  # a number of one's own: no confidence attached

    async def write() -> None:
        values = {CoversForecast.cooked: portions, CoversForecast.cooked_confidence: confidence}
        await services._upsert(canteen_id, day, values)

    await services._write(write)
    return await cooking_summary(canteen_id, day)


def _check(portions: int) -> None:
    if not 1 <= portions <= services.MAX_COVERS:
        raise CoversOutOfRange(max=services.MAX_COVERS)


async def cooking_summary(canteen_id: int, day: date) -> CookingSummary:
    """For the close-out summary: portions cooked, covers served, portions left."""
    await services.record_actuals(canteen_id, day)
    row = await _row(canteen_id, day)
    cooked = None if row is None else row["cooked"]
    served = None if row is None else row["actual"]
    return CookingSummary(
        date=day.isoformat(),
        cooked=cooked,
        served=served,
        left=rules.left_over(cooked, served),
        expected=None if row is None else row["expected"],
    )
