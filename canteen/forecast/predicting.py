"""Forecasts for given days: any sites from a CSV history with its marked days (predict: the
blend of ensemble.py, mark effects of marks.py), or one canteen with its marked days
(forecast_site: the smoothed model, used by the canteen's own pages)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from canteen.forecast import ensemble
from canteen.forecast.marks import Learnt, LogForecast, Mark, apply_mark, learn
from canteen.forecast.model import (
    HIGH_Q,
    LOW_Q,
    PRIOR_SPREAD,
    Array,
    Panel,
    Params,
    Spread,
    _centre,
    _extend,
    _first_observed,
    _last_observed,
    _shrunk,
    error_horizon,
    errors,
    log_forecast,
    rounded,
    row_quantiles,
    run_filter,
    spread_at,
    to_covers,
    typical_spread,
    weekdays,
)


@dataclass
class Prediction:
    site: str
    day: date
    expected: int
    low: int
    high: int
    expected_exact: float
    mark: str = ""  # the mark that moved the number ("" when none)
    mark_effect: int = 0  # covers the mark added (negative: removed)


def predict(
    panel: Panel,
    targets: list[tuple[str, date]],
    params: Params = Params(),
    prior_profile: Array | None = None,
    marks: dict[tuple[str, date], Mark] | None = None,
) -> list[Prediction | None]:
    """Forecasts for (site, date) targets from the history alone; None for an unknown site.

    A target after a site's last service is forecast from that last day; one inside the
    history, from the day before it (never from its own covers). `marks` may mark days of the
    history (left out of what is learnt, their effects learnt) and targets (see marks.py).
    """
    marks = marks or {}
    far = max((day for _site, day in targets), default=panel.start)
    end = max(panel.day(panel.days - 1), far)
    extended = Panel(panel.sites, panel.start, _extend(panel.values, (end - panel.start).days + 1))
    skip = _marked(extended, marks)
    blend = ensemble.build(extended, params, prior_profile, skip if skip.any() else None)
    context = _Context(extended, blend, params)
    if marks:
        usual = context.forecast(ensemble.WEIGHT_HORIZON)
        context.learnt = learn(
            marks, np.log1p(extended.values), usual, extended.sites, extended.start
        )
    position = {site: i for i, site in enumerate(panel.sites)}
    out: list[Prediction | None] = []
    for site, day in targets:
        i = position.get(site)
        t = extended.index(day)
        if i is None or t <= _first_observed(extended.values[i]) or context.last[i] < 0:
            out.append(None)
            continue
        out.append(context.predict(i, site, day, marks.get((site, day))))
    return out


def _marked(panel: Panel, marks: dict[tuple[str, date], Mark]) -> npt.NDArray[np.bool_]:
    """The history's marked days, left out of what the forecast learns."""
    skip = np.zeros(panel.values.shape, dtype=bool)
    position = {site: i for i, site in enumerate(panel.sites)}
    for site, day in marks:
        i, t = position.get(site), panel.index(day)
        if i is not None and 0 <= t < panel.days:
            skip[i, t] = True
    return skip


class _Context:
    """What every target of one run shares: the blend, its errors and spreads per horizon."""

    def __init__(self, panel: Panel, blend: ensemble.Ensemble, params: Params) -> None:
        self.panel, self.blend, self.params = panel, blend, params
        self.last = _last_observed(blend.logs)
        self.learnt = Learnt()
        self.forecasts: dict[int, Array] = {}
        self.errors: dict[int, Array] = {}
        self.pooled: dict[int, tuple[float, float]] = {}
        self.spreads: dict[tuple[int, int, int], Spread] = {}

    def forecast(self, horizon: int) -> Array:
        if horizon not in self.forecasts:
            self.forecasts[horizon] = ensemble.forecast(self.blend, horizon)
        return self.forecasts[horizon]

    def spread(self, i: int, horizon: int, origin: int) -> Spread:
        if horizon not in self.errors:
            self.errors[horizon] = errs = self.blend.logs - self.forecast(horizon)
            # Typical spread over every site's last year: the same for all targets at a horizon.
            window = errs[:, max(0, int(self.last.max()) - self.params.window_days + 1) :]
            own, count = row_quantiles(window, (LOW_Q, HIGH_Q))
            self.pooled[horizon] = typical_spread(own, count, self.params, PRIOR_SPREAD)
        if (i, horizon, origin) not in self.spreads:
            start = max(0, origin - self.params.window_days + 1)
            row = self.errors[horizon][i : i + 1, start : origin + 1]
            own, count = row_quantiles(row, (LOW_Q, HIGH_Q))
            self.spreads[(i, horizon, origin)] = _shrunk(
                own, count, self.pooled[horizon], self.params
            )
        return self.spreads[(i, horizon, origin)]

    def predict(self, i: int, site: str, day: date, mark: Mark | None) -> Prediction:
        t = self.panel.index(day)
        origin = min(int(self.last[i]), t - 1)
        centre = float(self.forecast(t - origin)[i, t])
        if math.isnan(centre):  # a weekday never served and no level yet: the last services
            seen = self.blend.logs[i, : origin + 1]
            centre = float(np.median(seen[~np.isnan(seen)][-8:]))
        spread = self.spread(i, error_horizon(t - origin), origin)
        usual = LogForecast(centre, float(spread.low[0]), float(spread.high[0]))
        marked = apply_mark(usual, mark, self.learnt, site)
        expected, low, high = marked.rounded()
        return Prediction(
            site=site,
            day=day,
            expected=expected,
            low=low,
            high=high,
            expected_exact=marked.exact(),
            mark="" if mark is None else mark.kind,
            mark_effect=0 if mark is None else expected - usual.rounded()[0],
        )


