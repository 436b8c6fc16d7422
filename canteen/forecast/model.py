"""Covers forecasting on any history: a weekday profile on top of a smoothed level, in log space.

One pass over the calendar, vectorised across sites with numpy. For each site and day:

- the level is a local-level Kalman filter on log(1 + covers): its uncertainty grows with every
  calendar day, so after a closure (summer, a strike) the first services move it quickly, and
  during the weeks in a row it averages the noise away;
- the weekday profile is smoothed per weekday and pulled towards a prior shape (flat, or the
  network's) while a weekday has few services;
- outliers (a street party, a storm) are clipped before they move anything.

The point forecast is the median (optimal for absolute errors); the 80% interval comes from the
site's own past errors at the same horizon (10th and 90th percentiles of the log ratios over the
last year), shrunk towards the typical spread of the sites with enough errors (or a prior)
while it has few. Scoring lives in backtest.py, forecasts for given days in predicting.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

HORIZONS = 7  # the backtest's horizons: 1 to 7 days ahead
# Horizons whose errors are measured: 1–7 one by one, then longer ones for the 14 services a
# canteen sees ahead (a canteen open twice a week needs seven weeks).
ERROR_HORIZONS = (1, 2, 3, 4, 5, 6, 7, 14, 28, 56)
LOW_Q, HIGH_Q = 0.10, 0.90
PRIOR_LOG_SPREAD = 0.30  # 80% half-width in log space when nothing is known yet (≈ ±35%)


@dataclass(frozen=True)
class Params:
    """Tuned on generated histories (bench/forecast_backtest.py); see the README for figures."""

    level_drift: float = 0.01  # level variance added per calendar day, as a share of noise
    profile_rate: float = 0.03  # weight of a new service in its weekday's profile
    profile_prior_weight: float = 4.0  # services a weekday needs before its own shape alone counts
    noise_rate: float = 0.03  # how fast the noise estimate follows new errors
    prior_noise: float = 0.04  # variance of log covers around the level before any data
    clip: float = 2.5  # errors beyond clip × noise are clipped (outliers)
    window_days: int = 365  # errors used for the interval
    start_days: int = 28  # the first weeks whose means start a site's level and profile
    yearly_weight: float = 0.5  # how much of last year's change over the same days to expect
    yearly_half_window: int = 10  # days either side when reading last year
    yearly_years: int = 2
    error_prior_weight: float = 20.0  # errors a site needs before its own spread dominates


@dataclass
class Panel:
    """Covers per site and calendar day: values[site, day] is NaN where there was no service."""

    sites: list[str]
    start: date
    values: Array

    @property
    def days(self) -> int:
        return int(self.values.shape[1])

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def index(self, day: date) -> int:
        return (day - self.start).days

    @classmethod
    def from_rows(cls, rows: list[tuple[str, date, float]], until: date | None = None) -> Panel:
        """Build from (site, date, covers) rows; `until` extends the calendar to that day."""
        sites = sorted({site for site, _day, _covers in rows})
        if not rows:
            start = until or date.today()
            return cls(sites=[], start=start, values=np.full((0, 1), np.nan))
        start = min(day for _site, day, _covers in rows)
        end = max(max(day for _site, day, _covers in rows), until or start)
        values = np.full((len(sites), (end - start).days + 1), np.nan)
        position = {site: i for i, site in enumerate(sites)}
        for site, day, covers in rows:
            values[position[site], (day - start).days] = covers
        return cls(sites=sites, start=start, values=values)


@dataclass
class States:
    """The filter's state after each day (what a forecast made that evening knows)."""

    level: Array  # (sites, days) log level; NaN before a site's first service
    profile: Array  # (sites, days, 7) log weekday offsets
    seen: Array  # (sites, days) services seen so far
    noise: Array  # (sites, days) variance of a day's log covers around its forecast
    yearly: Array | None = None  # (sites, days) smoothed deseasonalised log covers
    params: Params = field(default_factory=lambda: Params())


def weekdays(panel: Panel) -> npt.NDArray[np.int64]:
    first = panel.start.weekday()
    return (np.arange(panel.days) + first) % 7


