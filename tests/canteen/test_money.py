"""Amounts as people see and type them: shown in their language, read back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from canteen import money
from canteen.money import InvalidAmount


def test_amounts_are_shown_the_way_each_language_writes_them() -> None:
    assert money.format_money(280, "EUR", "fr") == "2,80\xa0€"
    assert money.format_money(280, "eur", "en") == "€2.80"
    assert money.format_money(1234567, "EUR", "fr") == "12\u202f345,67\xa0€"
    assert money.format_money(150000, "XOF", "fr") == "150\u202f000\xa0F\u202fCFA"
    assert money.format_money(-5, "EUR", "en") == "-€0.05"


def test_french_is_the_default_language() -> None:
    assert money.format_money(280, "EUR") == "2,80\xa0€"
    assert money.parse_amount("2,50", "EUR") == 250


def test_minor_units_become_exact_decimals() -> None:
    assert money.to_decimal(280, "eur") == Decimal("2.80")
    assert str(money.to_decimal(5, "EUR")) == "0.05"
    assert money.to_decimal(1500, "XOF") == Decimal(1500)
    assert money.exponent("xof") == 0 and money.exponent("EUR") == 2


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        (" 2,50 ", 250),
        ("1 500", 150000),
        ("1\u00a0500,25", 150025),
        ("\u00a02,5\u00a0", 250),
    ],
)
def test_spaces_typed_or_pasted_around_and_inside_are_ignored(text: str, minor: int) -> None:
    assert money.parse_amount(text, "EUR", "fr") == minor


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "abc", "2,505", "nan", "inf", "1e999999999"])
def test_nothing_or_nonsense_is_refused(text: str) -> None:
    with pytest.raises(InvalidAmount):
        money.parse_amount(text, "EUR", "fr")


def test_the_tablet_gets_the_symbols_of_its_language_and_the_currency_decimals() -> None:
    french = money.amount_format("EUR", "fr")
    assert french["exponent"] == 2
    assert french["decimal"] == ","
    assert french["group"] == "\u202f"
    assert french["minus"] == "-"
    assert french["grouping"] == [3, 3]
    english = money.amount_format("XOF", "en")
    assert (english["exponent"], english["decimal"], english["group"]) == (0, ".", ",")
    zeros = french["digit_zeros"]
    assert zeros[:4] == [48, 0x660, 0x6F0, 0x7C0]  # Latin, Arabic-Indic, Persian, N'Ko
    assert all(chr(z + 9).isdecimal() for z in zeros)
