"""Money in integer minor units with an ISO 4217 currency. Never floats."""

from __future__ import annotations

import sys
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from babel import Locale
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)

from canteen.errors import N_, DomainError


class InvalidAmount(DomainError):
    status = 422
    message = N_("This amount is not valid.")


def exponent(currency: str) -> int:
    """How many decimals the currency has (EUR 2, XOF 0)."""
    return int(get_currency_precision(currency.upper()))


def to_decimal(amount_minor: int, currency: str) -> Decimal:
    return Decimal(amount_minor).scaleb(-exponent(currency))


NBSP = "\u00a0"


def _letter_like(char: str) -> bool:
    """Neither a symbol (€, $) nor a space: CLDR's currencyMatch [[:^S:]&[:^Z:]]."""
    return unicodedata.category(char)[0] not in {"S", "Z"}


def currency_spacing(text: str, symbol: str) -> str:
    """CLDR's currency spacing, which Babel does not apply: a no-break space between a digit and
    a currency symbol made of letters ('PEN 40,225.00', 'F CFA 3,250,750'; '€2.80' stays)."""
    at = text.find(symbol) if symbol else -1
    if at < 0:
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and _letter_like(symbol[-1]):
        return text[:end] + NBSP + text[end:]
    if at > 0 and text[at - 1].isdigit() and _letter_like(symbol[0]):
        return text[:at] + NBSP + text[at:]
    return text


def format_money(amount_minor: int, currency: str, locale: str = "fr") -> str:
    """'2,80 €' in French, '€2.80' in English, 'PEN 40,225.00', '3 250 750 F CFA'…"""
    code = currency.upper()
    text = format_currency(to_decimal(amount_minor, currency), code, locale=locale)
    return currency_spacing(text, get_currency_symbol(code, locale=locale))


def parse_amount(text: str, currency: str, locale: str = "fr") -> int:
    """Read an amount typed by a person ('2,50' or '2.50') into minor units, exactly."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise InvalidAmount()
    try:
        # strict: '112,00' typed on an English page is 112.00, not 11200 read as grouping.
        value = parse_decimal(cleaned, locale=locale, strict=True)
    except (NumberFormatError, ArithmeticError):  # babel cannot write '6,e30' back: not grouped
        try:
            value = Decimal(cleaned.replace(",", "."))
        except InvalidOperation:
            raise InvalidAmount() from None
    if not value.is_finite():
        raise InvalidAmount()
    try:
        scaled = value.scaleb(exponent(currency))
    except ArithmeticError:  # '1e999999999': past what a Decimal holds
        raise InvalidAmount() from None
    if scaled != scaled.to_integral_value():
        raise InvalidAmount()
    return int(scaled)


@cache
def _digit_zeros() -> tuple[int, ...]:
    """The code points of every Unicode zero digit: Decimal reads '١٢' (or any other script's
    digits, each run of ten from its zero) as 12."""
    return tuple(c for c in range(sys.maxunicode + 1) if unicodedata.decimal(chr(c), -1) == 0)


def amount_format(currency: str, locale: str) -> dict[str, Any]:
    """What a script needs to read an amount exactly as parse_amount does, in this language:
    the currency's decimals, the language's symbols and grouping, the digits Decimal knows."""
    pattern = Locale.parse(locale).decimal_formats[None]
    return {
        "exponent": exponent(currency),
        "decimal": get_decimal_symbol(locale),
        "group": get_group_symbol(locale),
        "minus": format_decimal(-1, locale=locale).removesuffix("1"),
        "grouping": list(pattern.grouping),
        "digit_zeros": list(_digit_zeros()),
    }
