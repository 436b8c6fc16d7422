"""A shopping list never buys too little, and never a whole unit more than needed; a portion's
cost is the exact fraction rounded half up."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canteen.recipes import rules
from canteen.recipes.errors import CoversForListInvalid

QUANTITIES = st.fractions(min_value=Fraction(1, 1000), max_value=5000, max_denominator=2000)


def bought(unit: str, quantity: Fraction) -> tuple[Fraction, Fraction]:
    """What the list says to buy, in the sheet's unit, and the rounding step it used."""
    text, shown_unit = rules.to_buy(unit, quantity)
    value = Fraction(Decimal(text))
    if shown_unit != unit:  # g or ml
        step = Fraction(10 if value > rules.SMALL_ROUNDING_ABOVE else 1, 1000)
        return value / 1000, step
    return value, Fraction(1) if unit not in rules.SMALL_UNITS else Fraction(1, 100)


def test_four_pieces_for_sixteen_portions_made_for_five_covers_buys_two() -> None:
    assert rules.to_buy("piece", 4 * rules.scale(5, 16)) == ("2", "piece")
    assert rules.to_buy("piece", Fraction(7, 4)) == ("2", "piece")
    assert rules.to_buy("piece", Fraction(8)) == ("8", "piece")


def test_small_quantities_are_shown_in_grams_rounded_up() -> None:
    assert rules.to_buy("kg", Fraction(743, 1000)) == ("750", "g")
    assert rules.to_buy("kg", Fraction(100, 1000)) == ("100", "g")
    assert rules.to_buy("kg", Fraction(1001, 10000)) == ("110", "g")
    assert rules.to_buy("kg", Fraction(99_5, 10_000)) == ("100", "g")
    assert rules.to_buy("l", Fraction(1, 1000)) == ("1", "ml")
    assert rules.to_buy("kg", Fraction(4041, 1000)) == ("4.05", "kg")
    assert rules.to_buy("kg", Fraction(1)) == ("1", "kg")
    assert rules.to_buy("l", Fraction(3, 2)) == ("1.5", "l")


@given(QUANTITIES, st.sampled_from(["kg", "l", "piece", "bunch"]))
def test_the_list_buys_at_least_what_is_needed_and_less_than_one_step_more(
    quantity: Fraction, unit: str
) -> None:
    value, step = bought(unit, quantity)
    assert quantity <= value < quantity + step


@given(QUANTITIES)
def test_thousandths_to_buy_round_up(quantity: Fraction) -> None:
    milli = rules.quantity_to_buy_milli(quantity)
    assert quantity * 1000 <= milli < quantity * 1000 + 1


@given(
    st.fractions(min_value=0, max_value=10_000_000, max_denominator=1000),
    st.integers(min_value=1, max_value=500),
)
def test_cost_per_portion_is_the_exact_fraction_rounded_half_up(
    cost: Fraction, portions: int
) -> None:
    assert rules.per_portion(cost, portions) == math.floor(cost / portions + Fraction(1, 2))


def test_a_portion_cost_half_a_cent_goes_up() -> None:
    assert rules.per_portion(Fraction(5), 2) == 3
    assert rules.per_portion(Fraction(1000), 6) == 167
    assert rules.per_portion(Fraction(7, 4), 1) == 2
    assert rules.per_portion(Fraction(9, 4), 1) == 2
    assert rules.round_half_up(Fraction(1, 2)) == 1
    assert rules.round_half_up(Fraction(49, 100)) == 0


def test_a_merged_line_keeps_its_unit_and_too_many_covers_names_the_limit() -> None:
    sheets = [{"id": 1, "slug": "dhal", "portions": 4}]
    rows = [
        {"recipe": 1, "position": 0, "name": "Riz", "unit": "kg", "quantity_milli": 500},
        {"recipe": 1, "position": 1, "name": "Riz", "unit": "piece", "quantity_milli": 1000},
    ]
    for row in rows:
        row["unit_cost_minor"] = 100
    lines = rules.merge_ingredients(sheets, rows, 8)
    assert [(line.name, line.unit, line.quantity) for line in lines] == [
        ("Riz", "kg", 1),
        ("Riz", "piece", 2),
    ]
    with pytest.raises(CoversForListInvalid) as refused:
        rules.check_covers(rules.MAX_COVERS + 1)
    assert refused.value.params == {"max": rules.MAX_COVERS}
    rules.check_covers(rules.MAX_COVERS)
