"""The robust baseline computed right, and the blend ahead of it on a realistic history."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from canteen.forecast import predicting
from canteen.forecast.backtest import weekday_median
from canteen.forecast.csvio import parse_mark
from canteen.forecast.model import Panel, weekdays
from canteen.forecast.robust import nan_median
from canteen.forecast.simulate import generate_stress

MONDAY = date(2026, 1, 5)


def test_the_median_baseline_on_a_hand_checked_case() -> None:
    covers = [10, 30, 20, 50, 40, 100, 60, 70, 80]
    rows = [("a", MONDAY + timedelta(weeks=k), float(c)) for k, c in enumerate(covers)]
    rows.append(("a", MONDAY + timedelta(weeks=9, days=1), 7.0))  # a Tuesday, once
    rows.append(("a", MONDAY + timedelta(weeks=20), 90.0))  # after ten weeks closed
    panel = Panel.from_rows(rows)
    median = weekday_median(panel.values, weekdays(panel))

    def on(day: date) -> float:
        return float(median[0, panel.index(day)])

    assert np.isnan(on(MONDAY))  # nothing before it
    assert on(MONDAY + timedelta(weeks=1)) == 10
    assert on(MONDAY + timedelta(weeks=2)) == 20  # median of 10 and 30
    assert on(MONDAY + timedelta(weeks=3)) == 20  # of 10, 30, 20
    assert on(MONDAY + timedelta(weeks=8)) == 45  # of the first eight: 40 and 50 in the middle
    assert on(MONDAY + timedelta(weeks=9)) == 55  # the first one left the window: 50 and 60
    assert (
        on(MONDAY + timedelta(weeks=12)) == 70
    )  # weeks 4-8 left in the window: 40, 100, 60, 70, 80
    # No Monday in the 8 weeks before: the last 8 Mondays served stand in.
    assert on(MONDAY + timedelta(weeks=20)) == 55
    assert on(MONDAY + timedelta(weeks=10, days=1)) == 7  # the Tuesdays' own median


def test_nan_median_ignores_missing_values() -> None:
    values = np.array([[1.0, np.nan, 3.0, 2.0], [np.nan] * 4, [4.0, 1.0, np.nan, np.nan]])
    found = nan_median(values)
    assert found[0] == 2.0 and np.isnan(found[1]) and found[2] == 2.5


def weekly_scores(sites: int, years: int, seed: int, weeks: int) -> tuple[float, float, float]:
    """WAPE of the model and of the 8-week median over the last weeks, each week forecast from
    the history before its Monday (as a canteen would), and the model's 80% coverage."""
    rows = generate_stress(sites, years, seed)
    panel = Panel.from_rows([(s, d, float(c)) for s, d, c, _m in rows])
    median = weekday_median(panel.values, weekdays(panel))
    last = max(day for _s, day, _c, _m in rows)
    first_monday = last - timedelta(days=last.weekday() + 7 * (weeks - 1))
    errors, baseline, actual, inside, points = 0.0, 0.0, 0.0, 0, 0
    for week in range(weeks):
        monday = first_monday + timedelta(weeks=week)
        sunday = monday + timedelta(days=6)
        past = [r for r in rows if r[1] < monday]
        coming = [r for r in rows if monday <= r[1] <= sunday and r[2] > 0]
        marks = {(s, d): parse_mark(m) for s, d, _c, m in past + coming if m}
        found = predicting.predict(
            Panel.from_rows([(s, d, float(c)) for s, d, c, _m in past]),
            [(s, d) for s, d, _c, _m in coming],
            marks=marks,
        )
        for (site, day, covers, _mark), forecast in zip(coming, found, strict=True):
            assert forecast is not None  # no site-day missing
            errors += abs(forecast.expected - covers)
            baseline += abs(median[panel.sites.index(site), panel.index(day)] - covers)
            inside += forecast.low <= covers <= forecast.high
            actual += covers
            points += 1
    return errors / actual, baseline / actual, inside / points


def test_the_model_beats_the_median_on_a_small_stress_history() -> None:
    wape, wape_median, coverage = weekly_scores(sites=12, years=3, seed=7, weeks=6)
    assert wape < wape_median, (wape, wape_median)
    assert 0.6 <= coverage <= 0.95
