"""Conservation batches' rules, pure: how long each way of keeping food lasts (the canteen's own
table over sensible defaults), the use-by date, portions left, and what expires soon.

No database, no HTTP, no translation. Each default names its source (README, "Conservation").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from canteen.conservation.errors import (
    KeepDaysInvalid,
    MadeDateInvalid,
    MethodUnknown,
    NotEnoughPortions,
    PortionsInvalid,
)
from canteen.errors import N_

METHODS: dict[str, str] = {
    "chilled": N_("Chilled (fridge, 0–3 °C)"),
    "frozen": N_("Frozen (−18 °C)"),
    "pasteurised": N_("Pasteurised in jars, kept chilled"),
    "canned": N_("Canned (sterilised jars)"),
}


@dataclass(frozen=True)
class Default:
    days: int
    source: str  # shown in the README; not translated (a reference)


DEFAULTS: dict[str, Default] = {
    # Cooked dishes cooled fast and kept chilled in collective catering: use by day 3.
    "chilled": Default(
        3, "France, arrêté du 21 décembre 2009, annexe IV (plats cuisinés à l'avance)"
    ),
    # Quality, not safety, limits frozen cooked dishes: 3 to 4 months.
    "frozen": Default(90, "USDA FSIS, Leftovers and Food Safety (frozen leftovers: 3 to 4 months)"),
    # Chilled foods pasteurised in closed jars: the "10 day rule" against C. botulinum.
    "pasteurised": Default(
        10, "UK FSA, vacuum and modified atmosphere packed chilled foods (10 days)"
    ),
    # Properly sterilised jars: best within a year.
    "canned": Default(365, "USDA Complete Guide to Home Canning (use within one year)"),
}
MAX_PORTIONS = 1000
MAX_KEEP_DAYS = 730
EXPIRING_WITHIN_DAYS = 2  # the coordinator's list: what expires today or in the next 2 days


def check_method(method: str) -> str:
    if method not in METHODS:
        raise MethodUnknown()
    return method


def check_portions(portions: int) -> int:
    if not 1 <= portions <= MAX_PORTIONS:
        raise PortionsInvalid(max=MAX_PORTIONS)
    return portions


def check_keep_days(days: int) -> int:
    if not 1 <= days <= MAX_KEEP_DAYS:
        raise KeepDaysInvalid(max=MAX_KEEP_DAYS)
    return days


def keep_days(method: str, own: Mapping[str, int]) -> int:
    """How many days food kept this way lasts: the canteen's own rule, else the default."""
    check_method(method)
    return own.get(method, DEFAULTS[method].days)


def use_by(made: date, method: str, own: Mapping[str, int], today: date) -> date:
    """The last day to eat a batch made on `made`; a batch is never made in the future."""
    if made > today:
        raise MadeDateInvalid()
    last = made + timedelta(days=keep_days(method, own))
    if last < today:
        raise MadeDateInvalid()  # recording food already past its use-by
    return last


def portions_left(portions: int, moves: Iterable[Mapping[str, Any]]) -> int:
    return portions - sum(int(move["portions"]) for move in moves)


def check_take(wanted: int, left: int) -> None:
    """Portions used or discarded: at least one, never more than are left."""
    check_portions(wanted)
    if wanted > left:
        raise NotEnoughPortions(left=left)


def expiring(use_by_date: date, today: date, left: int) -> bool:
    """On the coordinator's list: portions left and a use-by within the next 2 days (or past)."""
    return left > 0 and use_by_date <= today + timedelta(days=EXPIRING_WITHIN_DAYS)
