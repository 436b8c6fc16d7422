"""Robust pieces of the forecast: same-weekday medians and a recent level correction.

All in log(1 + covers), indexed by origin: the value at [site, o, weekday] is what was known
on the evening of day o. A median of the last services on a weekday is what works best on real
canteens' histories (one odd day moves it little, a changed weekday habit is followed within a
few weeks); the correction is the median of the last two weeks' residuals against it, which
follows a level drifting within a term.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

Array = npt.NDArray[np.float64]

MEDIAN_SERVICES = 8  # services per weekday in the median
RECENT_DAYS = 14  # days whose residuals make the recent correction


def nan_median(values: Array) -> Array:
    """Median over the last axis ignoring NaN (NaN where a row has no value)."""
    ordered = np.sort(values, axis=-1)  # NaN sort last
    count = (~np.isnan(values)).sum(axis=-1)
    low = np.maximum((count - 1) // 2, 0)[..., None]
    high = np.maximum(count // 2, 0)[..., None]
    middle = (
        np.take_along_axis(ordered, low, axis=-1) + np.take_along_axis(ordered, high, axis=-1)
    ) / 2
    return np.where(count > 0, middle[..., 0], np.nan)


def _last_services_median(row: Array, size: int) -> Array:
    """For each position: the median of the last `size` observed values up to it."""
    observed = np.flatnonzero(~np.isnan(row))
    out = np.full(row.size, np.nan)
    if not observed.size:
        return out
    seen = row[observed]
    padded = np.concatenate([np.full(size - 1, np.nan), seen])
    medians = nan_median(sliding_window_view(padded, size))
    # Each position takes the median as of its last observed value.
    index = np.searchsorted(observed, np.arange(row.size), side="right") - 1
    out[index >= 0] = medians[index[index >= 0]]
    return out


def weekday_medians(logs: Array, dow: npt.NDArray[np.int64], size: int = MEDIAN_SERVICES) -> Array:
    """(sites, days, 7): each weekday's median over its last `size` services up to each day."""
    n_sites, n_days = logs.shape
    out = np.full((n_sites, n_days, 7), np.nan)
    for d in range(7):
        columns = np.flatnonzero(dow == d)
        if not columns.size:
            continue
        per_column = np.stack([_last_services_median(row, size) for row in logs[:, columns]])
        # A day takes the median as of the last column of that weekday up to it.
        index = np.searchsorted(columns, np.arange(n_days), side="right") - 1
        known = index >= 0
        out[:, known, d] = per_column[:, index[known]]
    return out


def recent_correction(
    logs: Array, dow: npt.NDArray[np.int64], medians: Array, days: int = RECENT_DAYS
) -> Array:
    """(sites, days): median residual of the last `days` days' services against the weekday
    medians known the day before each of them (0 where there is none)."""
    n_sites, n_days = logs.shape
    before = np.full((n_sites, n_days), np.nan)
    if n_days > 1:
        previous = medians[:, :-1, :]
        before[:, 1:] = np.take_along_axis(
            previous, np.broadcast_to(dow[None, 1:, None], (n_sites, n_days - 1, 1)), axis=2
        )[:, :, 0]
    residual = logs - before
    padded = np.concatenate([np.full((n_sites, days - 1), np.nan), residual], axis=1)
    found = nan_median(sliding_window_view(padded, days, axis=1))
    return np.where(np.isnan(found), 0.0, found)
