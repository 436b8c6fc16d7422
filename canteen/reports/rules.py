"""The reports' rules, pure: periods and their buckets, the small-cell rule, shares and averages.

Published results never show groups smaller than five (PRODUCT.md, principle 1). Figures drawn
from what diners say about themselves (survey answers, "first visit?") are protected in two steps:

1. Primary suppression: a count from 1 to 4 is hidden, and so is every figure of a breakdown whose
   base (the number of answers the shares are computed on) is under 5 — even its zeros, since
   "0 of 3 were sad" tells how the 3 answered. How many answered is itself always shown ("3
   answers: too few to show"): it says nothing of what anyone answered.
2. Complementary suppression: every published sum (a total and its parts, e.g. the answers to a
   question = the four smileys; the network = its canteens) must hide none or at least two of its
   members, otherwise the hidden one is the total minus the others. We repeat until no sum has
   exactly one hidden member, picking as the second the smallest visible member (the least loss).

A Grid holds the counts and the sums; `Grid.protect()` returns the keys to hide.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import date, timedelta

import msgspec

from canteen.reports.errors import InvalidPeriod, PeriodTooLong

MAX_DAYS = 5 * 366 + 1  # a period is at most five years long
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years an annual report may be asked for
THRESHOLD = 5  # the smallest group a published figure may show
# What a spreadsheet reads as the start of a formula (OWASP's CSV injection list, with the
# full-width forms some spreadsheets also accept).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


# --- periods ------------------------------------------------------------------------------------


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """From start to end, both included, in each canteen's own local dates."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def make(start: date, end: date) -> Period:
    """A period, refused when it runs backwards or lasts more than five years."""
    if start > end:
        raise InvalidPeriod()
    if (end - start).days + 1 > MAX_DAYS:
        raise PeriodTooLong()
    return Period(start=start, end=end)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after day's month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week_start(day: date) -> date:
    """The Monday of day's ISO week."""
    return day - timedelta(days=day.weekday())


def last_months(count: int, until: date) -> Period:
    """The last `count` calendar months, the one of `until` included, up to `until`."""
    return Period(start=add_months(until, -(count - 1)), end=until)


def year(number: int) -> Period:
    return Period(start=date(number, 1, 1), end=date(number, 12, 31))


def report_year(number: int) -> Period:
    """An annual report's year, refused outside 2000..2100."""
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise InvalidPeriod()
    return year(number)


def default_year(today: date) -> int:
    """The year a report is usually asked for: the last full one until February, then this one."""
    return today.year - 1 if today.month <= 2 else today.year


def weeks(period: Period) -> list[date]:
    """Every week (its Monday) that touches the period, in order."""
    first, result = week_start(period.start), []
    while first <= period.end:
        result.append(first)
        first += timedelta(days=7)
    return result


def months(period: Period) -> list[date]:
    """Every month (its first day) that touches the period, in order."""
    first, result = month_start(period.start), []
    while first <= period.end:
        result.append(first)
        first = add_months(first, 1)
    return result


def whole_months(period: Period) -> tuple[tuple[date, date] | None, list[Period]]:
    """The whole months inside a period [first, after last), and the days around them."""
    first_full = period.start if period.start.day == 1 else add_months(period.start, 1)
    after_full = month_start(period.end + timedelta(days=1))
    if first_full >= after_full:
        return None, [period]
    edges = []
    if period.start < first_full:
        edges.append(Period(start=period.start, end=first_full - timedelta(days=1)))
    if after_full <= period.end:
        edges.append(Period(start=after_full, end=period.end))
    return (first_full, after_full), edges


# --- shares and averages ------------------------------------------------------------------------


def share(part: int, whole: int | None) -> float | None:
    """part / whole for display (percentages are not money); None when there is no whole."""
    if not whole:
        return None
    return part / whole


