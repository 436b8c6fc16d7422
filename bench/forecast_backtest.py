"""How good and how fast is the covers forecast? Two generated worlds, the real CLI path.

    .venv/bin/python bench/forecast_backtest.py [--sites 100] [--years 4] [--weeks 12] [--seed 1]

Scored as the forecast was measured on a real network's held-out data: each of the last 12 weeks
is forecast from all the history before its Monday (`canteen forecast predict`, CSV written and
read), on the days served that week; WAPE of Tablée, of the seasonal naive (same weekday last
week) and of the median of the same weekday over the 8 weeks before, and how often Tablée's 80%
range held the actual.

- synthetic: histories built to look like a network's spreadsheets, not to suit the model: each
  site has its own service days and weekday shape, growth or decline, a ramp-up when it opened,
  sometimes a sudden level shift, school holidays (dates moving each year and by zone), a summer
  dip, public holidays and Christmas closed, August closed for some, a month-end rise, shared
  weather shocks, over-dispersed counts, street parties and storms, forgotten days and closures.
- stress (canteen/forecast/simulate.py): what real histories show and a plain median handles
  well: little day-to-day noise, a level drifting within a term, weekday habits changing at the
  start of each school year, canteens closed in school holidays, strikes and one-off events
  marked by some canteens and not by others, closures written as 0, outliers.

Prints one line per world and, last, one JSON object; exits 1 if Tablée is not ahead of both
baselines on every world.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
import tempfile
import time
from contextlib import redirect_stdout
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from canteen.cli import forecast as forecast_cli  # noqa: E402
from canteen.forecast.backtest import seasonal_naive, weekday_median  # noqa: E402
from canteen.forecast.model import Panel, weekdays  # noqa: E402
from canteen.forecast.simulate import generate_stress  # noqa: E402

Row = tuple[str, date, int, str]


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def public_holidays(year: int) -> set[date]:
    e = easter(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    days = {date(year, m, d) for m, d in fixed}
    days |= {e + timedelta(days=1), e + timedelta(days=39), e + timedelta(days=50)}
    return days


def school_holidays(year: int, zone: int, rng: np.random.Generator) -> list[tuple[date, date]]:
    """Roughly the French calendar: zones shift winter and spring holidays by a week each."""
    e = easter(year)
    winter = date(year, 2, 7) + timedelta(days=7 * zone + int(rng.integers(-3, 4)))
    spring = max(e - timedelta(days=7), date(year, 4, 5)) + timedelta(days=7 * zone)
    autumn = date(year, 10, 18) + timedelta(days=int(rng.integers(0, 5)))
    return [
        (date(year, 1, 1), date(year, 1, 3)),
        (winter, winter + timedelta(days=15)),
        (spring, spring + timedelta(days=15)),
        (date(year, 7, 5) + timedelta(days=int(rng.integers(0, 4))), date(year, 8, 31)),
        (autumn, autumn + timedelta(days=15)),
        (date(year, 12, 19) + timedelta(days=int(rng.integers(0, 4))), date(year, 12, 31)),
    ]


@dataclass
class World:
    """What the sites of one generated network share: its calendar, weather and holidays."""

    rng: np.random.Generator
    start: date
    calendar: list[date]
    weather: np.ndarray  # (cities, days): shared shocks (rain, heat waves)
    holidays: set[date]


def generate(
    sites: int, years: int, seed: int, noise_scale: float = 1.0
) -> list[tuple[str, date, int]]:
    """(site, date, covers) rows for `sites` canteens over `years` years ending last week.

    noise_scale multiplies the day-to-day noise (weather, luck, counts' over-dispersion).
    """
    rng = np.random.default_rng(seed)
    end = date(2026, 11, 15)
    start = end - timedelta(days=int(365.25 * years))
    n_days = (end - start).days
    cities = 12
    weather = np.zeros((cities, n_days))
    for t in range(1, n_days):
        weather[:, t] = 0.7 * weather[:, t - 1] + rng.normal(0, 0.06 * noise_scale, cities)
    holidays = set().union(*(public_holidays(y) for y in range(start.year, end.year + 1)))
    calendar = [start + timedelta(days=i) for i in range(n_days)]
    world = World(rng, start, calendar, weather, holidays)
    rows: list[tuple[str, date, int]] = []
    for s in range(sites):
        rows.extend(_site(world, f"site-{s:03d}", noise_scale))
    return rows


def _traits(world: World, noise_scale: float) -> dict[str, Any]:
    """One site's habits: service days, size, growth, holidays, noise."""
    rng, n_days = world.rng, len(world.calendar)
    n_served = int(rng.choice([2, 3, 4, 5], p=[0.2, 0.35, 0.25, 0.2]))
    served = set(rng.choice(5, size=n_served, replace=False).tolist())
    if rng.random() < 0.15:
        served.add(5)  # a Saturday brunch
    weekday_effect = np.exp(rng.normal(0, 0.15, 7))
    base = float(np.clip(rng.lognormal(math.log(40), 0.5), 10, 200))
    opened = 0 if rng.random() < 0.7 else int(rng.integers(0, n_days - 365))
    traits = {  # drawn in this order: the same seed gives the same world
        "served": served,
        "weekday_effect": weekday_effect,
        "base": base,
        "opened": opened,
        "growth": rng.normal(0.08, 0.12),  # log growth per year
        "shift_day": int(rng.integers(opened, n_days)) if rng.random() < 0.3 else n_days,
        "shift": math.exp(rng.choice([-1, 1]) * rng.uniform(0.10, 0.35)),
        "school_effect": math.exp(rng.normal(math.log(0.85), 0.12)),
        "summer_effect": rng.uniform(0.65, 0.95),
        "august_closed": rng.random() < 0.5,
        "august_start": int(rng.integers(1, 11)),
        "long_christmas": rng.random() < 0.5,
        "month_end": rng.uniform(0.0, 0.12),
        "noise": rng.uniform(0.08, 0.18) * noise_scale,
        # Negative binomial size: counts vary more than Poisson.
        "dispersion": rng.uniform(30, 150) / max(noise_scale, 0.01) ** 2,
        "missing_rate": rng.uniform(0.01, 0.07),
    }
    if rng.random() < 0.2:
        first = int(rng.integers(opened, n_days))
        traits["works"] = (first, first + int(rng.integers(7, 29)))
    else:
        traits["works"] = (n_days, n_days)
    return traits


def _closed(world: World, traits: dict[str, Any], t: int) -> bool:
    day = world.calendar[t]
    if day.weekday() not in traits["served"] or day in world.holidays:
        return True
    if day.month == 12 and day.day >= 24 or day.month == 1 and day.day == 1:
        return True
    winter_break = day.month == 12 and day.day >= 19 or day <= date(day.year, 1, 3)
    if traits["long_christmas"] and winter_break:
        return True
    start = traits["august_start"]
    if traits["august_closed"] and day.month == 8 and start <= day.day < start + 21:
        return True
    works = traits["works"]
    return works[0] <= t < works[1] or world.rng.random() < traits["missing_rate"]


def _site(world: World, name: str, noise_scale: float) -> list[tuple[str, date, int]]:
    rng = world.rng
    zone, city = int(rng.integers(0, 3)), int(rng.integers(0, world.weather.shape[0]))
    years = range(world.start.year, world.calendar[-1].year + 1)
    school = [span for year in years for span in school_holidays(year, zone, rng)]
    in_school = np.array([any(a <= day <= b for a, b in school) for day in world.calendar])
    traits = _traits(world, noise_scale)
    rows: list[tuple[str, date, int]] = []
    for t in range(traits["opened"], len(world.calendar)):
        if _closed(world, traits, t):
            continue
        day = world.calendar[t]
        mean = traits["base"] * traits["weekday_effect"][day.weekday()]
        age = t - traits["opened"]
        mean *= math.exp(traits["growth"] * t / 365.25) * (1 - 0.5 * math.exp(-age / 60))
        mean *= traits["shift"] if t >= traits["shift_day"] else 1.0
        mean *= traits["school_effect"] if in_school[t] else 1.0
        mean *= traits["summer_effect"] if day.month in (7, 8) else 1.0
        mean *= 1 + traits["month_end"] * max(0, day.day - 18) / 12
        mean *= math.exp(world.weather[city, t] + rng.normal(0, traits["noise"]))
        draw = rng.random()
        if draw < 0.015:
            mean *= rng.uniform(1.4, 2.2)  # a street party, a film screening
        elif draw < 0.025:
            mean *= rng.uniform(0.4, 0.7)  # a storm, a strike
        size = traits["dispersion"]
        rows.append((name, day, int(rng.negative_binomial(size, size / (size + mean)))))
    return rows


def write_csv(rows: list[Row], path: Path, marks: bool) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["site", "date", "covers", "mark"] if marks else ["site", "date", "covers"])
        for site, day, covers, mark in rows:
            writer.writerow([site, day.isoformat(), covers, mark][: 4 if marks else 3])


