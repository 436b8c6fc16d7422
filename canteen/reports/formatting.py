"""Numbers, money, percentages and dates in the reader's language (Babel), for pages and charts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import (
    NumberPattern,
    format_currency,
    format_decimal,
    parse_pattern,
)

from canteen import i18n
from canteen.money import format_money, to_decimal

DASH = "—"


def lang(language: str | None = None) -> str:
    return language or i18n.language()


def number(value: int | float | None, language: str | None = None) -> str:
    return DASH if value is None else format_decimal(value, locale=lang(language))


def percent(value: float | None, language: str | None = None) -> str:
    """97 % in French, 97% in English; one decimal under 10 % so small shares are not 0 %."""
    if value is None:
        return DASH
    return str(_percent_pattern(lang(language), 0 < value < 0.1).apply(value, lang(language)))


@lru_cache(maxsize=64)
def _percent_pattern(language: str, decimal: bool) -> NumberPattern:
    """The language's percent pattern, with one decimal for small shares (parsed once)."""
    pattern = Locale.parse(language).percent_formats[None].pattern
    return parse_pattern(pattern.replace("#,##0", "#,##0.0") if decimal else pattern)


@lru_cache(maxsize=64)
def _whole_currency_pattern(language: str) -> NumberPattern:
    pattern = Locale.parse(language).currency_formats["standard"].pattern
    return parse_pattern(pattern.replace("0.00", "0"))


def money(amount_minor: int | None, currency: str, language: str | None = None) -> str:
    return DASH if amount_minor is None else format_money(amount_minor, currency, lang(language))


def money_axis(amount_minor: float, currency: str, language: str | None = None) -> str:
    """Money on a chart axis, without cents: 1 200 €."""
    value = to_decimal(int(round(amount_minor)), currency).quantize(Decimal(1))
    pattern = _whole_currency_pattern(lang(language))
    return str(
        format_currency(
            value, currency, format=pattern, locale=lang(language), currency_digits=False
        )
    )


def day(value: date, language: str | None = None) -> str:
    return str(format_date(value, format="medium", locale=lang(language)))


def month(value: date, language: str | None = None) -> str:
    """'mars 2026', 'March 2026'."""
    return str(format_skeleton("yMMMM", value, locale=lang(language)))


def month_short(value: date, language: str | None = None) -> str:
    """'mars', 'Mar' — for chart axes within a year."""
    return str(format_skeleton("MMM", value, locale=lang(language)))


def week(value: date, language: str | None = None) -> str:
    """A week by its Monday: '2 mars', 'Mar 2'."""
    return str(format_skeleton("MMMd", value, locale=lang(language)))


def period(start: date, end: date, language: str | None = None) -> str:
    """'1 mars – 30 avr. 2026'."""
    return str(format_interval(start, end, "yMMMd", locale=lang(language)))
