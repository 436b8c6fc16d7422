"""The recipes' rules, without a database: exact scaling, rounding up to buy, half up to cost."""

from __future__ import annotations

from fractions import Fraction

import pytest

from canteen.recipes import errors, rules


def _ingredient(recipe: int, position: int, name: str, unit: str, milli: int, cost: int) -> dict:
    return {
        "recipe": recipe,
        "position": position,
        "name": name,
        "unit": unit,
        "quantity_milli": milli,
        "unit_cost_minor": cost,
    }


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(0), 0),
        (Fraction(1, 2), 1),
        (Fraction(3, 2), 2),
        (Fraction(5, 2), 3),
        (Fraction(2499, 1000), 2),
        (Fraction(41375, 1000), 41),
    ],
)
def test_round_half_up(value: Fraction, rounded: int) -> None:
    assert rules.round_half_up(value) == rounded


@pytest.mark.parametrize(
    ("text", "milli"), [("1.6", 1600), ("1,6", 1600), (" 0.001 ", 1), ("4", 4000)]
)
def test_quantities_are_exact_thousandths(text: str, milli: int) -> None:
    assert rules.quantity_milli(text, "x") == milli


@pytest.mark.parametrize("text", ["0", "-1", "0.0001", "abc", "", "NaN", "Infinity"])
def test_a_quantity_past_3_decimals_or_not_positive_is_refused(text: str) -> None:
    with pytest.raises(errors.QuantityInvalid) as refused:
        rules.quantity_milli(text, "Cumin")
    assert refused.value.params == {"name": "Cumin"}


def test_whole_pieces_are_bought_rounded_up() -> None:
    # 4 pieces for 16 portions, cooked for 5 covers: 1.25 pieces, buy 2.
    quantity = Fraction(4) * rules.scale(5, 16)
    assert quantity == Fraction(5, 4)
    assert rules.to_buy("piece", quantity) == ("2", "piece")
    assert rules.to_buy("bunch", Fraction(3)) == ("3", "bunch")
    assert rules.quantity_to_buy_milli(quantity) == 1250
    assert rules.quantity_to_buy_milli(Fraction(8751, 1_000_000)) == 9


@pytest.mark.parametrize(
    ("unit", "quantity", "bought"),
    [
        ("kg", Fraction(4), ("4", "kg")),
        ("kg", Fraction(4049, 1000), ("4.05", "kg")),  # up to the next 10 g
        ("kg", Fraction(1), ("1", "kg")),
        ("kg", Fraction(7, 10), ("700", "g")),
        ("kg", Fraction(743, 1000), ("750", "g")),  # above 100 g: by tens, up
        ("kg", Fraction(1, 10), ("100", "g")),
        ("kg", Fraction(8750, 1_000_000), ("9", "g")),  # below 100 g: to the gram, up
        ("l", Fraction(1, 4), ("250", "ml")),
    ],
)
def test_what_a_shopper_buys(unit: str, quantity: Fraction, bought: tuple[str, str]) -> None:
    assert rules.to_buy(unit, quantity) == bought


def test_covers_between_1_and_2000() -> None:
    rules.check_covers(1)
    rules.check_covers(2000)
    for bad in (0, 2001):
        with pytest.raises(errors.CoversForListInvalid):
            rules.check_covers(bad)


def test_sheets_are_chosen_once_each_in_order_and_in_one_currency() -> None:
    assert rules.chosen_slugs(["b", "", "a", "b"]) == ["b", "a"]
    with pytest.raises(errors.NoRecipeChosen):
        rules.chosen_slugs(["", ""])
    assert rules.check_one_currency(["EUR", "EUR"]) == "EUR"
    with pytest.raises(errors.MixedCurrencies):
        rules.check_one_currency(["EUR", "XOF"])


def test_a_sheets_cost_and_its_cost_per_portion() -> None:
    dhal = [
        _ingredient(1, 0, "Lentilles", "kg", 1600, 320),  # 512
        _ingredient(1, 1, "Oignons", "piece", 4000, 25),  # 100
        _ingredient(1, 2, "Cumin", "kg", 20, 2500),  # 50
    ]
    cost = rules.sheet_cost(dhal)
    assert cost == 662
    assert rules.per_portion(cost, 16) == 41  # 41.375
    assert rules.per_portion(Fraction(330), 4) == 83  # 82.5: half up
    assert rules.line_cost(1, 1) == Fraction(1, 1000)


def test_a_list_merges_ingredients_and_costs_round_once() -> None:
    sheets = [
        {"id": 1, "slug": "dhal", "portions": 16},
        {"id": 2, "slug": "crumble", "portions": 8},
    ]
    ingredients = [
        _ingredient(2, 1, "citrons", "piece", 1000, 30),
        _ingredient(1, 0, "Citrons", "piece", 3000, 30),
        _ingredient(2, 0, "Pommes", "kg", 1000, 250),
        _ingredient(1, 1, "Cumin", "kg", 20, 2500),
    ]
    lines = rules.merge_ingredients(sheets, ingredients, 32)
    assert [line.name for line in lines] == ["Citrons", "Cumin", "Pommes"]
    lemons = lines[0]
    assert lemons.quantity == 10  # 3 × 2 + 1 × 4
    assert lemons.cost == 300 and lemons.recipes == ["dhal", "crumble"]
    total = rules.list_cost(sheets, ingredients, 32)
    assert total == sum(line.cost for line in lines) == 300 + 100 + 1000
    assert rules.ingredients_of(ingredients, 2)[0]["name"] == "Pommes"


# --- cooking to "enough" ---------------------------------------------------------------------


def test_enough_at_90_percent_is_the_upper_end_of_the_80_percent_range() -> None:
    assert rules.enough_for(90, 40, 33, 48) == 48
    assert rules.enough_for(50, 40, 33, 48) == 40
    assert rules.DEFAULT_CONFIDENCE == 90


def test_more_confidence_costs_more_leftovers_and_less_risk() -> None:
    options = rules.enough_options(40, 33, 48, 250)
    assert [o.confidence for o in options] == list(rules.CONFIDENCES)
    portions = [o.portions for o in options]
    assert portions == sorted(portions) and len(set(portions)) == len(portions)
    risks = [o.short_risk for o in options]
    assert risks == sorted(risks, reverse=True)
    for option in options:
        assert abs(option.short_risk - (1 - option.confidence / 100)) < 0.05
        assert option.leftovers_minor == rules.round_half_up(rules.Fraction(option.leftovers) * 250)
    assert options[0].leftovers < options[-1].leftovers


def test_leftovers_of_cooking_the_upper_end() -> None:
    found = rules.enough(48, 90, 40, 33, 48, 300)
    # Cooking 48 for about 40: some 8 portions left on average, about one day in eleven short.
    assert 6.5 < found.leftovers < 9.5 and 0.05 < found.short_risk < 0.12
    assert found.leftovers_minor == round(found.leftovers * 300)


def test_nothing_expected_nothing_cooked_nothing_left() -> None:
    found = rules.enough_options(0, 0, 0, 250)
    assert all((o.portions, o.leftovers_minor, o.short_risk) == (0, 0, 0.0) for o in found)


def test_left_over_at_close() -> None:
    assert rules.left_over(48, 41) == 7
    assert rules.left_over(30, 41) == 0  # ran short: nothing left, never negative
    assert rules.left_over(None, 41) is None and rules.left_over(48, None) is None
