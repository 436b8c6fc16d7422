"""The covers model's parameters, shared by the filter (model.py) and its range (spread.py)."""

from __future__ import annotations

from dataclasses import dataclass


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
    restart_days: int = 21  # after a closure this long, relearn the weekday profile (0: never)
    restart_counts: float = 2.0  # services per weekday the old profile then counts for
