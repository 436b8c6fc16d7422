"""Week by week evaluation of the forecast against the seasonal naive and the 8-week median."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from canteen.forecast.marks import Mark
from canteen.forecast.model import Array, Panel, weekdays
from canteen.forecast.predicting import predict
from canteen.forecast.robust import nan_median

WEEKS = 12  # weeks evaluated, as on the real network's held-out data


@dataclass
class Scores:
    points: int = 0
    actual: float = 0.0
    abs_error: float = 0.0
    abs_error_naive: float = 0.0
    abs_error_median: float = 0.0
    inside: int = 0
    missing: int = 0  # days to forecast that got no forecast

    def add(self, other: Scores) -> None:
        self.points += other.points
        self.actual += other.actual
        self.abs_error += other.abs_error
        self.abs_error_naive += other.abs_error_naive
        self.abs_error_median += other.abs_error_median
        self.inside += other.inside
        self.missing += other.missing

    @property
    def wape(self) -> float:
        return self.abs_error / self.actual if self.actual else math.nan

    @property
    def wape_naive(self) -> float:
        return self.abs_error_naive / self.actual if self.actual else math.nan

    @property
    def wape_median(self) -> float:
        return self.abs_error_median / self.actual if self.actual else math.nan

    @property
    def mae(self) -> float:
        return self.abs_error / self.points if self.points else math.nan

    @property
    def mae_naive(self) -> float:
        return self.abs_error_naive / self.points if self.points else math.nan

    @property
    def coverage(self) -> float:
        return self.inside / self.points if self.points else math.nan


def seasonal_naive(values: Array, dow: npt.NDArray[np.int64]) -> Array:
    """For each day: the covers of the same weekday a week before, or the last one before that."""
    n_sites, n_days = values.shape
    last_same = np.full((n_sites, n_days), np.nan)
    for d in range(7):
        columns = np.flatnonzero(dow == d)
        block = values[:, columns]
        index = np.where(~np.isnan(block), np.arange(columns.size)[None, :], -1)
        index = np.maximum.accumulate(index, axis=1)
        filled = np.take_along_axis(block, np.maximum(index, 0), axis=1)
        last_same[:, columns] = np.where(index >= 0, filled, np.nan)
    naive = np.full((n_sites, n_days), np.nan)
    naive[:, 7:] = last_same[:, :-7]
    return naive


def backtest(
    panel: Panel,
    marks: dict[tuple[str, date], Mark] | None = None,
    weeks: int = WEEKS,
) -> tuple[dict[str, Scores], Scores]:
    """Each of the last `weeks` weeks forecast from all the history before its Monday, through
    `predicting.predict` (the very forecast of `canteen forecast predict` and of the canteen's
    pages, with the marked days), as the forecast is measured on real held-out data.

    Scored on the days served that week, beside the seasonal naive (same weekday last week)
    and the median of the same weekday over the 8 weeks before; marks of the week are known
    in advance (a holiday, a strike announced), their covers are not.
    """
    marks = marks or {}
    dow = weekdays(panel)
    naive = seasonal_naive(panel.values, dow)
    median = weekday_median(panel.values, dow)
    per_site = {site: Scores() for site in panel.sites}
    position = {site: i for i, site in enumerate(panel.sites)}
    closed = _closed(marks)
    total = Scores()
    last = panel.day(panel.days - 1)
    first_monday = last - timedelta(days=last.weekday() + 7 * (weeks - 1))
    for week in range(weeks):
        monday = first_monday + timedelta(days=7 * week)
        cut = panel.index(monday)
        if cut <= 0:
            continue
        before = Panel(panel.sites, panel.start, panel.values[:, :cut])
        targets = [
            (site, panel.day(t))
            for i, site in enumerate(panel.sites)
            for t in range(cut, min(cut + 7, panel.days))
            if panel.values[i, t] > 0 and (site, panel.day(t)) not in closed
        ]
        found = predict(before, targets, marks=marks)
        for (site, day), forecast in zip(targets, found, strict=True):
            i, t = position[site], panel.index(day)
            actual = float(panel.values[i, t])
            scores = Scores(missing=int(forecast is None))
            if forecast is not None:
                guess = naive[i, t] if not np.isnan(naive[i, t]) else median[i, t]
                scores = Scores(
                    points=1,
                    actual=actual,
                    abs_error=abs(forecast.expected - actual),
                    abs_error_naive=abs(_zero(guess) - actual),
                    abs_error_median=abs(_zero(median[i, t]) - actual),
                    inside=int(forecast.low <= actual <= forecast.high),
                )
            per_site[site].add(scores)
            total.add(scores)
    return per_site, total


def _closed(marks: dict[tuple[str, date], Mark]) -> set[tuple[str, date]]:
    return {key for key, mark in marks.items() if mark.kind == "closed"}


def _zero(value: float) -> float:
    return 0.0 if np.isnan(value) else float(value)


def weekday_median(values: Array, dow: npt.NDArray[np.int64], weeks: int = 8) -> Array:
    """For each day: the median covers of the same weekday over the `weeks` weeks before it.

    A robust baseline: one odd day moves it little. When the canteen did not serve that weekday
    in those weeks (after a summer closure), the last `weeks` services on that weekday stand in.
    """
    n_sites, n_days = values.shape
    out = np.full((n_sites, n_days), np.nan)
    for d in range(7):
        columns = np.flatnonzero(dow == d)
        block = values[:, columns]
        padded = np.concatenate([np.full((n_sites, weeks), np.nan), block], axis=1)
        windows = sliding_window_view(padded, weeks, axis=1)[:, : columns.size]
        medians = nan_median(windows)
        for i, j in zip(*np.nonzero(np.isnan(medians)), strict=True):
            before = block[i, :j]
            seen = before[~np.isnan(before)][-weeks:]
            if seen.size:
                medians[i, j] = float(np.median(seen))
        out[:, columns] = medians
    return out
