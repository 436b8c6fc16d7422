"""Which coming days are service days, and what the model says for them.

The one place that decides a canteen's service days (its usual weekdays, or for a new canteen
its weekly shift pattern, and the days marked); and the glue between the canteen's history and
the blend that `canteen forecast predict` runs (one forecasting path): the canteen's covers and
marked days in, the network's weekday shape as a prior while the canteen is new.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from canteen.forecast import history, model, predicting
from canteen.forecast.marks import KINDS, Mark
from canteen.meals.tables import MealService
from canteen.volunteers.tables import ShiftPattern

SERVICES_AHEAD = 14
LOOK_AHEAD_DAYS = 120  # a canteen open once a week still gets its 14 services… almost
HISTORY_DAYS = 3 * 366  # enough for two past years and a year of errors
MIN_SERVICES = 12  # below this the forecast says it is rough
NETWORK_SHAPE_BELOW = 40  # services under which the network's weekday shape helps
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
    plus the days marked special or holiday on other weekdays (a strike or an expected change
    moves a usual day's number, it adds no day). Today counts until closed.

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


def as_marks(site: str, marks: dict[date, dict[str, Any]]) -> dict[tuple[str, date], Mark]:
    """The coordinator's marked days as the model's marks (a change carries its covers)."""
    found: dict[tuple[str, date], Mark] = {}
    for day, row in marks.items():
        if row["kind"] not in KINDS:
            continue
        change = float(row.get("covers_change") or 0) if row["kind"] == "change" else 0.0
        found[(site, day)] = Mark(row["kind"], change)
    return found


@dataclass
class Planned:
    """The forecasts of the coming days: numbers, what each day's mark did, and the basis."""

    numbers: list[Numbers]
    effects: list[int | None]  # covers the day's mark added (negative: removed); None: no mark
    basis: str
    count: int  # services in the history


async def forecasts(
    canteen: dict[str, Any],
    today: date,
    days: list[date],
    usual: list[int],
    marks: dict[date, dict[str, Any]],
) -> Planned:
    """The same blend as `canteen forecast predict` (predicting.py), on the canteen's history
    and marked days; with little history the network's weekday shape is its prior."""
    past = {
        day: covers
        for day, covers in (await history.covers_by_day(canteen["id"], today)).items()
        if marks.get(day, {}).get("kind") != "closed" and (today - day).days <= HISTORY_DAYS
    }
    count = len(past)
    basis = "little_history" if count < MIN_SERVICES else "history"
    if not days:
        return Planned([], [], basis, count)
    site = str(canteen["id"])
    found: list[predicting.Prediction | None] = [None] * len(days)
    if past:
        panel = model.Panel.from_rows([(site, day, covers) for day, covers in past.items()])
        prior = await network_shape(canteen, today, usual) if count < NETWORK_SHAPE_BELOW else None
        found = predicting.predict(
            panel, [(site, day) for day in days], prior_profile=prior, marks=as_marks(site, marks)
        )
    if all(item is None for item in found):
        typed = await history.typed_covers(canteen["id"])
        if typed is None:
            return Planned([(None, None, None) for _ in days], [None] * len(days), "none", count)
        low, high = (max(0, round(typed * math.exp(s))) for s in model.PRIOR_SPREAD)
        return Planned([(typed, low, high) for _ in days], [None] * len(days), "typed", count)
    numbers: list[Numbers] = []
    effects: list[int | None] = []
    for item in found:
        numbers.append((None, None, None) if item is None else (item.expected, item.low, item.high))
        effects.append(item.mark_effect if item is not None and item.mark else None)
    return Planned(numbers, effects, basis, count)