def per_cover(amount_minor: int, covers: int) -> int | None:
    """An amount per cover in minor units, rounded half up, in integers; None without covers."""
    if covers <= 0:
        return None
    return (2 * amount_minor + covers) // (2 * covers)


def hours(minutes: int) -> int:
    """Whole hours for a key figure (half an hour and more counts up)."""
    return (minutes + 30) // 60


# --- the small-cell rule ------------------------------------------------------------------------


def is_small(count: int, threshold: int = THRESHOLD) -> bool:
    """A group of 1 to 4 people is too small to publish (nobody, 0, gives nothing away)."""
    return 0 < count < threshold


def has_small_group(values: Sequence[int], threshold: int = THRESHOLD) -> bool:
    """Whether a question's four smiley counts at one place have a group to hide: too few answers
    in all, or a smiley, "yes" (3 + 4) or "not yes" (1 + 2) of 1 to 4 people."""
    groups = [*values, values[0] + values[1], values[2] + values[3]]
    return sum(values) < threshold or any(is_small(n, threshold) for n in groups)


class Grid:
    """Counts by key, and the sums that will be published (total = sum of parts)."""

    def __init__(self) -> None:
        self.counts: dict[Hashable, int] = {}
        self.fixed: set[Hashable] = set()
        self.sums: list[tuple[Hashable, tuple[Hashable, ...]]] = []
        self.bases: list[tuple[Hashable, tuple[Hashable, ...]]] = []

    def cell(self, key: Hashable, count: int, *, fixed: bool = False) -> None:
        """A count; fixed ones (how many answered) are always published."""
        self.counts[key] = int(count)
        if fixed:
            self.fixed.add(key)

    def add_sum(self, total: Hashable, parts: Iterable[Hashable], *, base: bool = False) -> None:
        """total = sum(parts) is published; with base=True, parts are shares of the total."""
        members = tuple(parts)
        self.sums.append((total, members))
        if base:
            self.bases.append((total, members))

    def protect(self, threshold: int = THRESHOLD) -> set[Hashable]:
        """The keys to hide: small cells, breakdowns of small bases, and their complements."""
        hidden = {
            key
            for key, n in self.counts.items()
            if is_small(n, threshold) and key not in self.fixed
        }
        for total, parts in self.bases:
            if self.counts.get(total, 0) < threshold:
                hidden.update(key for key in (total, *parts) if key not in self.fixed)
        changed = bool(hidden)  # nothing small: nothing to complete
        while changed:
            changed = False
            for total, parts in self.sums:
                members = (total, *parts)
                # A sum of nothing (no canteen had data) gives nothing away.
                if not parts or sum(1 for key in members if key in hidden) != 1:
                    continue
                extra = self._complement(members, hidden) - hidden
                if not extra:
                    raise ValueError(f"cannot protect {members!r}: its parts are always shown")
                hidden.update(extra)
                changed = True
        return hidden

    def _complement(self, members: tuple[Hashable, ...], hidden: set[Hashable]) -> set[Hashable]:
        """What to hide with the one hidden member: the smallest visible part, else the total."""
        total, *parts = members
        visible = [key for key in parts if key not in hidden and key not in self.fixed]
        positive = [key for key in visible if self.counts.get(key, 0) > 0]
        pool = positive or visible
        if pool:
            return {min(pool, key=lambda key: (self.counts.get(key, 0), str(key)))}
        if total not in self.fixed:
            return {total}
        raise ValueError(f"cannot protect {members!r}: every other member is always shown")


def shown(value: int, key: Hashable, hidden: set[Hashable]) -> int | None:
    """The value, or None when it must not be published."""
    return None if key in hidden else value


def spreadsheet_text(text: str) -> str:
    """A text cell for a CSV file that no spreadsheet runs as a formula (OWASP's rule: one that
    starts like a formula, spaces aside, gets a leading single quote and shows as typed).

    Only for text (names, cities, labels): numbers the reports compute are written as numbers."""
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text
