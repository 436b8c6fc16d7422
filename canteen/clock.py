"""Now and "today": the one home for the time.

Stored times are UTC. A canteen's day is its own local date (its time zone), never the server's
local date: a meal service is keyed by it. Network-wide figures that have no canteen use the
UTC date. Tests move the clock with `freeze` rather than patching each caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

_frozen: datetime | None = None


def now() -> datetime:
    """The current moment, time-zone aware, in UTC (to the second: nothing needs finer)."""
    moment = _frozen or datetime.now(UTC)
    return moment.replace(microsecond=0)


def utc_today() -> date:
    """Today's UTC date: for the network's figures that belong to no one canteen."""
    return now().date()


def local_now(timezone: str) -> datetime:
    """The current moment on this canteen's wall clock."""
    return now().astimezone(ZoneInfo(timezone))


def local_today(timezone: str) -> date:
    """Today at this canteen: the date its meal service is keyed by."""
    return local_now(timezone).date()


def days_ago(days: float) -> datetime:
    return now() - timedelta(days=days)


@contextmanager
def freeze(moment: datetime) -> Iterator[None]:
    """Stop the clock at `moment` (aware) for the block: tests and demo data."""
    global _frozen
    previous, _frozen = _frozen, moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous
