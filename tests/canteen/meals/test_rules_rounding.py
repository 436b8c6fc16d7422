"""The day's averages are rounded half up, exactly as a person would with the exact fraction."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from canteen.meals import rules

AMOUNTS = st.integers(min_value=0, max_value=10_000_000)
COVERS = st.integers(min_value=1, max_value=2000)


def half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def test_a_close_out_of_ten_euros_over_six_covers_is_1_67_a_cover() -> None:
    assert rules.average_per_cover(1000, 6) == 167
    assert rules.cost_per_portion(1000, 6, None, closed=True) == 167


def test_exact_halves_go_up_and_just_below_half_goes_down() -> None:
    assert rules.average_per_cover(5, 2) == 3  # 2.5 → 3
    assert rules.average_per_cover(7, 4) == 2  # 1.75 → 2
    assert rules.average_per_cover(9, 4) == 2  # 2.25 → 2
    assert rules.cost_per_portion(25, 10, None, closed=True) == 3  # 2.5 → 3
    assert rules.cost_per_portion(1049, 10, None, closed=True) == 105  # 104.9 → 105
    assert rules.cost_per_portion(1044, 10, None, closed=True) == 104  # 104.4 → 104


def test_no_cover_no_average_and_no_portion_no_cost() -> None:
    assert rules.average_per_cover(1000, 0) is None
    assert rules.cost_per_portion(1000, 0, None, closed=True) is None
    assert rules.cost_per_portion(0, 10, None, closed=True) is None


def test_while_few_have_come_the_cost_is_spread_over_the_covers_expected() -> None:
    assert rules.cost_per_portion(6000, 3, 40, closed=False) == 150
    assert rules.cost_per_portion(6000, 50, 40, closed=False) == 120  # more came than expected
    assert rules.cost_per_portion(6000, 3, None, closed=False) == 2000
    assert rules.cost_per_portion(6000, 30, 40, closed=True) == 200  # closed: the covers served


@given(AMOUNTS, COVERS)
def test_average_per_cover_is_the_exact_fraction_rounded_half_up(takings: int, covers: int) -> None:
    assert rules.average_per_cover(takings, covers) == half_up(Fraction(takings, covers))


@given(st.integers(min_value=1, max_value=10_000_000), COVERS)
def test_cost_per_portion_is_the_exact_fraction_rounded_half_up(
    groceries: int, covers: int
) -> None:
    assert rules.cost_per_portion(groceries, covers, None, closed=True) == half_up(
        Fraction(groceries, covers)
    )


@given(st.integers(min_value=-10_000_000, max_value=10_000_000), COVERS)
def test_div_round_goes_half_away_from_zero_either_sign(numerator: int, covers: int) -> None:
    exact = Fraction(numerator, covers)
    expected = half_up(abs(exact)) * (1 if exact >= 0 else -1)
    assert rules.div_round(numerator, covers) == expected
    assert rules.div_round(-numerator, -covers) == expected
    assert rules.div_round(numerator, -covers) == -expected
