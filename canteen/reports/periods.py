"""Report periods from what a reader typed, and their month buckets in SQL, on both engines.

The arithmetic of periods is pure and lives in canteen.reports.rules.
"""

from __future__ import annotations

from datetime import date, datetime

from canteen import clock
from canteen.reports import rules
from canteen.reports.errors import InvalidPeriod
from canteen.reports.rules import Period


def today() -> date:
    """The network's today (UTC): reports span canteens in several time zones."""
    return clock.utc_today()


def last_months(count: int, until: date | None = None) -> Period:
    """The last `count` calendar months, the current one included, up to `until` (today)."""
    return rules.last_months(count, until or today())


def parse(start: str | None, end: str | None, default: Period | None = None) -> Period:
    """A period from two ISO dates typed in a form; missing ones come from the default."""
    fallback = default or last_months(12)
    try:
        first = date.fromisoformat(start.strip()) if start and start.strip() else fallback.start
        last = date.fromisoformat(end.strip()) if end and end.strip() else fallback.end
    except ValueError:
        raise InvalidPeriod() from None
    return rules.make(first, last)


def as_date(value: object) -> date:
    """A date from what either engine returns (date on PostgreSQL, text on SQLite)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def month_sql(column: str, sqlite: bool) -> str:
    """SQL for the first day of the column's month."""
    if sqlite:
        return f"strftime('%Y-%m-01', {column})"
    return f"({column} - CAST(EXTRACT(DAY FROM {column}) AS INTEGER) + 1)"
