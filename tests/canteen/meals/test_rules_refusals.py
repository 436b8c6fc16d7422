"""What a refusal tells the coordinator: the limit broken, the canteen's currency."""

from __future__ import annotations

import pytest

from canteen.meals import errors, rules


def test_a_party_too_large_is_told_the_largest_allowed() -> None:
    with pytest.raises(errors.PartySizeInvalid) as refused:
        rules.check_checkin(rules.MAX_PARTY + 1, None)
    assert refused.value.params == {"max": rules.MAX_PARTY}
    assert str(rules.MAX_PARTY) in str(refused.value)
    rules.check_checkin(rules.MAX_PARTY, rules.MAX_PARTY)


def test_a_contribution_in_another_currency_names_the_canteens() -> None:
    with pytest.raises(errors.WrongCurrency) as refused:
        rules.validate_contribution(100, "CAD", "cash", 0, "EUR", 5000)
    assert refused.value.params == {"currency": "EUR"}
    rules.validate_contribution(100, "eur", "cash", 0, "EUR", 5000)


def test_zero_covers_expected_is_allowed_and_the_bounds_are_exact() -> None:
    rules.check_covers_expected(None)
    rules.check_covers_expected(0)
    rules.check_covers_expected(rules.MAX_COVERS_EXPECTED)
    for wrong in (-1, rules.MAX_COVERS_EXPECTED + 1):
        with pytest.raises(errors.ValueOutOfRange):
            rules.check_covers_expected(wrong)


def test_one_cover_and_one_cent_of_groceries_still_have_a_cost() -> None:
    assert rules.cost_per_portion(1, 1, None, closed=True) == 1
    assert rules.cost_per_portion(1200, 1, None, closed=True) == 1200
    assert rules.cost_per_portion(1200, 0, 1, closed=False) == 1200


def test_before_anyone_came_and_with_no_covers_expected_there_is_no_cost_yet() -> None:
    assert rules.cost_per_portion(6000, 0, None, closed=False) is None


def test_quick_amounts_for_a_three_decimal_currency_and_past_every_note() -> None:
    assert rules.quick_amounts(3, 3) == [10, 20, 30, 50]  # 0.010 is the smallest offered
    assert rules.quick_amounts(None, 3) == [1000, 2000, 3000, 5000]
    assert rules.quick_amounts(10**12, 0) == [10**7, 2 * 10**7, 3 * 10**7, 5 * 10**7]
    assert rules.quick_amounts(10**12, 2) == [10**9, 2 * 10**9, 3 * 10**9, 5 * 10**9]