@dataclass
class Tally:
    """Absolute errors of the model and the baselines over the same actuals."""

    points: int = 0
    actual: float = 0.0
    model: float = 0.0
    naive: float = 0.0
    median: float = 0.0
    inside: int = 0
    missing: int = 0

    def figures(self) -> dict[str, float | int]:
        return {
            "points": self.points,
            "wape": round(self.model / self.actual, 4),
            "wape_naive": round(self.naive / self.actual, 4),
            "wape_median": round(self.median / self.actual, 4),
            "coverage_80": round(self.inside / self.points, 4),
            "missing": self.missing,
        }


def evaluate(rows: list[Row], weeks: int, folder: Path, marks: bool) -> tuple[Tally, float]:
    """Each of the last `weeks` weeks forecast from all history before its Monday (the real
    CLI path: CSV written, read, forecast), scored on the days served that week."""
    panel = Panel.from_rows([(site, day, float(covers)) for site, day, covers, _m in rows])
    dow = weekdays(panel)
    naive = seasonal_naive(panel.values, dow)
    median = weekday_median(panel.values, dow)
    last = max(day for _s, day, _c, _m in rows)
    first_monday = last - timedelta(days=last.weekday() + 7 * weeks)
    if (last - first_monday).days < 7 * weeks - 1:
        first_monday -= timedelta(days=7)
    tally, seconds = Tally(), 0.0
    position = {site: i for i, site in enumerate(panel.sites)}
    for week in range(weeks):
        monday = first_monday + timedelta(days=7 * week)
        week_rows = [r for r in rows if monday <= r[1] < monday + timedelta(days=7) and r[2] > 0]
        history, targets = folder / "history.csv", folder / "targets.csv"
        started = time.perf_counter()
        write_csv([r for r in rows if r[1] < monday], history, marks)
        with targets.open("w", encoding="utf-8") as handle:
            handle.write("site,date,mark\n" if marks else "site,date\n")
            for site, day, _covers, mark in week_rows:
                handle.write(f"{site},{day.isoformat()}" + (f",{mark}\n" if marks else "\n"))
        captured = io.StringIO()
        with redirect_stdout(captured):
            forecast_cli.main_predict(history, targets)
        seconds += time.perf_counter() - started
        found = {
            (r["site"], r["date"]): r for r in csv.DictReader(io.StringIO(captured.getvalue()))
        }
        for site, day, covers, _mark in week_rows:
            i, t = position[site], panel.index(day)
            out = found.get((site, day.isoformat()))
            if out is None or not out["expected"]:
                tally.missing += 1
                continue
            tally.points += 1
            tally.actual += covers
            tally.model += abs(int(out["expected"]) - covers)
            tally.inside += int(int(out["low"]) <= covers <= int(out["high"]))
            for name, baseline in (("naive", naive), ("median", median)):
                guess = baseline[i, t] if not np.isnan(baseline[i, t]) else median[i, t]
                guess = 0.0 if np.isnan(guess) else guess
                setattr(tally, name, getattr(tally, name) + abs(guess - covers))
    return tally, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--weeks", type=int, default=12, help="weeks evaluated, one at a time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--noise-scale", type=float, default=1.0, help="synthetic noise × this")
    parser.add_argument("--sets", default="synthetic,stress", help="synthetic, stress or both")
    args = parser.parse_args()
    results: dict[str, dict[str, float | int]] = {}
    for name in args.sets.split(","):
        if name == "synthetic":
            plain = generate(args.sites, args.years, args.seed, args.noise_scale)
            rows: list[Row] = [(site, day, covers, "") for site, day, covers in plain]
        else:
            rows = generate_stress(args.sites, args.years, args.seed)
        with tempfile.TemporaryDirectory() as folder:
            tally, seconds = evaluate(rows, args.weeks, Path(folder), name == "stress")
        results[name] = {**tally.figures(), "rows": len(rows), "seconds": round(seconds, 2)}
        figures = results[name]
        print(
            f"{name:9s} {args.sites} sites × {args.years} years, {args.weeks} weeks "
            f"({figures['points']} site-days, {figures['missing']} missing): WAPE Tablée "
            f"{figures['wape']:.2%}, seasonal naive {figures['wape_naive']:.2%}, 8-week median "
            f"{figures['wape_median']:.2%}; 80% range held {figures['coverage_80']:.1%}; "
            f"evaluation {seconds:.1f} s (CSV written and read, 1 forecast per week)"
        )
    print(json.dumps({"seed": args.seed, "sites": args.sites, "years": args.years, **results}))
    ok = all(r["wape"] < min(r["wape_naive"], r["wape_median"]) for r in results.values())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
