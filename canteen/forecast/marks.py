"""Marked days: what each kind of mark does to a canteen's covers, learnt from its own past.

A history or a list of days to forecast may mark a day:

- closed: no service. A closed day in the history is left out of everything learnt (its covers,
  often written as 0 or left empty, say nothing about the diners); a closed day to forecast is
  forecast 0, with the interval 0–0, and its mark_effect is minus the forecast it replaces.
- holiday, special, strike: the day is left out of the usual pattern, and its forecast is the
  usual one times the kind's effect: the mean log ratio of the canteen's past days of that kind
  to what was forecast for them. A canteen with few such days borrows from the other sites of
  the same run (the network), and an effect seen nowhere is taken as none, with a wider range.
- change, with a number of covers (a school trip: -30): the usual forecast plus that number,
  scaled by how much of an announced change the canteen's past changes came true (1 until known).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from canteen.forecast.model import Array, rounded, to_covers

KINDS = ("closed", "holiday", "special", "strike", "change")
FACTOR_KINDS = ("holiday", "special", "strike")
SITE_PRIOR = 3.0  # a site's own days of a kind needed before its own effect dominates
NETWORK_PRIOR = 2.0  # days the network needs before an effect counts at all
UNKNOWN_SPREAD = 0.25  # extra log spread for a kind with no past days
MIN_QUANTILE_DAYS = 5  # days of a kind needed to read its own 80% range


@dataclass(frozen=True)
class Mark:
    kind: str  # one of KINDS
    change: float = 0.0  # covers added by a change (negative: fewer)

    def label(self) -> str:
        return f"change {self.change:+g}" if self.kind == "change" else self.kind


@dataclass
class Effect:
    """A kind's effect at one site: log factor, and low/high log offsets of its errors."""

    factor: float = 0.0
    low: float | None = None  # None: no range of its own, widen by UNKNOWN_SPREAD
    high: float | None = None
    scale: float = 1.0  # for changes: share of the announced change that comes true


@dataclass
class Learnt:
    """Past marked days: (site, log error) per kind, and (site, ratio) for changes."""

    errors: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    ratios: list[tuple[str, float]] = field(default_factory=list)


def learn(
    marks: dict[tuple[str, date], Mark],
    logs: Array,
    forecast: Array,
    sites: list[str],
    start: date,
) -> Learnt:
    """Errors of the usual forecast on the past marked days (logs: the covers, unskipped)."""
    learnt = Learnt()
    position = {site: i for i, site in enumerate(sites)}
    n_days = logs.shape[1]
    for (site, day), mark in marks.items():
        i, t = position.get(site), (day - start).days
        if i is None or not 0 <= t < n_days or mark.kind == "closed":
            continue
        actual, usual = logs[i, t], forecast[i, t]
        if math.isnan(actual) or math.isnan(usual):
            continue
        if mark.kind == "change":
            if mark.change:
                ratio = (math.expm1(actual) - math.expm1(usual)) / mark.change
                learnt.ratios.append((site, min(max(ratio, 0.0), 2.0)))
            continue
        learnt.errors.setdefault(mark.kind, []).append((site, float(actual - usual)))
    return learnt


def effect(learnt: Learnt, site: str, kind: str) -> Effect:
    """The kind's effect at a site: its own past days shrunk towards the network's."""
    if kind == "change":
        every = [r for _s, r in learnt.ratios]
        own = [r for s, r in learnt.ratios if s == site]
        pooled = (sum(every) + NETWORK_PRIOR) / (len(every) + NETWORK_PRIOR)
        return Effect(scale=(sum(own) + SITE_PRIOR * pooled) / (len(own) + SITE_PRIOR))
    every_errors = [e for _s, e in learnt.errors.get(kind, [])]
    own_errors = [e for s, e in learnt.errors.get(kind, []) if s == site]
    pooled = sum(every_errors) / (len(every_errors) + NETWORK_PRIOR)
    factor = (sum(own_errors) + SITE_PRIOR * pooled) / (len(own_errors) + SITE_PRIOR)
    basis = own_errors if len(own_errors) >= MIN_QUANTILE_DAYS else every_errors
    if len(basis) < MIN_QUANTILE_DAYS:
        return Effect(factor=factor)
    low, high = np.quantile(np.asarray(basis) - np.mean(basis), (0.1, 0.9))
    return Effect(factor=factor, low=float(low), high=float(high))


@dataclass(frozen=True)
class LogForecast:
    """log(1 + covers) at the centre, and the 80% range's log offsets around it."""

    centre: float
    low: float
    high: float
    shift: float = 0.0  # covers added after the log forecast (a change)
    closed: bool = False

    def exact(self) -> float:
        return 0.0 if self.closed else max(math.expm1(self.centre) + self.shift, 0.0)

    def rounded(self) -> tuple[int, int, int]:
        if self.closed:
            return 0, 0, 0
        expected, low, high = rounded(
            np.array([self.exact()]),
            np.maximum(to_covers(np.array([self.centre + self.low])) + self.shift, 0.0),
            np.maximum(to_covers(np.array([self.centre + self.high])) + self.shift, 0.0),
        )
        return int(expected[0]), int(low[0]), int(high[0])


def apply_mark(usual: LogForecast, mark: Mark | None, learnt: Learnt, site: str) -> LogForecast:
    """The usual forecast moved by a day's mark."""
    if mark is None:
        return usual
    if mark.kind == "closed":
        return LogForecast(usual.centre, 0.0, 0.0, closed=True)
    found = effect(learnt, site, mark.kind)
    if mark.kind == "change":
        return LogForecast(usual.centre, usual.low, usual.high, shift=found.scale * mark.change)
    if found.low is None or found.high is None:
        low = -math.hypot(usual.low, UNKNOWN_SPREAD)
        high = math.hypot(usual.high, UNKNOWN_SPREAD)
    else:
        low, high = min(usual.low, found.low), max(usual.high, found.high)
    return LogForecast(usual.centre + found.factor, low, high)
