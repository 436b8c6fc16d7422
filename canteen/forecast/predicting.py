"""Forecasts for given days, for any sites, with their marked days: the blend of ensemble.py and
the mark effects of marks.py. The one forecasting path: `canteen forecast predict` and
`backtest`, and the canteen's own pages (planning.py) all come through `predict`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

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
    _extend,
    _first_observed,
    _last_observed,
    _shrunk,
    error_horizon,
    row_quantiles,
    run_filter,
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


def final_profiles(panel: Panel, params: Params = Params(), min_services: int = 3) -> Array:
    """Each site's weekday shape at the end of its history (NaN where it has no services)."""
    states = run_filter(panel, params)
    dow = weekdays(panel)
    served = np.stack(
        [(~np.isnan(panel.values[:, dow == d])).sum(axis=1) for d in range(7)], axis=1
    )
    profile = states.profile[:, -1, :] if panel.days else np.zeros((len(panel.sites), 7))
    return np.where(served >= min_services, profile, np.nan)
