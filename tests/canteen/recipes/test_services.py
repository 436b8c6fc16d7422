"""Recipe sheets scaled to the covers expected: exact quantities, costs in minor units."""

from __future__ import annotations

import pytest

from canteen.demo.recipes import SHEETS, load_recipe_sheets
from canteen.recipes import errors
from canteen.recipes import services as recipes
from canteen.recipes.schemas import IngredientIn, RecipeIn
from canteen.recipes.tables import RecipeIngredient, RecipeSheet

DHAL = RecipeIn(
    slug="dhal",
    title="Dhal",
    portions=16,
    currency="EUR",
    ingredients=[
        IngredientIn(name="Lentilles corail", unit="kg", quantity="1.6", unit_cost_minor=320),
        IngredientIn(name="Oignons", unit="piece", quantity="4", unit_cost_minor=25),
        IngredientIn(name="Cumin", unit="kg", quantity="0,02", unit_cost_minor=2500),
    ],
    equipment=["2 grandes casseroles"],
    steps=["Rincer.", "Cuire."],
)


async def test_a_sheet_for_16_scales_exactly_to_40_covers(db: str) -> None:
    await recipes.create_recipe(DHAL)
    found = await recipes.shopping_list(["dhal"], 40, None)
    lines = {line.name: line for line in found.lines}
    assert lines["Lentilles corail"].quantity_milli == 4000  # 1.6 kg × 40 / 16
    assert (lines["Lentilles corail"].amount, lines["Lentilles corail"].amount_unit) == ("4", "kg")
    assert lines["Lentilles corail"].cost_minor == 1280
    assert (lines["Oignons"].amount, lines["Oignons"].cost_minor) == ("10", 250)
    assert (lines["Cumin"].amount, lines["Cumin"].amount_unit) == ("50", "g")
    assert lines["Cumin"].cost_minor == 125
    assert found.total_cost_minor == 1655 and found.currency == "EUR"
    assert found.cost_per_portion_minor == 41  # 16.55 € ÷ 40 = 0.41375 €
    assert found.recipes[0].equipment == ["2 grandes casseroles"]
    assert found.recipes[0].steps == ["Rincer.", "Cuire."]


async def test_odd_covers_round_once_half_up_and_never_buy_too_little(db: str) -> None:
    await recipes.create_recipe(DHAL)
    found = await recipes.shopping_list(["dhal"], 7, None)
    lines = {line.name: line for line in found.lines}
    assert (lines["Lentilles corail"].amount, lines["Lentilles corail"].amount_unit) == (
        "700",
        "g",
    )
    assert lines["Oignons"].amount == "2"  # 1.75 onions: buy 2
    assert lines["Cumin"].quantity_milli == 9  # 8.75 g, rounded up to the gram
    # 224 + 43.75 + 21.875 = 289.625 cents: rounded once, at the end.
    assert found.total_cost_minor == 290
    assert [line.cost_minor for line in found.lines] == [224, 44, 22]
    assert found.cost_per_portion_minor == 41  # 289.625 ÷ 7 = 41.375


async def test_recipes_of_a_menu_merge_into_one_list(db: str) -> None:
    network_id = None
    assert await load_recipe_sheets(network_id) == len(SHEETS)
    summaries = await recipes.list_recipes(network_id)
    assert len(summaries) == len(SHEETS)
    dhal = next(s for s in summaries if s.slug == "dhal-lentilles-corail")
    assert dhal.portions == 16 and 100 <= dhal.cost_per_portion_minor <= 300
    found = await recipes.shopping_list(["dhal-lentilles-corail", "crumble-pommes"], 32, None)
    lemons = next(line for line in found.lines if line.name == "Citrons")
    assert lemons.amount == "8"  # (3 + 1) × 2
    assert lemons.recipes == ["dhal-lentilles-corail", "crumble-pommes"]
    assert found.total_cost_minor == sum(recipe.cost_minor for recipe in found.recipes)


async def test_bad_requests_are_refused_and_write_nothing(db: str) -> None:
    await recipes.create_recipe(DHAL)
    with pytest.raises(errors.CoversForListInvalid):
        await recipes.shopping_list(["dhal"], 0, None)
    with pytest.raises(errors.RecipeNotFound):
        await recipes.shopping_list(["dhal", "unknown"], 20, None)
    with pytest.raises(errors.NoRecipeChosen):
        await recipes.shopping_list([], 20, None)
    broken = RecipeIn(
        slug="broken",
        title="Broken",
        ingredients=[IngredientIn(name="Sel", unit="kg", quantity="0.0005", unit_cost_minor=1)],
    )
    with pytest.raises(errors.QuantityInvalid):
        await recipes.create_recipe(broken)
    with pytest.raises(errors.RecipeExists):
        await recipes.create_recipe(DHAL)
    assert await RecipeSheet.count() == 1 and await RecipeIngredient.count() == 3
