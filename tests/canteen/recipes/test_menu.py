"""The day's menu takes its allergens from the recipe sheets chosen; the coordinator's
corrections are kept through a new choice of dishes and through a change to the sheet."""

from __future__ import annotations

import pytest

from canteen.demo.recipes import load_recipe_sheets
from canteen.meals.errors import ServiceNotOpen, WrongCanteen
from canteen.meals.schemas import CloseIn
from canteen.meals.services import close_service
from canteen.recipes import errors, menu, rules
from canteen.recipes import services as recipes
from canteen.recipes.schemas import DishOut, IngredientIn, RecipeIn
from canteen.recipes.tables import RecipeSheet
from tests.factories import client_id, make_canteen, open_today

FLAN = RecipeIn(
    slug="flan",
    title="Flan",
    ingredients=[IngredientIn(name="Lait", unit="l", quantity="2", unit_cost_minor=100)],
    allergens=["milk", "eggs"],
    traces=["nuts", "milk"],
    diets=["vegetarian", "halal"],
)


async def test_a_sheet_keeps_what_it_contains_and_may_contain(db: str) -> None:
    await recipes.create_recipe(FLAN)
    [summary] = await recipes.list_recipes(None)
    assert summary.allergens == ["eggs", "milk"]  # the annex's order
    assert summary.traces == ["nuts"]  # contains wins over may contain
    assert summary.diets == ["vegetarian", "halal"]
    found = await recipes.shopping_list(["flan"], 16, None)
    assert found.recipes[0].allergens == ["eggs", "milk"] and found.recipes[0].traces == ["nuts"]


async def test_a_sheet_with_an_unknown_allergen_or_a_false_vegan_mark_is_refused(db: str) -> None:
    with pytest.raises(errors.AllergenUnknown):
        await recipes.create_recipe(RecipeIn(**{**_fields(FLAN), "allergens": ["pork"]}))
    with pytest.raises(errors.DietConflict):
        await recipes.create_recipe(RecipeIn(**{**_fields(FLAN), "diets": ["vegan"]}))
    assert await RecipeSheet.count() == 0


def _levels(dish: DishOut) -> dict[str, str]:
    """A dish's 14 levels, as the coordinator's form sends them back."""
    levels = {code: rules.ABSENT for code in rules.ALLERGENS}
    levels.update({code: rules.TRACES for code in dish.traces})
    levels.update({code: rules.CONTAINS for code in dish.allergens})
    return levels


def _fields(recipe: RecipeIn) -> dict[str, object]:
    return {name: getattr(recipe, name) for name in recipe.__struct_fields__}


async def test_the_menu_gets_its_allergens_from_the_sheets_and_corrections_are_kept(
    db: str,
) -> None:
    canteen = await make_canteen()
    await load_recipe_sheets(None)
    service = await open_today(canteen)
    dishes = await menu.choose_dishes(canteen, service, ["soupe-potiron", "crumble-pommes"])
    assert [dish.slug for dish in dishes] == ["soupe-potiron", "crumble-pommes"]
    soup, crumble = dishes
    assert "milk" in soup.allergens and "gluten" in crumble.allergens
    assert soup.corrected == [] and soup.diets == ["vegetarian", "pork_free"]
    # Today's soup is made without cream or butter, with a stock that may hold celery.
    levels = _levels(soup)
    levels.update({"milk": rules.ABSENT, "celery": rules.TRACES})
    fixed = await menu.correct_dish(canteen, service, soup.id, levels, ["vegan"])
    assert "milk" not in fixed.allergens and "celery" in fixed.traces
    assert fixed.diets == ["vegetarian", "vegan"] and fixed.diets_corrected
    # Adding a dish keeps the soup's corrections; its sheet gaining mustard still reaches it.
    await menu.choose_dishes(canteen, service, ["dhal-lentilles-corail", "soupe-potiron"])
    await RecipeSheet.update({RecipeSheet.traces: "mustard,sesame"}).where(
        RecipeSheet.slug == "soupe-potiron"
    )
    dhal, soup_again = await menu.menu_of(service)
    assert dhal.slug == "dhal-lentilles-corail" and soup_again.id == soup.id
    assert "milk" not in soup_again.allergens and soup_again.traces == [
        "celery",
        "mustard",
        "sesame",
    ]
    assert soup_again.corrected == ["milk", "celery"] and soup_again.diets == fixed.diets
    # Set back to the sheet's levels, the dish follows its sheet again.
    now = _levels(soup_again)
    back = await menu.correct_dish(
        canteen, service, soup.id, {**now, "milk": rules.CONTAINS}, ["vegetarian", "pork_free"]
    )
    assert "milk" in back.allergens and back.corrected == ["celery"] and not back.diets_corrected


async def test_bad_corrections_change_nothing(db: str) -> None:
    canteen = await make_canteen()
    await load_recipe_sheets(None)
    service = await open_today(canteen)
    [soup] = await menu.choose_dishes(canteen, service, ["soupe-potiron"])
    with pytest.raises(errors.DietConflict):
        await menu.correct_dish(canteen, service, soup.id, {}, ["vegan"])  # it has cream
    with pytest.raises(errors.AllergenUnknown):
        await menu.correct_dish(canteen, service, soup.id, {"pork": rules.CONTAINS}, [])
    with pytest.raises(errors.DishNotFound):
        await menu.correct_dish(canteen, service, soup.id + 99, {}, [])
    with pytest.raises(errors.RecipeNotFound):
        await menu.choose_dishes(canteen, service, ["soupe-potiron", "no-such-sheet"])
    assert await menu.menu_of(service) == [soup]


async def test_another_canteen_or_a_closed_service_cannot_change_the_menu(db: str) -> None:
    canteen = await make_canteen()
    other = await make_canteen(slug="other")
    await load_recipe_sheets(None)
    service = await open_today(canteen)
    with pytest.raises(WrongCanteen):
        await menu.choose_dishes(other, service, ["soupe-potiron"])
    await close_service(canteen, service, CloseIn(id=client_id(), counted_cash_minor=2000))
    with pytest.raises(ServiceNotOpen):
        await menu.choose_dishes(canteen, service, ["soupe-potiron"])
    assert await menu.menu_of(service) == []