@dataclass
class SiteForecast:
    """log(1 + covers) at the centre, and the interval's log offsets around it."""

    centre: float
    low: float
    high: float

    def covers(self, factor: float = 0.0, extra: float = 0.0) -> tuple[int, int, int]:
        """Whole covers, shifted by a log factor and widened by an extra log spread."""
        centre = self.centre + factor
        low = -math.hypot(self.low, extra)
        high = math.hypot(self.high, extra)
        expected, lower, upper = rounded(
            to_covers(np.array([centre])),
            to_covers(np.array([centre + low])),
            to_covers(np.array([centre + high])),
        )
        return int(expected[0]), int(lower[0]), int(upper[0])


def forecast_site(
    history: dict[date, float],
    targets: list[date],
    params: Params = Params(),
    prior_profile: Array | None = None,
    skip: frozenset[date] = frozenset(),
) -> tuple[list[SiteForecast], dict[date, float]]:
    """One site's forecasts for target days after its history, and the one-step errors of the
    skipped days (marked holidays, special days), which the model does not learn from."""
    if not history or not targets:
        return [], {}
    start = min(history)
    end = max(max(history), max(targets))
    values = np.full((1, (end - start).days + 1), np.nan)
    skipped = np.zeros_like(values, dtype=bool)
    for day, covers in history.items():
        values[0, (day - start).days] = covers
        skipped[0, (day - start).days] = day in skip
    panel = Panel(["site"], start, values)
    states = run_filter(panel, params, prior_profile, skipped)
    learnt = Panel(["site"], start, np.where(skipped, np.nan, values))
    dow = weekdays(panel)
    one_step = np.log1p(values) - log_forecast(states, dow, 1)
    skipped_errors = {
        start + timedelta(days=int(t)): float(one_step[0, t])
        for t in np.flatnonzero(skipped[0])
        if not np.isnan(one_step[0, t])
    }
    last = int(_last_observed(learnt.values)[0])
    if last < 0:  # every service so far was skipped: nothing learnt
        return [], skipped_errors
    out: list[SiteForecast] = []
    spreads: dict[tuple[int, int], tuple[float, float]] = {}
    yearly_cache: dict[int, Array] = {}
    for day in targets:
        t = (day - start).days
        origin = min(last, t - 1)
        horizon = error_horizon(t - origin)
        if (horizon, origin) not in spreads:
            errs = errors(learnt, states, horizon)
            window = errs[:, max(0, origin - params.window_days + 1) : origin + 1]
            spread = spread_at(window, params, PRIOR_SPREAD)
            spreads[(horizon, origin)] = (float(spread.low[0]), float(spread.high[0]))
        low, high = spreads[(horizon, origin)]
        centre = _centre(states, dow, 0, origin, t, yearly_cache)
        out.append(SiteForecast(centre=centre, low=low, high=high))
    return out, skipped_errors


def final_profiles(panel: Panel, params: Params = Params(), min_services: int = 3) -> Array:
    """Each site's weekday shape at the end of its history (NaN where it has no services)."""
    states = run_filter(panel, params)
    dow = weekdays(panel)
    served = np.stack(
        [(~np.isnan(panel.values[:, dow == d])).sum(axis=1) for d in range(7)], axis=1
    )
    profile = states.profile[:, -1, :] if panel.days else np.zeros((len(panel.sites), 7))
    return np.where(served >= min_services, profile, np.nan)
