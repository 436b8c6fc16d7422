"""Rolling-origin evaluation of the forecast against the seasonal-naive baseline."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from canteen.forecast.model import (
    HORIZONS,
    PRIOR_SPREAD,
    Array,
    Panel,
    Params,
    _first_observed,
    errors,
    log_forecast,
    rounded,
    run_filter,
    spread_at,
    to_covers,
    weekdays,
)
from canteen.forecast.robust import nan_median


@dataclass
class Scores:
    points: int = 0
    actual: float = 0.0
    abs_error: float = 0.0
    abs_error_naive: float = 0.0
    inside: int = 0

    def add(self, other: Scores) -> None:
        self.points += other.points
        self.actual += other.actual
        self.abs_error += other.abs_error
        self.abs_error_naive += other.abs_error_naive
        self.inside += other.inside

    @property
    def wape(self) -> float:
        return self.abs_error / self.actual if self.actual else math.nan

    @property
    def wape_naive(self) -> float:
        return self.abs_error_naive / self.actual if self.actual else math.nan

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
    params: Params = Params(),
    min_history_days: int = 56,
    refresh_days: int = 7,
) -> tuple[dict[str, Scores], Scores]:
    """Rolling origins: every day is an origin; forecasts 1 to 7 days ahead from data before.

    Scored only where the seasonal-naive baseline also has a value, after a site's first
    `min_history_days` days, so both are judged on the same actuals.
    """
    n_sites, n_days = panel.values.shape
    states = run_filter(panel, params)
    dow = weekdays(panel)
    naive = seasonal_naive(panel.values, dow)
    first = np.array([_first_observed(row) for row in panel.values])
    per_site = {site: Scores() for site in panel.sites}
    total = Scores()
    actual = panel.values
    for horizon in range(1, HORIZONS + 1):
        errs = errors(panel, states, horizon)
        centre = log_forecast(states, dow, horizon)
        low_off = np.full((n_sites, n_days), np.nan)
        high_off = np.full((n_sites, n_days), np.nan)
        # Interval offsets known at each origin, refreshed weekly from the errors known then.
        for origin in range(0, n_days, refresh_days):
            start = max(0, origin - params.window_days + 1)
            spread = spread_at(errs[:, start : origin + 1], params, PRIOR_SPREAD)
            stop = min(n_days, origin + refresh_days)
            low_off[:, origin:stop] = spread.low[:, None]
            high_off[:, origin:stop] = spread.high[:, None]
        # The forecast for day T at this horizon was made at origin T − horizon.
        low_at = np.full((n_sites, n_days), np.nan)
        high_at = np.full((n_sites, n_days), np.nan)
        low_at[:, horizon:] = low_off[:, :-horizon]
        high_at[:, horizon:] = high_off[:, :-horizon]
        expected, low, high = _rounded_arrays(centre, low_at, high_at)
        day_index = np.arange(n_days)[None, :]
        usable = (
            ~np.isnan(actual)
            & ~np.isnan(naive)
            & ~np.isnan(centre)
            & (day_index - horizon >= first[:, None] + min_history_days)
        )
        for i, site in enumerate(panel.sites):
            mask = usable[i]
            scores = Scores(
                points=int(mask.sum()),
                actual=float(actual[i, mask].sum()),
                abs_error=float(np.abs(expected[i, mask] - actual[i, mask]).sum()),
                abs_error_naive=float(np.abs(naive[i, mask] - actual[i, mask]).sum()),
                inside=int(
                    ((actual[i, mask] >= low[i, mask]) & (actual[i, mask] <= high[i, mask])).sum()
                ),
            )
            per_site[site].add(scores)
            total.add(scores)
    return per_site, total


def _rounded_arrays(centre: Array, low_off: Array, high_off: Array) -> tuple[Array, Array, Array]:
    valid = ~np.isnan(centre) & ~np.isnan(low_off)
    safe = np.where(valid, centre, 0.0)
    expected, low, high = rounded(
        to_covers(safe),
        to_covers(safe + np.where(valid, low_off, 0.0)),
        to_covers(safe + np.where(valid, high_off, 0.0)),
    )
    nan = np.nan
    return (
        np.where(valid, expected, nan),
        np.where(valid, low, nan),
        np.where(valid, high, nan),
    )


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
