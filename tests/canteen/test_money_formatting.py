"""Amounts as a person reads them: a space between a lettered currency and the digits."""

from __future__ import annotations

import pytest

from canteen.money import format_money

NB, NNB = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("minor", "currency", "locale", "shown"),
    [
        (4_022_500, "PEN", "en", f"PEN{NB}40,225.00"),
        (3_250_750, "XOF", "en", f"F{NNB}CFA{NB}3,250,750"),
        (4_022_500, "PEN", "fr", f"40{NNB}225,00{NB}PEN"),
        (3_250_750, "XOF", "fr", f"3{NNB}250{NNB}750{NB}F{NNB}CFA"),
        (280, "EUR", "en", "€2.80"),
        (280, "EUR", "fr", f"2,80{NB}€"),
        (-4_022_500, "PEN", "en", f"-PEN{NB}40,225.00"),
        (1_500, "CAD", "en", "CA$15.00"),
    ],
)
def test_amounts_read_as_the_locale_wants(
    minor: int, currency: str, locale: str, shown: str
) -> None:
    assert format_money(minor, currency, locale) == shown
