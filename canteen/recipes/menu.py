"""The day's menu from recipe sheets: each dish takes its sheet's allergens and diet marks, and
the coordinator's corrections stay on top of them (canteen/recipes/rules.py decides)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from canteen.db import write_transaction
from canteen.meals import rules as meal_rules
from canteen.meals.errors import ServiceNotOpen
from canteen.meals.services import get_service
from canteen.network.services import get_canteen
from canteen.recipes import rules
from canteen.recipes.errors import DishNotFound, RecipeNotFound
from canteen.recipes.schemas import DishOut
from canteen.recipes.tables import MenuDish, RecipeSheet


def _derived(sheet: Mapping[str, Any]) -> dict[str, str]:
    return rules.sheet_levels(
        rules.split_codes(sheet["allergens"]), rules.split_codes(sheet["traces"])
    )


def dish_out(dish: Mapping[str, Any], sheet: Mapping[str, Any]) -> DishOut:
    corrections = rules.parse_corrections(dish["corrections"])
    levels = rules.dish_levels(_derived(sheet), corrections)
    diets = rules.split_codes(sheet["diets"] if dish["diets"] is None else dish["diets"])
    return DishOut(
        id=dish["id"],
        slug=sheet["slug"],
        title=sheet["title"],
        language=sheet["language"],
        allergens=rules.with_level(levels, rules.CONTAINS),
        traces=rules.with_level(levels, rules.TRACES),
        diets=rules.diet_codes(diets),
        corrected=[code for code in rules.ALLERGENS if code in corrections],
        diets_corrected=dish["diets"] is not None,
    )


async def menu_of(service_id: int) -> list[DishOut]:
    """The dishes of a meal service, in the coordinator's order, with their allergens."""
    dishes = (
        await MenuDish.select().where(MenuDish.service == service_id).order_by(MenuDish.position)
    )
    if not dishes:
        return []
    sheets = await RecipeSheet.select().where(
        RecipeSheet.id.is_in([dish["recipe"] for dish in dishes])
    )
    by_id = {sheet["id"]: sheet for sheet in sheets}
    return [dish_out(dish, by_id[dish["recipe"]]) for dish in dishes if dish["recipe"] in by_id]


async def _open(canteen_id: int, service_id: int) -> dict[str, Any]:
    service = await get_service(canteen_id, service_id)
    if service["status"] != meal_rules.SERVICE_OPEN:
        raise ServiceNotOpen()
    return service


async def choose_dishes(canteen_id: int, service_id: int, slugs: Iterable[str]) -> list[DishOut]:
    """The menu becomes these sheets, in this order; a dish kept keeps its corrections."""
    await _open(canteen_id, service_id)
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))[: rules.MAX_SHEETS_PER_LIST]
    network_id = (await get_canteen(canteen_id))["network"]
    sheets = await RecipeSheet.select(RecipeSheet.id, RecipeSheet.slug).where(
        RecipeSheet.slug.is_in(wanted or [""])
        & (RecipeSheet.network.is_null() | (RecipeSheet.network == network_id))
    )
    if len(sheets) != len(wanted):
        raise RecipeNotFound()
    ids = {sheet["slug"]: sheet["id"] for sheet in sheets}
    async with write_transaction():
        existing = await MenuDish.select().where(MenuDish.service == service_id)
        have = {dish["recipe"]: dish["id"] for dish in existing}
        gone = [dish["id"] for dish in existing if dish["recipe"] not in ids.values()]
        if gone:
            await MenuDish.delete().where(MenuDish.id.is_in(gone))
        for position, slug in enumerate(wanted):
            recipe_id = ids[slug]
            if recipe_id in have:
                await MenuDish.update({MenuDish.position: position}).where(
                    MenuDish.id == have[recipe_id]
                )
            else:
                await MenuDish.insert(
                    MenuDish(service=service_id, recipe=recipe_id, position=position)
                )
    return await menu_of(service_id)


async def correct_dish(
    canteen_id: int,
    service_id: int,
    dish_id: int,
    levels: Mapping[str, str],
    diets: Iterable[str],
) -> DishOut:
    """The coordinator's allergens and marks for a dish; only differences from its sheet are
    kept, so a dish set back to its sheet's levels follows the sheet again."""
    dish = (
        await MenuDish.select()
        .where((MenuDish.id == dish_id) & (MenuDish.service == service_id))
        .first()
    )
    if dish is None:  # another canteen's dish, or another day's: not on this menu
        raise DishNotFound()
    await _open(canteen_id, service_id)
    sheet = await RecipeSheet.select().where(RecipeSheet.id == dish["recipe"]).first()
    if sheet is None:  # pragma: no cover - a dish's sheet is kept by the foreign key
        raise DishNotFound()
    derived = _derived(sheet)
    kept = rules.corrected(derived, levels)
    marks = rules.check_diets(rules.dish_levels(derived, kept), diets)
    sheet_marks = rules.diet_codes(rules.split_codes(sheet["diets"]))
    values = {
        "corrections": rules.corrections_text(kept),
        "diets": None if marks == sheet_marks else rules.join_codes(marks),
    }
    await MenuDish.update(
        {MenuDish.corrections: values["corrections"], MenuDish.diets: values["diets"]}
    ).where(MenuDish.id == dish_id)
    return dish_out({**dish, **values}, sheet)
