"""Recipe sheets scaled to the covers expected: a shopping list with exact quantities and costs.

The arithmetic (scaling, rounding, what to buy, costs) is the rules' (canteen/recipes/rules.py);
this module reads and writes the sheets around it.
"""

from __future__ import annotations

from typing import Any

from canteen.db import is_unique_violation, write_transaction
from canteen.recipes import rules
from canteen.recipes.errors import RecipeExists, RecipeNotFound
from canteen.recipes.schemas import (
    RecipeIn,
    RecipeSummary,
    ScaledRecipe,
    ShoppingLine,
    ShoppingList,
)
from canteen.recipes.tables import RecipeEquipment, RecipeIngredient, RecipeSheet, RecipeStep


async def create_recipe(data: RecipeIn, network_id: int | None = None) -> int:
    """Add a recipe sheet with its ingredients, equipment and steps, in one transaction."""
    milli = [rules.quantity_milli(item.quantity, item.name) for item in data.ingredients]
    levels = rules.sheet_levels(data.allergens, data.traces)
    diets = rules.check_diets(levels, data.diets)
    try:
        async with write_transaction():
            rows = await RecipeSheet.insert(
                RecipeSheet(
                    network=network_id,
                    slug=data.slug,
                    title=data.title.strip(),
                    language=data.language,
                    portions=data.portions,
                    currency=data.currency.upper(),
                    summary=data.summary.strip(),
                    source=data.source.strip(),
                    allergens=rules.join_codes(rules.with_level(levels, rules.CONTAINS)),
                    traces=rules.join_codes(rules.with_level(levels, rules.TRACES)),
                    diets=rules.join_codes(diets),
                )
            ).returning(RecipeSheet.id)
            recipe_id = int(rows[0]["id"])
            await RecipeIngredient.insert(
                *[
                    RecipeIngredient(
                        recipe=recipe_id,
                        position=position,
                        name=item.name.strip(),
                        unit=item.unit,
                        quantity_milli=amount,
                        unit_cost_minor=item.unit_cost_minor,
                    )
                    for position, (item, amount) in enumerate(
                        zip(data.ingredients, milli, strict=True)
                    )
                ]
            )
            if data.equipment:
                await RecipeEquipment.insert(
                    *[
                        RecipeEquipment(recipe=recipe_id, position=position, name=name.strip())
                        for position, name in enumerate(data.equipment)
                    ]
                )
            if data.steps:
                await RecipeStep.insert(
                    *[
                        RecipeStep(recipe=recipe_id, position=position, text=text.strip())
                        for position, text in enumerate(data.steps)
                    ]
                )
    except Exception as exc:
        if is_unique_violation(exc):
            raise RecipeExists() from None
        raise
    return recipe_id


def _visible(network_id: int | None) -> Any:
    shared = RecipeSheet.network.is_null()
    return shared if network_id is None else shared | (RecipeSheet.network == network_id)


async def list_recipes(network_id: int | None) -> list[RecipeSummary]:
    """The network's recipe sheets and those shared with every network."""
    sheets = await RecipeSheet.select().where(_visible(network_id)).order_by(RecipeSheet.title)
    ingredients = await RecipeIngredient.select().where(
        RecipeIngredient.recipe.is_in([sheet["id"] for sheet in sheets] or [0])
    )
    out = []
    for sheet in sheets:
        cost = rules.sheet_cost(row for row in ingredients if row["recipe"] == sheet["id"])
        out.append(
            RecipeSummary(
                slug=sheet["slug"],
                title=sheet["title"],
                language=sheet["language"],
                portions=sheet["portions"],
                currency=sheet["currency"],
                summary=sheet["summary"],
                cost_minor=rules.round_half_up(cost),
                cost_per_portion_minor=rules.per_portion(cost, sheet["portions"]),
                allergens=rules.split_codes(sheet["allergens"]),
                traces=rules.split_codes(sheet["traces"]),
                diets=rules.split_codes(sheet["diets"]),
            )
        )
    return out


async def _sheets(slugs: list[str], network_id: int | None) -> list[dict[str, Any]]:
    """The sheets asked for (visible to this network), in the order asked."""
    wanted = rules.chosen_slugs(slugs)
    sheets = await RecipeSheet.select().where(RecipeSheet.slug.is_in(wanted) & _visible(network_id))
    if len(sheets) != len(wanted):
        raise RecipeNotFound()
    return sorted(sheets, key=lambda sheet: wanted.index(sheet["slug"]))


def _line(line: rules.MergedLine) -> ShoppingLine:
    amount, amount_unit = rules.to_buy(line.unit, line.quantity)
    return ShoppingLine(
        name=line.name,
        unit=line.unit,
        quantity_milli=rules.quantity_to_buy_milli(line.quantity),
        amount=amount,
        amount_unit=amount_unit,
        cost_minor=rules.round_half_up(line.cost),
        recipes=line.recipes,
    )


async def shopping_list(slugs: list[str], covers: int, network_id: int | None) -> ShoppingList:
    """The chosen sheets scaled to `covers`, their ingredients merged into one list."""
    rules.check_covers(covers)
    sheets = await _sheets(slugs, network_id)
    currency = rules.check_one_currency(sheet["currency"] for sheet in sheets)
    ids = [sheet["id"] for sheet in sheets]
    ingredients = await RecipeIngredient.select().where(RecipeIngredient.recipe.is_in(ids))
    equipment = await RecipeEquipment.select().where(RecipeEquipment.recipe.is_in(ids))
    steps = await RecipeStep.select().where(RecipeStep.recipe.is_in(ids))
    scaled = []
    for sheet in sheets:
        cost = rules.sheet_cost(rules.ingredients_of(ingredients, sheet["id"]))
        scaled.append(
            ScaledRecipe(
                slug=sheet["slug"],
                title=sheet["title"],
                language=sheet["language"],
                portions=sheet["portions"],
                equipment=[row["name"] for row in rules.ingredients_of(equipment, sheet["id"])],
                steps=[row["text"] for row in rules.ingredients_of(steps, sheet["id"])],
                cost_minor=rules.round_half_up(cost * rules.scale(covers, sheet["portions"])),
                allergens=rules.split_codes(sheet["allergens"]),
                traces=rules.split_codes(sheet["traces"]),
            )
        )
    total = rules.list_cost(sheets, ingredients, covers)
    return ShoppingList(
        covers=covers,
        currency=currency,
        lines=[_line(line) for line in rules.merge_ingredients(sheets, ingredients, covers)],
        total_cost_minor=rules.round_half_up(total),
        cost_per_portion_minor=rules.per_portion(total, covers),
        recipes=scaled,
    )
