"""What a contribution may be, and the meal's arithmetic: pure rules, no database."""

from __future__ import annotations

import pytest

from canteen.errors import DomainError, InvalidInput
from canteen.meals import errors, rules
from canteen.meals.rules import Choice

EUR_MAX = 5000


def refusal(amount: int, currency: str, method: str, forward: int) -> type[DomainError] | None:
    try:
        rules.validate_contribution(amount, currency, method, forward, "EUR", EUR_MAX)
    except DomainError as error:
        return type(error)
    return None


@pytest.mark.parametrize(
    ("amount", "currency", "method", "forward", "refused"),
    [
        (0, "EUR", "nothing", 0, None),
        (0, "eur", "cash", 0, None),  # the currency is read in any case
        (EUR_MAX, "EUR", "card", 0, None),
        (EUR_MAX + 1, "EUR", "card", 0, errors.AmountOutOfRange),
        (-1, "EUR", "cash", 0, errors.AmountNegative),
        (100, "CAD", "cash", 0, errors.WrongCurrency),
        (100, "EUR", "bitcoin", 0, InvalidInput),
        (1, "EUR", "nothing", 0, errors.MethodAmountMismatch),
        (1, "EUR", "credit", 0, errors.MethodAmountMismatch),
        (0, "EUR", "credit", 0, None),
        (1, "EUR", "voucher", 1, None),
        (0, "EUR", "cash", 1, errors.PayForwardNeedsAmount),
        (0, "EUR", "nothing", 1, errors.PayForwardNeedsAmount),
        (100, "EUR", "cash", rules.MAX_PAY_FORWARD, None),
        (100, "EUR", "cash", rules.MAX_PAY_FORWARD + 1, errors.ValueOutOfRange),
    ],
)
def test_what_a_contribution_may_be(
    amount: int, currency: str, method: str, forward: int, refused: type | None
) -> None:
    assert refusal(amount, currency, method, forward) is refused


def test_the_most_is_carried_as_minor_units_and_currency() -> None:
    with pytest.raises(errors.AmountOutOfRange) as caught:
        rules.validate_contribution(5001, "EUR", "cash", 0, "EUR", 5000)
    assert caught.value.params["max_minor"] == 5000 and caught.value.params["currency"] == "EUR"


def test_methods_are_paying_or_zero_and_nothing_else() -> None:
    assert set(rules.METHODS) == set(rules.PAYING_METHODS) | set(rules.ZERO_METHODS)
    assert not set(rules.PAYING_METHODS) & set(rules.ZERO_METHODS)
    assert rules.DEFAULT_METHOD in rules.PAYING_METHODS


@pytest.mark.parametrize("method", [*rules.METHODS, "bitcoin"])
@pytest.mark.parametrize("amount", [-1, 0, 1])
@pytest.mark.parametrize("forward", [0, 1])
def test_a_plain_contribution_breaks_no_rule_that_needs_no_canteen(
    method: str, amount: int, forward: int
) -> None:
    plain = rules.is_plain(amount, method, forward)
    if plain:  # the canteen's currency and a high maximum: nothing left to refuse
        assert refusal(amount, "EUR", method, forward) is None
        assert method != rules.CREDIT and forward == 0
    elif method != rules.CREDIT and forward == 0:
        assert refusal(amount, "EUR", method, forward) is not None


@pytest.mark.parametrize(
    ("choice", "custom", "chosen", "method", "forward", "made"),
    [
        ("nothing", 500, 300, "card", "1", Choice(0, "nothing", 0)),
        ("credit", None, None, "", "", Choice(0, "credit", 0)),
        ("give", 250, 300, "card", "", Choice(250, "card", 0)),  # typed wins over tapped
        ("give", None, 300, "", "1", Choice(300, "cash", 1)),  # no method chosen: cash
        ("give", None, 0, "voucher", "0", Choice(0, "voucher", 0)),
    ],
)
def test_the_pay_pages_choice_becomes_a_contribution(
    choice: str, custom: int | None, chosen: int | None, method: str, forward: str, made: Choice
) -> None:
    assert rules.contribution_from_choice(choice, custom, chosen, method, forward) == made


def test_no_amount_chosen_asks_for_one() -> None:
    with pytest.raises(errors.AmountNegative) as caught:
        rules.contribution_from_choice("give", None, None, "cash", "")
    assert caught.value.msgid == rules.CHOOSE_AMOUNT


