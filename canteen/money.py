"""Money in integer minor units with an ISO 4217 currency. Never floats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_currency, get_currency_precision, parse_decimal

from canteen.errors import N_, DomainError


class InvalidAmount(DomainError):
    status = 422
    message = N_("This amount is not valid.")


def exponent(currency: str) -> int:
    """How many decimals the currency has (EUR 2, XOF 0)."""
    return int(get_currency_precision(currency.upper()))


def to_decimal(amount_minor: int, currency: str) -> Decimal:
    return Decimal(amount_minor).scaleb(-exponent(currency))


def format_money(amount_minor: int, currency: str, locale: str = "fr") -> str:
    """'2,80 €' in French, '€2.80' in English, 'CFA 1 500' for XOF…"""
    return format_currency(to_decimal(amount_minor, currency), currency.upper(), locale=locale)


def parse_amount(text: str, currency: str, locale: str = "fr") -> int:
    """Read an amount typed by a person ('2,50' or '2.50') into minor units, exactly."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise InvalidAmount()
    try:
        # strict: '112,00' typed on an English page is 112.00, not 11200 read as grouping.
        value = parse_decimal(cleaned, locale=locale, strict=True)
    except NumberFormatError:
        try:
            value = Decimal(cleaned.replace(",", "."))
        except InvalidOperation:
            raise InvalidAmount() from None
    if not value.is_finite():
        raise InvalidAmount()
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise InvalidAmount()
    return int(scaled)