def run_filter(
    panel: Panel,
    params: Params = Params(),
    prior_profile: Array | None = None,
    skip: npt.NDArray[np.bool_] | None = None,
) -> States:
    """One pass over the calendar; `skip` marks services to leave out (special days)."""
    n_sites, n_days = panel.values.shape
    logs = np.log1p(panel.values)
    if skip is not None:
        logs = np.where(skip, np.nan, logs)
    dow = weekdays(panel)
    prior = np.zeros(7) if prior_profile is None else prior_profile
    level = np.full(n_sites, np.nan)
    variance = np.zeros(n_sites)  # uncertainty of the level
    own = np.zeros((n_sites, 7))  # each weekday's own smoothed offset
    counts = np.zeros((n_sites, 7))
    noise = np.full(n_sites, params.prior_noise)
    seen = np.zeros(n_sites)
    out_level = np.full((n_sites, n_days), np.nan)
    out_profile = np.zeros((n_sites, n_days, 7))
    out_seen = np.zeros((n_sites, n_days))
    out_noise = np.zeros((n_sites, n_days))
    rows = np.arange(n_sites)
    start_level, start_own, start_counts = _starting_state(logs, dow, prior, params)
    for t in range(n_days):
        variance += params.level_drift * noise
        y = logs[:, t]
        observed = ~np.isnan(y)
        if observed.any():
            d = dow[t]
            fresh = observed & np.isnan(level)
            if fresh.any():  # a site's first service: start from its first weeks' means
                level[fresh] = start_level[fresh]
                own[fresh] = start_own[fresh]
                counts[fresh] = start_counts[fresh]
                variance[fresh] = noise[fresh]
            started = observed
            if started.any():
                i = rows[started]
                shape = _blend(own[i], counts[i], prior, params.profile_prior_weight)
                error = y[i] - (level[i] + shape[:, d])
                bound = params.clip * np.sqrt(noise[i])
                error = np.clip(error, -bound, bound)
                gain = variance[i] / (variance[i] + noise[i])
                level[i] += gain * error
                variance[i] *= 1.0 - gain
                rate = np.maximum(params.profile_rate, 1.0 / (counts[i, d] + 1.0))
                residual = y[i] - level[i] - own[i, d]
                own[i, d] += rate * np.clip(residual, -bound, bound)
                counts[i, d] += 1
                seen[i] += 1
                noise[i] += params.noise_rate * (error**2 - noise[i])
                # Keep the level the mean of the weekdays served, the profile centred on zero.
                served = counts[i] > 0
                centre = (own[i] * served).sum(axis=1) / served.sum(axis=1)
                own[i] -= centre[:, None] * served
                level[i] += centre
        out_level[:, t] = level
        out_profile[:, t, :] = _blend(own, counts, prior, params.profile_prior_weight)
        out_seen[:, t] = seen
        out_noise[:, t] = noise
    states = States(
        level=out_level, profile=out_profile, seen=out_seen, noise=out_noise, params=params
    )
    if params.yearly_weight:
        states.yearly = _smoothed(
            logs
            - np.take_along_axis(
                out_profile, np.broadcast_to(dow[None, :, None], (n_sites, n_days, 1)), axis=2
            )[:, :, 0],
            params.yearly_half_window,
        )
    return states


def _starting_state(
    logs: Array, dow: npt.NDArray[np.int64], prior: Array, params: Params
) -> tuple[Array, Array, Array]:
    """Each site's level and weekday offsets from the means of its first weeks.

    Classic Holt-Winters start: without it the level and the profile chase each other's
    start-up errors for months. The backtest scores nothing from these weeks.
    """
    n_sites, n_days = logs.shape
    observed = ~np.isnan(logs)
    first = np.where(observed.any(axis=1), observed.argmax(axis=1), n_days)
    window = (np.arange(n_days)[None, :] >= first[:, None]) & (
        np.arange(n_days)[None, :] < first[:, None] + params.start_days
    )
    use = observed & window
    filled = np.where(use, logs, 0.0)
    sums = np.stack([filled[:, dow == d].sum(axis=1) for d in range(7)], axis=1)
    counts = np.stack([use[:, dow == d].sum(axis=1) for d in range(7)], axis=1).astype(float)
    means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    served = counts > 0
    shape = _blend(np.where(served, means, 0.0), counts, prior, params.profile_prior_weight)
    with np.errstate(invalid="ignore"):
        level = np.nansum(np.where(served, means - shape, 0.0) * counts, axis=1) / counts.sum(
            axis=1
        )
        own = np.where(served, means - level[:, None], 0.0)
        centre = (own * served).sum(axis=1) / served.sum(axis=1)
    own = np.where(served, own - centre[:, None], 0.0)
    return level + centre, np.nan_to_num(own), counts


