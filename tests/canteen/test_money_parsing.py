"""Amounts typed by a person are read as they meant them, in their own language."""

from __future__ import annotations

import pytest

from canteen.money import InvalidAmount, parse_amount

READ = [
    ("112,00", "EUR", "en", 11200),  # a decimal comma on an English page is not grouping
    ("112.00", "EUR", "en", 11200),
    ("1,000", "EUR", "en", 100000),
    ("112,50", "EUR", "fr", 11250),
    ("112.50", "EUR", "fr", 11250),
    ("1 500", "XOF", "fr", 1500),
    ("112.50", "CAD", "ar", 11250),
    ("3,20", "EUR", "nl", 320),
    ("3.20", "EUR", "nl", 320),
    ("7,5", "PEN", "es", 750),
]


@pytest.mark.parametrize(("text", "currency", "language", "minor"), READ)
def test_amounts_are_read_as_meant(text: str, currency: str, language: str, minor: int) -> None:
    assert parse_amount(text, currency, language) == minor


@pytest.mark.parametrize(
    ("text", "currency"), [("2,505", "EUR"), ("250,50", "XOF"), ("abc", "EUR")]
)
def test_amounts_finer_than_the_currency_or_not_numbers_are_refused(
    text: str, currency: str
) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(text, currency, "fr")
