"""The 80% range: quantiles of a site's past log errors, shrunk towards the network's, and
whole covers from log forecasts. Split from model.py, which re-exports these names."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from canteen.forecast.params import Params

Array = npt.NDArray[np.float64]
# Horizons whose errors are measured: 1–7 one by one, then longer ones for the 14 services a
# canteen sees ahead (a canteen open twice a week needs seven weeks).
ERROR_HORIZONS = (1, 2, 3, 4, 5, 6, 7, 14, 28, 56)
LOW_Q, HIGH_Q = 0.10, 0.90
PRIOR_LOG_SPREAD = 0.30  # 80% half-width in log space when nothing is known yet (≈ ±35%)


def row_quantiles(values: Array, qs: tuple[float, ...]) -> tuple[Array, npt.NDArray[np.int64]]:
    """Quantiles of each row ignoring NaN (linear interpolation), and the count per row."""
    ordered = np.sort(values, axis=1)  # NaN sort last
    count = (~np.isnan(values)).sum(axis=1)
    out = np.full((values.shape[0], len(qs)), np.nan)
    rows = np.arange(values.shape[0])
    has = count > 0
    for j, q in enumerate(qs):
        position = (np.maximum(count, 1) - 1) * q
        below = np.floor(position).astype(int)
        above = np.minimum(below + 1, np.maximum(count - 1, 0))
        frac = position - below
        value = ordered[rows, below] * (1 - frac) + ordered[rows, above] * frac
        out[:, j] = np.where(has, value, np.nan)
    return out, count


@dataclass
class Spread:
    """Low and high log offsets of the 80% interval, per site, for one horizon."""

    low: Array
    high: Array
    count: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def spread_at(window_errors: Array, params: Params, prior: tuple[float, float]) -> Spread:
    """Site quantiles of errors in the window, shrunk towards the typical spread of the sites
    with enough errors (or the prior when none has)."""
    own, count = row_quantiles(window_errors, (LOW_Q, HIGH_Q))
    return _shrunk(own, count, typical_spread(own, count, params, prior), params)


def typical_spread(
    own: Array, count: npt.NDArray[np.int64], params: Params, prior: tuple[float, float]
) -> tuple[float, float]:
    """The count-weighted mean of the quantiles of the sites with enough errors."""
    enough = count >= params.error_prior_weight
    if not enough.any():
        return prior
    weights = count[enough]
    low = float(np.average(own[enough, 0], weights=weights))
    high = float(np.average(own[enough, 1], weights=weights))
    return low, high


def _shrunk(
    own: Array, count: npt.NDArray[np.int64], pooled: tuple[float, float], params: Params
) -> Spread:
    weight = count / (count + params.error_prior_weight)
    low = np.where(count > 0, weight * own[:, 0], 0.0) + (1 - weight) * pooled[0]
    high = np.where(count > 0, weight * own[:, 1], 0.0) + (1 - weight) * pooled[1]
    return Spread(low=np.minimum(low, 0.0), high=np.maximum(high, 0.0), count=count)


PRIOR_SPREAD = (-PRIOR_LOG_SPREAD, PRIOR_LOG_SPREAD)


def to_covers(log_value: Array) -> Array:
    return np.maximum(np.expm1(log_value), 0.0)


def rounded(
    expected: Array, low: Array, high: Array
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Whole covers: the interval keeps exactly the whole numbers inside the exact one."""
    middle = np.floor(expected + 0.5).astype(np.int64)
    lower = np.minimum(np.ceil(low - 1e-9).astype(np.int64), middle)
    upper = np.maximum(np.floor(high + 1e-9).astype(np.int64), middle)
    return middle, np.maximum(lower, 0), upper


def error_horizon(horizon: int) -> int:
    """The measured horizon whose errors stand for this one (the next longer one)."""
    for measured in ERROR_HORIZONS:
        if horizon <= measured:
            return measured
    return ERROR_HORIZONS[-1]
