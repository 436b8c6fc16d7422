"""Recipe sheets scaled to the covers expected: a shopping list with exact quantities and costs.

Quantities are kept in thousandths of a unit and unit costs in minor units; scaling uses
exact fractions and rounds once, at the end: half a cent up, never a float.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from canteen.db import is_unique_violation, write_transaction
from canteen.errors import N_, DomainError
from canteen.recipes.schemas import (
    RecipeIn,
    RecipeSummary,
    ScaledRecipe,
    ShoppingLine,
    ShoppingList,
)
from canteen.recipes.tables import RecipeEquipment, RecipeIngredient, RecipeSheet, RecipeStep

MAX_COVERS = 2000
SMALL_UNITS = {"kg": "g", "l": "ml"}


class RecipeNotFound(DomainError):
    status = 404
    message = N_("This recipe sheet does not exist.")


class CoversForListInvalid(DomainError):
    status = 422
    message = N_("Choose a number of covers between 1 and {max}.")


class NoRecipeChosen(DomainError):
    status = 422
    message = N_("Choose at least one recipe sheet.")


class MixedCurrencies(DomainError):
    status = 422
    message = N_("These recipe sheets count their costs in different currencies.")


class QuantityInvalid(DomainError):
    status = 422
    message = N_("The quantity of '{name}' is not valid (up to 3 decimals).")


class RecipeExists(DomainError):
    status = 409
    message = N_("A recipe sheet with this id already exists.")


def round_half_up(value: Fraction) -> int:
    """The nearest whole number, halves going up (costs are never negative)."""
    return math.floor(value + Fraction(1, 2))


def quantity_milli(text: str, name: str) -> int:
    """'1.6' or '1,6' → 1600 thousandths, exactly; more than 3 decimals is refused."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise QuantityInvalid(name=name) from None
    milli = value * 1000
    if not value.is_finite() or value <= 0 or milli != milli.to_integral_value():
        raise QuantityInvalid(name=name)
    return int(milli)


async def create_recipe(data: RecipeIn, network_id: int | None = None) -> int:
    """Add a recipe sheet with its ingredients, equipment and steps, in one transaction."""
    milli = [quantity_milli(item.quantity, item.name) for item in data.ingredients]
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


def _sheet_cost(ingredients: Iterable[dict[str, Any]]) -> Fraction:
    return sum(
        (Fraction(row["quantity_milli"] * row["unit_cost_minor"], 1000) for row in ingredients),
        Fraction(0),
    )


async def list_recipes(network_id: int | None) -> list[RecipeSummary]:
    """The network's recipe sheets and those shared with every network."""
    sheets = await RecipeSheet.select().where(_visible(network_id)).order_by(RecipeSheet.title)
    ingredients = await RecipeIngredient.select().where(
        RecipeIngredient.recipe.is_in([sheet["id"] for sheet in sheets] or [0])
    )
    out = []
    for sheet in sheets:
        cost = _sheet_cost(row for row in ingredients if row["recipe"] == sheet["id"])
        out.append(
            RecipeSummary(
                slug=sheet["slug"],
                title=sheet["title"],
                language=sheet["language"],
                portions=sheet["portions"],
                currency=sheet["currency"],
                summary=sheet["summary"],
                cost_minor=round_half_up(cost),
                cost_per_portion_minor=round_half_up(cost / sheet["portions"]),
            )
        )
    return out


def _amount(unit: str, quantity: Fraction) -> tuple[str, str]:
    """What a shopper buys, rounded up: '4.05' kg, '750' g, '8' pieces."""
    if unit in SMALL_UNITS:
        if quantity < 1:
            small = math.ceil(quantity * 1000)
            if small > 100:
                small = math.ceil(Fraction(small, 10)) * 10
            return str(small), SMALL_UNITS[unit]
        hundredths = math.ceil(quantity * 100)
        return str(Decimal(hundredths).scaleb(-2).normalize()), unit
    return str(math.ceil(quantity)), unit


async def shopping_list(slugs: list[str], covers: int, network_id: int | None) -> ShoppingList:
    """The chosen sheets scaled to `covers`, their ingredients merged into one list."""
    if not 1 <= covers <= MAX_COVERS:
        raise CoversForListInvalid(max=MAX_COVERS)
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))
    if not wanted:
        raise NoRecipeChosen()
    sheets = await RecipeSheet.select().where(RecipeSheet.slug.is_in(wanted) & _visible(network_id))
    if len(sheets) != len(wanted):
        raise RecipeNotFound()
    sheets.sort(key=lambda sheet: wanted.index(sheet["slug"]))
    if len({sheet["currency"] for sheet in sheets}) > 1:
        raise MixedCurrencies()
    ids = [sheet["id"] for sheet in sheets]
    ingredients = await RecipeIngredient.select().where(RecipeIngredient.recipe.is_in(ids))
    equipment = await RecipeEquipment.select().where(RecipeEquipment.recipe.is_in(ids))
    steps = await RecipeStep.select().where(RecipeStep.recipe.is_in(ids))
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    scaled: list[ScaledRecipe] = []
    total = Fraction(0)
    for sheet in sheets:
        scale = Fraction(covers, sheet["portions"])
        mine = sorted(
            (row for row in ingredients if row["recipe"] == sheet["id"]),
            key=lambda row: row["position"],
        )
        cost = _sheet_cost(mine) * scale
        total += cost
        for row in mine:
            key = (row["name"].casefold(), row["unit"])
            line = merged.setdefault(
                key,
                {"name": row["name"], "unit": row["unit"], "q": Fraction(0), "cost": Fraction(0)},
            )
            line["q"] += Fraction(row["quantity_milli"], 1000) * scale
            line["cost"] += Fraction(row["quantity_milli"] * row["unit_cost_minor"], 1000) * scale
            line.setdefault("recipes", []).append(sheet["slug"])
        scaled.append(
            ScaledRecipe(
                slug=sheet["slug"],
                title=sheet["title"],
                language=sheet["language"],
                portions=sheet["portions"],
                equipment=_texts(equipment, sheet["id"], "name"),
                steps=_texts(steps, sheet["id"], "text"),
                cost_minor=round_half_up(cost),
            )
        )
    lines = []
    for line in merged.values():
        amount, amount_unit = _amount(line["unit"], line["q"])
        lines.append(
            ShoppingLine(
                name=line["name"],
                unit=line["unit"],
                quantity_milli=math.ceil(line["q"] * 1000),
                amount=amount,
                amount_unit=amount_unit,
                cost_minor=round_half_up(line["cost"]),
                recipes=line["recipes"],
            )
        )
    return ShoppingList(
        covers=covers,
        currency=sheets[0]["currency"],
        lines=lines,
        total_cost_minor=round_half_up(total),
        cost_per_portion_minor=round_half_up(total / covers),
        recipes=scaled,
    )


def _texts(rows: list[dict[str, Any]], recipe_id: int, field: str) -> list[str]:
    mine = sorted((row for row in rows if row["recipe"] == recipe_id), key=lambda r: r["position"])
    return [row[field] for row in mine]
