"""Recipe sheets in and out, and the shopping list scaled to the covers expected."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Unit = Literal["kg", "l", "piece", "bunch"]
UNITS: tuple[str, ...] = ("kg", "l", "piece", "bunch")
Text200 = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text2000 = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Codes = Annotated[list[Annotated[str, msgspec.Meta(max_length=40)]], msgspec.Meta(max_length=14)]


class IngredientIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    unit: Unit
    quantity: Annotated[str, msgspec.Meta(max_length=16)]  # "1.6" (kg): exact decimals
    unit_cost_minor: Annotated[int, msgspec.Meta(ge=0, le=10_000_000)]  # one unit's price


class RecipeIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    slug: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9-]{2,80}$")]
    title: Text200
    portions: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 16
    currency: Annotated[str, msgspec.Meta(min_length=3, max_length=3)] = "EUR"
    language: Annotated[str, msgspec.Meta(max_length=8)] = "fr"
    summary: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    source: Annotated[str, msgspec.Meta(max_length=200)] = ""
    ingredients: Annotated[list[IngredientIn], msgspec.Meta(min_length=1, max_length=60)]
    equipment: Annotated[list[Text200], msgspec.Meta(max_length=40)] = []
    steps: Annotated[list[Text2000], msgspec.Meta(max_length=60)] = []
    allergens: Codes = []  # of the 14 of annex II (canteen.recipes.rules.ALLERGENS)
    traces: Codes = []  # "may contain"
    diets: Codes = []  # vegetarian, vegan, halal, pork_free, as the canteen declares them


class RecipeSummary(msgspec.Struct, kw_only=True):
    slug: str
    title: str
    language: str
    portions: int
    currency: str
    summary: str
    cost_minor: int  # for the sheet's portions
    cost_per_portion_minor: int
    allergens: list[str] = []
    traces: list[str] = []
    diets: list[str] = []


class ShoppingLine(msgspec.Struct, kw_only=True):
    name: str
    unit: str  # kg | l | piece | bunch
    quantity_milli: int  # exact thousandths of the unit, rounded up (never buy too little)
    amount: str  # what to buy, in words a shopper reads: "4,05 kg", "750 g", "8"
    amount_unit: str  # kg | g | l | ml | piece | bunch
    cost_minor: int
    recipes: list[str]  # slugs of the recipes that need it


class ScaledRecipe(msgspec.Struct, kw_only=True):
    slug: str
    title: str
    language: str
    portions: int
    equipment: list[str]
    steps: list[str]
    cost_minor: int
    allergens: list[str] = []
    traces: list[str] = []


class ShoppingList(msgspec.Struct, kw_only=True):
    covers: int
    currency: str
    lines: list[ShoppingLine]
    total_cost_minor: int  # rounded once, from the exact sum
    cost_per_portion_minor: int
    recipes: list[ScaledRecipe]


class DishOut(msgspec.Struct, kw_only=True):
    """A dish of the day: its allergens are its sheet's with the coordinator's corrections."""

    id: int
    slug: str
    title: str
    language: str
    allergens: list[str]  # contained, in the annex's order
    traces: list[str]  # may contain
    diets: list[str]
    corrected: list[str]  # the allergens whose level the coordinator changed from the sheet
    diets_corrected: bool
