"""Generated "stress" histories that look like real canteens' spreadsheets, for the bench and tests.

Unlike the bench's smooth synthetic world, these are built from what real histories show and
what a plain same-weekday median handles well: little day-to-day noise, a level that drifts
within a school term, a weekday pattern that changes at the start of each school year, canteens
closed during school holidays, strikes and one-off events (some canteens mark them, others do
not), closures written as a 0, and outliers. The model knows none of these calendars.

Each row is (site, date, covers, mark): mark is "" (nothing written), "closed", "holiday",
"special", "strike" or a signed change such as "-30" (a school trip: about 30 fewer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

Row = tuple[str, date, int, str]


def school_holidays(year: int) -> list[tuple[date, date]]:
    """A French-like school calendar (fixed dates are enough here)."""
    return [
        (date(year, 1, 1), date(year, 1, 4)),
        (date(year, 2, 14), date(year, 3, 1)),
        (date(year, 4, 12), date(year, 4, 27)),
        (date(year, 7, 5), date(year, 9, 1)),
        (date(year, 10, 19), date(year, 11, 3)),
        (date(year, 12, 20), date(year, 12, 31)),
    ]


@dataclass
class Site:
    """One canteen's habits, drawn once."""

    served: list[int]
    base: float
    noise: float
    closes_in_holidays: bool
    holiday_effect: float
    marks: float  # how often the canteen marks an event it knew of
    zero_rows: bool  # writes a closure as a 0 instead of leaving the day out


def _site(rng: np.random.Generator) -> Site:
    n_served = int(rng.choice([2, 3, 4, 5], p=[0.2, 0.3, 0.25, 0.25]))
    return Site(
        served=sorted(rng.choice(5, size=n_served, replace=False).tolist()),
        base=float(np.clip(rng.lognormal(math.log(45), 0.5), 12, 220)),
        noise=float(rng.uniform(0.04, 0.10)),
        closes_in_holidays=bool(rng.random() < 0.4),
        holiday_effect=float(math.exp(rng.normal(math.log(0.8), 0.15))),
        marks=float(rng.choice([0.0, 0.6, 0.95], p=[0.3, 0.3, 0.4])),
        zero_rows=bool(rng.random() < 0.25),
    )


def _weekday_shape(rng: np.random.Generator, previous: np.ndarray | None) -> np.ndarray:
    """Weekday effects, redrawn at each school year's start (partly kept)."""
    fresh = rng.normal(0, 0.18, 7)
    shape = fresh if previous is None else 0.85 * previous + 0.5 * fresh
    return np.asarray(shape)


def _event(rng: np.random.Generator, mean: float) -> tuple[str, float]:
    """A one-off day: its kind and its multiplier on the usual covers (or a change)."""
    draw = rng.random()
    if draw < 0.35:
        return "strike", float(rng.uniform(0.35, 0.7))
    if draw < 0.7:
        return "special", float(rng.uniform(1.3, 1.9))
    change = -float(rng.integers(1, 4)) * max(5.0, round(mean * 0.12))
    return f"{int(change):+d}", max(0.05, (mean + change) / mean)


def generate_stress(sites: int, years: int, seed: int, end: date = date(2026, 12, 13)) -> list[Row]:
    """(site, date, covers, mark) rows for `sites` canteens over `years` years up to `end`."""
    rng = np.random.default_rng(seed)
    start = end - timedelta(days=int(365.25 * years))
    holidays = [span for y in range(start.year, end.year + 1) for span in school_holidays(y)]
    rows: list[Row] = []
    for s in range(sites):
        rows.extend(_one_site(f"site-{s:03d}", _site(rng), start, end, holidays, rng))
    return rows


def _one_site(
    name: str,
    site: Site,
    start: date,
    end: date,
    holidays: list[tuple[date, date]],
    rng: np.random.Generator,
) -> list[Row]:
    rows: list[Row] = []
    shape = _weekday_shape(rng, None)
    level = 0.0
    trend = 0.0
    day = start
    while day <= end:
        if day.month == 9 and day.day == 1:  # a new school year: new weekday habits, new trend
            shape = _weekday_shape(rng, shape)
            trend = float(rng.normal(0.0, 0.0008))
            level += float(rng.normal(0, 0.06))
        level += trend + float(rng.normal(0, 0.004))
        level = float(np.clip(level, -0.7, 0.7))
        in_holiday = any(a <= day <= b for a, b in holidays)
        if day.weekday() in site.served and not (in_holiday and site.closes_in_holidays):
            row = _one_day(name, site, day, shape, level, in_holiday, rng)
            if row is not None:
                rows.append(row)
        day += timedelta(days=1)
    return rows


def _one_day(
    name: str,
    site: Site,
    day: date,
    shape: np.ndarray,
    level: float,
    in_holiday: bool,
    rng: np.random.Generator,
) -> Row | None:
    mean = site.base * math.exp(level + shape[day.weekday()] - shape[site.served].mean())
    mark = ""
    if in_holiday:
        mean *= site.holiday_effect
        mark = "holiday"
    draw = rng.random()
    if draw < 0.01:  # closed that day (works, a funeral, no cook)
        if site.zero_rows:
            return (name, day, 0, "closed" if rng.random() < site.marks else "")
        return None
    if draw < 0.03:
        mark, factor = _event(rng, mean)
        mean *= factor
    elif draw < 0.04:
        mean *= float(rng.choice([rng.uniform(0.3, 0.6), rng.uniform(1.5, 2.5)]))  # outlier
    # Regulars make covers steadier than a Poisson count: the noise is a share of the mean.
    covers = int(round(mean * math.exp(rng.normal(0, site.noise))))
    written = mark if mark and rng.random() < site.marks else ""
    return (name, day, covers, written)
