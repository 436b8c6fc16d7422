"""The forecast: a blend of six forecasters, weighted per site by their recent errors.

- the smoothed model (model.py: a Kalman level, a slowly learnt weekday profile, last year's
  change over the same days): best where covers are noisy and the calendar repeats;
- the same model steadier (no yearly term, a faster profile) and nimble (faster level too):
  they follow a drift or a new weekday habit;
- the median of each weekday's last 8 services, and of its last 4 (robust.py): one odd day
  moves them little, a changed habit is followed within weeks;
- that 8-service median plus the median residual of the last two weeks: robust, follows a drift.

Each site's weights are the inverse 4th power of each forecaster's mean absolute log error over
the last 12 weeks (forecasts made 4 days ahead, scored only on what was known then), shrunk
towards equal weights while there are few errors. A site whose covers are steady ends up
leaning on the medians, a noisy one on the smoothed model: nothing is tuned to one world.
Days the canteen marked (holiday, strike…) are left out of everything learnt here; marks.py
learns their effect. The interval comes from the blend's own past errors (predicting.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from canteen.forecast import robust
from canteen.forecast.model import Array, Panel, Params, States, log_forecast, run_filter, weekdays

NIMBLE = Params(level_drift=0.05, profile_rate=0.15, yearly_weight=0.0)
STEADY = Params(profile_rate=0.10, yearly_weight=0.0)
NAMES = ("smoothed", "nimble", "median", "median_recent", "steady", "median4")
WEIGHT_POWER = 4.0  # sharper than inverse variance: the best forecaster of a site counts most
WEIGHT_HORIZON = 4  # the forecasts whose errors set the weights
WEIGHT_DAYS = 84  # the errors of the last 12 weeks
WEIGHT_PRIOR = 6.0  # errors a site needs before its own weights dominate
MIN_ERROR = 0.01  # no forecaster is ever trusted as if it were perfect


@dataclass
class Ensemble:
    logs: Array  # log(1 + covers) learnt from (NaN on skipped days)
    dow: npt.NDArray[np.int64]
    smoothed: States
    nimble: States
    steady: States
    medians: Array  # (sites, days, 7)
    short_medians: Array
    correction: Array  # (sites, days)
    weights: Array  # (candidates, sites, days): the weights known at each origin


def build(
    panel: Panel,
    params: Params = Params(),
    prior_profile: Array | None = None,
    skip: npt.NDArray[np.bool_] | None = None,
) -> Ensemble:
    logs = np.log1p(panel.values)
    if skip is not None:
        logs = np.where(skip, np.nan, logs)
    dow = weekdays(panel)
    medians = robust.weekday_medians(logs, dow)
    ensemble = Ensemble(
        logs=logs,
        dow=dow,
        smoothed=run_filter(panel, params, prior_profile, skip),
        nimble=run_filter(panel, NIMBLE, prior_profile, skip),
        steady=run_filter(panel, STEADY, prior_profile, skip),
        medians=medians,
        short_medians=robust.weekday_medians(logs, dow, 4),
        correction=robust.recent_correction(logs, dow, medians),
        weights=np.zeros((len(NAMES), *logs.shape)),
    )
    ensemble.weights = _weights(ensemble)
    return ensemble


def candidates(ensemble: Ensemble, horizon: int) -> Array:
    """(candidates, sites, days): each forecaster's log forecast made `horizon` days before."""
    n_sites, n_days = ensemble.logs.shape
    out = np.full((len(NAMES), n_sites, n_days), np.nan)
    out[0] = log_forecast(ensemble.smoothed, ensemble.dow, horizon)
    out[1] = log_forecast(ensemble.nimble, ensemble.dow, horizon)
    if horizon < n_days:
        target = np.arange(horizon, n_days)
        origin = target - horizon
        median = ensemble.medians[:, origin, ensemble.dow[target]]
        out[2][:, target] = median
        out[3][:, target] = median + ensemble.correction[:, origin]
        out[5][:, target] = ensemble.short_medians[:, origin, ensemble.dow[target]]
    out[4] = log_forecast(ensemble.steady, ensemble.dow, horizon)
    return out


def _weights(ensemble: Ensemble) -> Array:
    """Inverse squared recent mean absolute error of each forecaster, per site and origin."""
    found = candidates(ensemble, WEIGHT_HORIZON)
    errors = np.abs(ensemble.logs[None] - found)
    valid = ~np.isnan(errors)
    sums = _rolling_sum(np.where(valid, errors, 0.0), WEIGHT_DAYS)
    counts = _rolling_sum(valid.astype(float), WEIGHT_DAYS)
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.where(counts > 0, sums / counts, 0.0)
        known = (counts > 0).sum(axis=0)
        pooled = np.where(known > 0, own.sum(axis=0) / known, 1.0)
    shrunk = (sums + WEIGHT_PRIOR * pooled[None]) / (counts + WEIGHT_PRIOR)
    return 1.0 / np.maximum(shrunk, MIN_ERROR) ** WEIGHT_POWER


def _rolling_sum(values: Array, days: int) -> Array:
    """Sum over the last `days` days up to and including each day (last axis)."""
    total = np.cumsum(values, axis=-1)
    out = total.copy()
    out[..., days:] -= total[..., :-days]
    return out


def forecast(ensemble: Ensemble, horizon: int) -> Array:
    """(sites, days): the blend's log forecast for each day, made `horizon` days before it."""
    found = candidates(ensemble, horizon)
    n_days = found.shape[2]
    weights = np.zeros_like(found)
    if horizon < n_days:
        weights[:, :, horizon:] = ensemble.weights[:, :, : n_days - horizon]
    weights = np.where(np.isnan(found), 0.0, weights)
    total = weights.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        blend = (weights * np.nan_to_num(found)).sum(axis=0) / total
    return np.where(total > 0, blend, np.nan)


def errors(ensemble: Ensemble, horizon: int) -> Array:
    """Log errors (actual − forecast) of the blend's forecasts made `horizon` days ahead."""
    return ensemble.logs - forecast(ensemble, horizon)
