"""Report periods (inclusive local dates) and the week / month buckets, on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import msgspec

from canteen.errors import N_, DomainError

MAX_DAYS = 5 * 366 + 1


class InvalidPeriod(DomainError):
    status = 422
    message = N_("Choose a period with a start date before its end date (YYYY-MM-DD).")


class PeriodTooLong(DomainError):
    status = 422
    message = N_("A report period can be at most five years long.")


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """From start to end, both included, in each canteen's own local dates."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def today() -> date:
    return datetime.now(UTC).date()


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after day's month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week_start(day: date) -> date:
    """The Monday of day's ISO week."""
    return day - timedelta(days=day.weekday())


def last_months(count: int, until: date | None = None) -> Period:
    """The last `count` calendar months, the current one included, up to `until` (today)."""
    end = until or today()
    return Period(start=add_months(end, -(count - 1)), end=end)


def year(number: int) -> Period:
    return Period(start=date(number, 1, 1), end=date(number, 12, 31))


def make(start: date, end: date) -> Period:
    if start > end:
        raise InvalidPeriod()
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodTooLong()
    return Period(start=start, end=end)


def parse(start: str | None, end: str | None, default: Period | None = None) -> Period:
    """A period from two ISO dates typed in a form; missing ones come from the default."""
    fallback = default or last_months(12)
    try:
        first = date.fromisoformat(start.strip()) if start and start.strip() else fallback.start
        last = date.fromisoformat(end.strip()) if end and end.strip() else fallback.end
    except ValueError:
        raise InvalidPeriod() from None
    return make(first, last)


def weeks(period: Period) -> list[date]:
    """Every week (its Monday) that touches the period, in order."""
    first, result = week_start(period.start), []
    while first <= period.end:
        result.append(first)
        first += timedelta(days=7)
    return result


def months(period: Period) -> list[date]:
    first, result = month_start(period.start), []
    while first <= period.end:
        result.append(first)
        first = add_months(first, 1)
    return result


def as_date(value: object) -> date:
    """A date from what either engine returns (date on PostgreSQL, text on SQLite)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def week_sql(column: str, sqlite: bool) -> str:
    """SQL for the Monday of the column's week: a date on PostgreSQL, 'YYYY-MM-DD' on SQLite."""
    if sqlite:
        return f"date({column}, '-6 days', 'weekday 1')"
    return f"({column} - CAST(EXTRACT(ISODOW FROM {column}) AS INTEGER) + 1)"


def month_sql(column: str, sqlite: bool) -> str:
    """SQL for the first day of the column's month."""
    if sqlite:
        return f"strftime('%Y-%m-01', {column})"
    return f"({column} - CAST(EXTRACT(DAY FROM {column}) AS INTEGER) + 1)"