@pytest.mark.parametrize("method", ["bitcoin", "credit", "nothing", "CASH"])
def test_an_unknown_method_is_refused_not_taken_for_cash(method: str) -> None:
    with pytest.raises(InvalidInput):
        rules.contribution_from_choice("give", 500, None, method, "")


@pytest.mark.parametrize(
    ("party", "children", "refused"),
    [
        (1, None, None),
        (rules.MAX_PARTY, rules.MAX_PARTY, None),
        (0, None, errors.PartySizeInvalid),
        (rules.MAX_PARTY + 1, None, errors.PartySizeInvalid),
        (2, 3, errors.ChildrenInvalid),
        (2, -1, errors.ChildrenInvalid),
        (2, 0, None),
    ],
)
def test_check_in_bounds(party: int, children: int | None, refused: type | None) -> None:
    if refused is None:
        rules.check_checkin(party, children)
    else:
        with pytest.raises(refused):
            rules.check_checkin(party, children)


@pytest.mark.parametrize(
    ("answers", "refused"),
    [
        ({"welcome": rules.SURVEY_MIN, "met_someone": rules.SURVEY_MAX}, None),
        ({}, errors.EmptySurvey),
        ({"other": 2}, errors.UnknownQuestion),
        ({"welcome": rules.SURVEY_MIN - 1}, errors.ValueOutOfRange),
        ({"welcome": rules.SURVEY_MAX + 1}, errors.ValueOutOfRange),
    ],
)
def test_survey_bounds(answers: dict[str, int], refused: type | None) -> None:
    asked = ["welcome", "met_someone"]
    if refused is None:
        rules.check_survey(answers, asked)
    else:
        with pytest.raises(refused):
            rules.check_survey(answers, asked)


def test_amounts_and_covers_the_coordinator_enters() -> None:
    rules.check_amount(0)
    rules.check_amount(rules.MAX_AMOUNT_MINOR)
    with pytest.raises(errors.AmountNegative):
        rules.check_amount(-1)
    with pytest.raises(errors.ValueOutOfRange):
        rules.check_amount(rules.MAX_AMOUNT_MINOR + 1)
    rules.check_covers_expected(None)
    rules.check_covers_expected(rules.MAX_COVERS_EXPECTED)
    with pytest.raises(errors.ValueOutOfRange):
        rules.check_covers_expected(rules.MAX_COVERS_EXPECTED + 1)
    with pytest.raises(errors.ValueOutOfRange):
        rules.check_covers_expected(-1)


@pytest.mark.parametrize(
    ("numerator", "denominator", "rounded"),
    [
        (1000, 6, 167),  # 166.67
        (1000, 3, 333),  # 333.33
        (5, 2, 3),  # half: away from zero
        (7, 2, 4),
        (-5, 2, -3),
        (5, -2, -3),
        (-1000, 6, -167),
        (1, 3, 0),
        (1, 2, 1),
        (0, 7, 0),
        (1001, 2, 501),
    ],
)
def test_division_rounds_half_away_from_zero(
    numerator: int, denominator: int, rounded: int
) -> None:
    assert rules.div_round(numerator, denominator) == rounded


def test_cost_per_portion_and_average_per_cover() -> None:
    assert rules.cost_per_portion(1000, 6, None, closed=True) == 167
    # while open, the covers expected count until more diners came
    assert rules.cost_per_portion(1000, 2, 10, closed=False) == 100
    assert rules.cost_per_portion(1000, 20, 10, closed=False) == 50
    assert rules.cost_per_portion(1000, 2, 10, closed=True) == 500
    assert rules.cost_per_portion(0, 5, 5, closed=False) is None
    assert rules.cost_per_portion(1000, 0, None, closed=True) is None
    assert rules.average_per_cover(1000, 6) == 167
    assert rules.average_per_cover(1000, 0) is None


@pytest.mark.parametrize(
    ("cost", "decimals", "most", "amounts"),
    [
        (None, 2, None, [100, 200, 300, 500]),  # no cost yet: around 3.00
        (280, 2, None, [100, 200, 300, 500]),
        (700, 2, None, [300, 500, 1000, 2000]),
        (None, 0, None, [200, 300, 500, 1000]),  # XOF: no decimals, around 500
        (280, 2, 300, [50, 100, 200, 300]),  # never above the most
        (1, 2, None, [1, 2, 3, 5]),
    ],
)
def test_quick_amounts_are_coins_and_notes_around_the_cost(
    cost: int | None, decimals: int, most: int | None, amounts: list[int]
) -> None:
    assert rules.quick_amounts(cost, decimals, most) == amounts
