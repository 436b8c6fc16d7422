"""Covers forecasting on any history: a weekday profile on top of a smoothed level, in log space.

One pass over the calendar, vectorised across sites with numpy. For each site and day:

- the level is a local-level Kalman filter on log(1 + covers): its uncertainty grows with every
  calendar day, so after a closure (summer, a strike) the first services move it quickly, and
  during the weeks in a row it averages the noise away;
- the weekday profile is smoothed per weekday and pulled towards a prior shape (flat, or the
  network's) while a weekday has few services;
- outliers (a street party, a storm) are clipped before they move anything;
- after a closure of three weeks or more (summer, a term's end) the weekday profile is relearnt
  quickly: a new school year often brings new habits.

This model is one of the forecasters that ensemble.py blends for `canteen forecast predict`.

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

from canteen.clock import utc_today
from canteen.forecast.params import Params
from canteen.forecast.spread import (  # noqa: F401 - re-exported: callers import them from here
    ERROR_HORIZONS,
    HIGH_Q,
    LOW_Q,
    PRIOR_LOG_SPREAD,
    PRIOR_SPREAD,
    Spread,
    _shrunk,
    error_horizon,
    rounded,
    row_quantiles,
    spread_at,
    to_covers,
    typical_spread,
)

Array = npt.NDArray[np.float64]

HORIZONS = 7  # the backtest's horizons: 1 to 7 days ahead


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
            start = until or utc_today()
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


@dataclass
class _Filter:
    """Each site's filter state during the pass."""

    level: Array
    variance: Array  # uncertainty of the level
    own: Array  # (sites, 7) each weekday's own smoothed offset
    counts: Array  # (sites, 7) services seen per weekday
    learnt: Array  # (sites, 7) services the profile's learning rate counts (restarts)
    noise: Array
    seen: Array
    last_seen: npt.NDArray[np.int64]

    @classmethod
    def empty(cls, n_sites: int, params: Params) -> _Filter:
        return cls(
            level=np.full(n_sites, np.nan),
            variance=np.zeros(n_sites),
            own=np.zeros((n_sites, 7)),
            counts=np.zeros((n_sites, 7)),
            learnt=np.zeros((n_sites, 7)),
            noise=np.full(n_sites, params.prior_noise),
            seen=np.zeros(n_sites),
            last_seen=np.full(n_sites, -1),
        )


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
    state = _Filter.empty(n_sites, params)
    out_level = np.full((n_sites, n_days), np.nan)
    out_profile = np.zeros((n_sites, n_days, 7))
    out_seen = np.zeros((n_sites, n_days))
    out_noise = np.zeros((n_sites, n_days))
    start = _starting_state(logs, dow, prior, params)
    for t in range(n_days):
        state.variance += params.level_drift * state.noise
        observed = ~np.isnan(logs[:, t])
        if observed.any():
            _observe(state, t, int(dow[t]), logs[:, t], observed, start, prior, params)
        out_level[:, t] = state.level
        out_profile[:, t, :] = _blend(state.own, state.counts, prior, params.profile_prior_weight)
        out_seen[:, t] = state.seen
        out_noise[:, t] = state.noise
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


def _observe(
    s: _Filter,
    t: int,
    d: int,
    y: Array,
    observed: npt.NDArray[np.bool_],
    start: tuple[Array, Array, Array],
    prior: Array,
    params: Params,
) -> None:
    """Update the sites served on day t (weekday d) with their log covers y."""
    fresh = observed & np.isnan(s.level)
    if fresh.any():  # a site's first service: start from its first weeks' means
        s.level[fresh], s.own[fresh], s.counts[fresh] = (part[fresh] for part in start)
        s.learnt[fresh] = start[2][fresh]
        s.variance[fresh] = s.noise[fresh]
    if params.restart_days:  # back after a long closure: new habits are learnt fast
        back = observed & (s.last_seen >= 0) & (t - s.last_seen > params.restart_days)
        s.learnt[back] = np.minimum(s.learnt[back], params.restart_counts)
        s.last_seen[observed] = t
    i = np.flatnonzero(observed)
    shape = _blend(s.own[i], s.counts[i], prior, params.profile_prior_weight)
    error = y[i] - (s.level[i] + shape[:, d])
    bound = params.clip * np.sqrt(s.noise[i])
    error = np.clip(error, -bound, bound)
    gain = s.variance[i] / (s.variance[i] + s.noise[i])
    s.level[i] += gain * error
    s.variance[i] *= 1.0 - gain
    rate = np.maximum(params.profile_rate, 1.0 / (s.learnt[i, d] + 1.0))
    residual = y[i] - s.level[i] - s.own[i, d]
    s.own[i, d] += rate * np.clip(residual, -bound, bound)
    s.counts[i, d] += 1
    s.learnt[i, d] += 1
    s.seen[i] += 1
    s.noise[i] += params.noise_rate * (error**2 - s.noise[i])
    # Keep the level the mean of the weekdays served, the profile centred on zero.
    served = s.counts[i] > 0
    centre = (s.own[i] * served).sum(axis=1) / served.sum(axis=1)
    s.own[i] -= centre[:, None] * served
    s.level[i] += centre


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