def _smoothed(values: Array, half: int) -> Array:
    """Centred moving mean over 2·half+1 days, ignoring missing days (NaN if fewer than 2)."""
    valid = ~np.isnan(values)
    filled = np.where(valid, values, 0.0)
    pad = np.zeros((values.shape[0], 1))
    total = np.concatenate([pad, np.cumsum(filled, axis=1)], axis=1)
    count = np.concatenate([pad, np.cumsum(valid, axis=1)], axis=1)
    n = values.shape[1]
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    sums = total[:, hi] - total[:, lo]
    counts = count[:, hi] - count[:, lo]
    return np.where(counts >= 2, sums / np.maximum(counts, 1), np.nan)


def _blend(own: Array, counts: Array, prior: Array, weight: float) -> Array:
    """A weekday's own offset while it has services, the prior's until then."""
    mix = np.minimum(1.0, counts / weight) if weight > 0 else np.ones_like(counts)
    return mix * own + (1.0 - mix) * prior[None, :]


def log_forecast(states: States, dow: npt.NDArray[np.int64], horizon: int) -> Array:
    """log(1 + covers) forecast for every day, made `horizon` days before it (NaN if unknown)."""
    n_sites, n_days = states.level.shape
    out = np.full((n_sites, n_days), np.nan)
    if horizon >= n_days:
        return out
    origin = np.arange(n_days - horizon)
    target = origin + horizon
    out[:, target] = states.level[:, origin] + states.profile[:, origin, dow[target]]
    if states.yearly is not None:
        out += states.params.yearly_weight * yearly_change(states.yearly, horizon, states.params)
    return out


def yearly_change(yearly: Array, horizon: int, params: Params) -> Array:
    """Expected change from origin to target, read from the same days in past years."""
    n_sites, n_days = yearly.shape
    total = np.zeros((n_sites, n_days))
    count = np.zeros((n_sites, n_days))
    for year in range(1, params.yearly_years + 1):
        back = 364 * year
        if back + horizon >= n_days:
            break
        change = np.full((n_sites, n_days), np.nan)
        then = yearly[:, horizon : n_days - back]
        before = yearly[:, : n_days - back - horizon]
        change[:, back + horizon :] = then - before
        ok = ~np.isnan(change)
        total += np.where(ok, change, 0.0)
        count += ok
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def errors(panel: Panel, states: States, horizon: int) -> Array:
    """Log errors (actual − forecast) of forecasts made `horizon` days ahead."""
    return np.log1p(panel.values) - log_forecast(states, weekdays(panel), horizon)


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


def _centre(
    states: States,
    dow: npt.NDArray[np.int64],
    site: int,
    origin: int,
    target: int,
    cache: dict[int, Array],
) -> float:
    """log(1 + covers) expected on `target` from what was known on `origin`."""
    centre = float(states.level[site, origin] + states.profile[site, origin, dow[target]])
    if states.yearly is not None:
        horizon = target - origin
        if horizon not in cache:
            cache[horizon] = yearly_change(states.yearly, horizon, states.params)
        centre += states.params.yearly_weight * float(cache[horizon][site, target])
    return centre


def _extend(values: Array, days: int) -> Array:
    if values.shape[1] >= days:
        return values
    pad = np.full((values.shape[0], days - values.shape[1]), np.nan)
    return np.concatenate([values, pad], axis=1)


def _last_observed(values: Array) -> npt.NDArray[np.int64]:
    observed = ~np.isnan(values)
    index = np.where(observed, np.arange(values.shape[1])[None, :], -1)
    return index.max(axis=1) if values.shape[1] else np.full(values.shape[0], -1)


def _first_observed(row: Array) -> int:
    found = np.flatnonzero(~np.isnan(row))
    return int(found[0]) if found.size else -1
