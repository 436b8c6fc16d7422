"""Which coming days are service days, and what the model says for them.

The one place that decides a canteen's service days (its usual weekdays, or for a new canteen
its weekly shift pattern, and the days marked); and the glue between the canteen's history and
the numpy model: the network's weekday shape while a canteen is new, the effect of marked days.
"""

from __future__ import annotations

import math
import warnings
from datetime import date, timedelta
from typing import Any

import numpy as np

from canteen.forecast import history, model, predicting
from canteen.meals.tables import MealService
from canteen.volunteers.tables import ShiftPattern

SERVICES_AHEAD = 14
LOOK_AHEAD_DAYS = 120  # a canteen open once a week still gets its 14 services… almost
HISTORY_DAYS = 3 * 366  # enough for two past years and a year of errors
MIN_SERVICES = 12  # below this the forecast says it is rough
NETWORK_SHAPE_BELOW = 40  # services under which the network's weekday shape helps
UNKNOWN_KIND_SPREAD = 0.25  # extra log spread on a marked day with no past like it
Numbers = tuple[int | None, int | None, int | None]  # expected, low, high


async def planned_weekdays(canteen_id: int) -> list[int]:
    """Weekdays (Monday = 0) of the canteen's active cooking or service shift patterns."""
    rows = await ShiftPattern.select(ShiftPattern.weekday).where(
        (ShiftPattern.canteen == canteen_id)
        & (ShiftPattern.active == True)  # noqa: E712 - Piccolo builds SQL from ==
        & ShiftPattern.kind.is_in(["cooking", "service"])
    )
    return sorted({int(row["weekday"]) for row in rows})


async def todays_service_status(canteen_id: int, today: date) -> dict[str, Any] | None:
    return (
        await MealService.select(MealService.status)
        .where((MealService.canteen == canteen_id) & (MealService.date == today))
        .first()
    )


async def coming_service_days(
    canteen_id: int, today: date, marks: dict[date, dict[str, Any]], count: int = SERVICES_AHEAD
) -> tuple[list[date], list[int]]:
    """The next service days: the canteen's usual weekdays, minus the days marked closed,
    plus the days marked special or holiday on other weekdays. Today counts until closed.

    The usual weekdays come from the last weeks' services; a canteen too new to have any
    takes them from its weekly volunteer pattern (the days it plans cooking or service).
    """
    served = await history.service_dates(canteen_id, today - timedelta(weeks=12), today)
    usual = history.usual_weekdays(served, today) or await planned_weekdays(canteen_id)
    service_today = await todays_service_status(canteen_id, today)
    days: list[date] = []
    for offset in range(LOOK_AHEAD_DAYS):
        day = today + timedelta(days=offset)
        kind = marks[day]["kind"] if day in marks else None
        if day == today and service_today is not None:
            if service_today["status"] == "open":
                days.append(day)
            continue
        if kind == "closed":
            continue
        if day.weekday() in usual or kind in ("holiday", "special"):
            days.append(day)
        if len(days) >= count:
            break
    return days[:count], usual


async def network_shape(canteen: dict[str, Any], today: date, usual: list[int]) -> np.ndarray:
    """The median weekday shape of the network's other canteens, centred on this one's days."""
    others = await history.network_covers(canteen["network"], today)
    rows = [row for row in others if row[0] != str(canteen["id"])]
    shape = np.zeros(7)
    if rows:
        profiles = predicting.final_profiles(model.Panel.from_rows(rows))
        with warnings.catch_warnings():  # a weekday no canteen serves is all NaN: fine
            warnings.simplefilter("ignore", RuntimeWarning)
            found = np.nanmedian(profiles, axis=0) if profiles.size else shape
        shape = np.where(np.isnan(found), 0.0, found)
    if usual:
        shape = shape - shape[usual].mean()
    return shape


def kind_effect(errors: list[float]) -> tuple[float, float]:
    """Log factor and extra spread for a kind of marked day, from past days of that kind."""
    if not errors:
        return 0.0, UNKNOWN_KIND_SPREAD
    mean = float(np.mean(errors)) * len(errors) / (len(errors) + 2)  # shrunk towards no effect
    spread = float(np.std(errors)) * 1.2816 if len(errors) >= 3 else UNKNOWN_KIND_SPREAD
    return mean, min(spread, 0.8)


async def forecasts(
    canteen: dict[str, Any],
    today: date,
    days: list[date],
    usual: list[int],
    marks: dict[date, dict[str, Any]],
) -> tuple[list[Numbers], str, int]:
    """(expected, low, high) per day, the basis, and how many services the history holds."""
    past = {
        day: covers
        for day, covers in (await history.covers_by_day(canteen["id"], today)).items()
        if marks.get(day, {}).get("kind") != "closed" and (today - day).days <= HISTORY_DAYS
    }
    count = len(past)
    if not days:
        return [], "history" if count >= MIN_SERVICES else "little_history", count
    found: list[predicting.SiteForecast] = []
    skipped_errors: dict[date, float] = {}
    if past:
        skip = frozenset(day for day in past if day in marks)
        prior = await network_shape(canteen, today, usual) if count < NETWORK_SHAPE_BELOW else None
        found, skipped_errors = predicting.forecast_site(past, days, prior_profile=prior, skip=skip)
    if not found:
        typed = await history.typed_covers(canteen["id"])
        if typed is None:
            return [(None, None, None) for _ in days], "none", count
        low, high = (max(0, round(typed * math.exp(s))) for s in model.PRIOR_SPREAD)
        return [(typed, low, high) for _ in days], "typed", count
    effects = {
        kind: kind_effect([e for d, e in skipped_errors.items() if marks[d]["kind"] == kind])
        for kind in ("holiday", "special")
    }
    numbers: list[Numbers] = []
    for day, forecast in zip(days, found, strict=True):
        kind = marks.get(day, {}).get("kind")
        factor, extra = effects.get(kind or "", (0.0, 0.0))
        numbers.append(forecast.covers(factor, extra))
    return numbers, ("little_history" if count < MIN_SERVICES else "history"), count
