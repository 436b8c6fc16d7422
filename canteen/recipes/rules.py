"""The recipes' rules, pure: exact quantities, scaling a sheet to the covers, what a shopper
buys (never too little: whole pieces rounded up), costs rounded once, half a cent up.

Allergens: the 14 of EU Regulation 1169/2011 annex II, each contained or "may contain"
(traces) on a sheet; a dish of the day takes its sheet's, corrected by the coordinator.

Quantities are thousandths of a unit, unit costs minor units; the arithmetic is exact
(fractions), never a float. No database, no HTTP, no translation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from canteen.errors import N_
from canteen.recipes.errors import (
    AllergenUnknown,
    CoversForListInvalid,
    DietConflict,
    MixedCurrencies,
    NoRecipeChosen,
    QuantityInvalid,
)

Row = Mapping[str, Any]

MAX_COVERS = 2000
MAX_SHEETS_PER_LIST = 12  # sheets a shopping list is asked for, at most (the web sides cut)
SMALL_UNITS = {"kg": "g", "l": "ml"}
SMALL_ROUNDING_ABOVE = 100  # above 100 g (ml), buy by tens: 750 g, not 743 g


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


def check_covers(covers: int) -> None:
    if not 1 <= covers <= MAX_COVERS:
        raise CoversForListInvalid(max=MAX_COVERS)


def chosen_slugs(slugs: Iterable[str]) -> list[str]:
    """The sheets asked for, once each, in the order asked; at least one."""
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))
    if not wanted:
        raise NoRecipeChosen()
    return wanted


def check_one_currency(currencies: Iterable[str]) -> str:
    """The one currency of the sheets on a list (their costs add up only then)."""
    found = list(dict.fromkeys(currencies))
    if len(found) != 1:
        raise MixedCurrencies()
    return found[0]


def line_cost(quantity_milli: int, unit_cost_minor: int) -> Fraction:
    """An ingredient's exact cost, in minor units."""
    return Fraction(quantity_milli * unit_cost_minor, 1000)


def sheet_cost(ingredients: Iterable[Row]) -> Fraction:
    """A sheet's exact cost for its own portions."""
    return sum(
        (line_cost(row["quantity_milli"], row["unit_cost_minor"]) for row in ingredients),
        Fraction(0),
    )


def scale(covers: int, portions: int) -> Fraction:
    """How many times a sheet written for `portions` is made for `covers`."""
    return Fraction(covers, portions)


def per_portion(cost: Fraction, portions: int) -> int:
    """The cost of one portion, rounded once, half up."""
    return round_half_up(cost / portions)


def to_buy(unit: str, quantity: Fraction) -> tuple[str, str]:
    """What a shopper buys, rounded up: '4.05' kg, '750' g, '8' pieces (1.25 pieces: 2)."""
    if unit in SMALL_UNITS:
        if quantity < 1:
            small = math.ceil(quantity * 1000)
            if small > SMALL_ROUNDING_ABOVE:
                small = math.ceil(Fraction(small, 10)) * 10
            return str(small), SMALL_UNITS[unit]
        hundredths = math.ceil(quantity * 100)
        return str(Decimal(hundredths).scaleb(-2).normalize()), unit
    return str(math.ceil(quantity)), unit


def quantity_to_buy_milli(quantity: Fraction) -> int:
    """Exact thousandths of the unit, rounded up (never buy too little)."""
    return math.ceil(quantity * 1000)


@dataclass
class MergedLine:
    """One ingredient over all the sheets of a list (same name, any case, and same unit)."""

    name: str
    unit: str
    quantity: Fraction = Fraction(0)
    cost: Fraction = Fraction(0)
    recipes: list[str] = field(default_factory=list)


def merge_ingredients(
    sheets: Iterable[Row], ingredients: Iterable[Row], covers: int
) -> list[MergedLine]:
    """The sheets' ingredients scaled to `covers` and merged, in the sheets' and their order."""
    rows = list(ingredients)
    merged: dict[tuple[str, str], MergedLine] = {}
    for sheet in sheets:
        factor = scale(covers, sheet["portions"])
        for row in ingredients_of(rows, sheet["id"]):
            key = (row["name"].casefold(), row["unit"])
            line = merged.setdefault(key, MergedLine(name=row["name"], unit=row["unit"]))
            line.quantity += Fraction(row["quantity_milli"], 1000) * factor
            line.cost += line_cost(row["quantity_milli"], row["unit_cost_minor"]) * factor
            line.recipes.append(sheet["slug"])
    return list(merged.values())


def ingredients_of(rows: Iterable[Row], recipe_id: int) -> list[Row]:
    """One sheet's rows (ingredients, equipment or steps), in their order on the sheet."""
    return sorted((row for row in rows if row["recipe"] == recipe_id), key=lambda r: r["position"])


def list_cost(sheets: Iterable[Row], ingredients: Iterable[Row], covers: int) -> Fraction:
    """The exact cost of every sheet scaled to `covers` (rounded once, by the caller)."""
    rows = list(ingredients)
    return sum(
        (
            sheet_cost(ingredients_of(rows, sheet["id"])) * scale(covers, sheet["portions"])
            for sheet in sheets
        ),
        Fraction(0),
    )


# --- cooking to "enough" ---------------------------------------------------------------------

CONFIDENCES = (50, 80, 90, 95)  # percent sure not to run short; 90: the 80% range's upper end
DEFAULT_CONFIDENCE = 90
Z_90 = 1.2815515655446004  # the 90th percentile of a standard normal


@dataclass(frozen=True)
class Enough:
    """Cooking `portions` for a day whose covers are uncertain."""

    confidence: int  # percent sure not to run short
    portions: int
    short_risk: float  # chance of running short (0–1)
    leftovers: float  # portions expected to be left
    leftovers_minor: int  # their cost, minor units (rounded once, half up)


def _spreads(expected: int, low: int, high: int) -> tuple[float, float]:
    """Log spreads below and above the median, from the 80% range (10th to 90th percentile)."""
    centre = math.log1p(expected)
    below = max(centre - math.log1p(low), 0.01) / Z_90
    above = max(math.log1p(high) - centre, 0.01) / Z_90
    return below, above


def covers_below(covers: float, expected: int, low: int, high: int) -> float:
    """Chance that fewer than `covers` come, from the forecast and its 80% range."""
    if covers <= 0:
        return 0.0
    below, above = _spreads(expected, low, high)
    z = math.log1p(covers) - math.log1p(expected)
    z /= below if z < 0 else above
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def enough_for(confidence: int, expected: int, low: int, high: int) -> int:
    """The fewest portions that are enough `confidence` percent of the time."""
    portions = max(expected, 0)
    while covers_below(portions + 0.5, expected, low, high) * 100 < confidence:
        portions += 1
    while portions > 0 and covers_below(portions - 0.5, expected, low, high) * 100 >= confidence:
        portions -= 1
    return portions


def enough(
    portions: int, confidence: int, expected: int, low: int, high: int, portion_minor: int
) -> Enough:
    """The risk of running short and the leftovers expected when cooking `portions`."""
    left = 0.0
    for covers in range(portions):  # P(covers come) × portions left
        chance = covers_below(covers + 0.5, expected, low, high) - covers_below(
            covers - 0.5, expected, low, high
        )
        left += chance * (portions - covers)
    return Enough(
        confidence=confidence,
        portions=portions,
        short_risk=1 - covers_below(portions + 0.5, expected, low, high),
        leftovers=left,
        leftovers_minor=round_half_up(Fraction(left) * portion_minor),
    )


def enough_options(expected: int, low: int, high: int, portion_minor: int) -> list[Enough]:
    """What each confidence means: portions, risk of running short, leftovers and their cost."""
    return [
        enough(enough_for(c, expected, low, high), c, expected, low, high, portion_minor)
        for c in CONFIDENCES
    ]


def left_over(cooked: int | None, served: int | None) -> int | None:
    """Portions left at close: cooked minus served, never below 0 (unknown if either is)."""
    if cooked is None or served is None:
        return None
    return max(cooked - served, 0)


# EU Regulation 1169/2011, annex II, in the annex's order. The codes are stored; names translated.
ALLERGENS: dict[str, str] = {
    "gluten": N_("Gluten"),
    "crustaceans": N_("Crustaceans"),
    "eggs": N_("Eggs"),
    "fish": N_("Fish"),
    "peanuts": N_("Peanuts"),
    "soybeans": N_("Soy"),
    "milk": N_("Milk"),
    "nuts": N_("Nuts"),
    "celery": N_("Celery"),
    "mustard": N_("Mustard"),
    "sesame": N_("Sesame"),
    "sulphites": N_("Sulphites"),
    "lupin": N_("Lupin"),
    "molluscs": N_("Molluscs"),
}
CONTAINS = "contains"
TRACES = "traces"  # "may contain"
ABSENT = "absent"
LEVELS = (CONTAINS, TRACES, ABSENT)

# Marks the canteen declares (not a certification): vegan implies vegetarian.
DIETS: dict[str, str] = {
    "vegetarian": N_("Vegetarian"),
    "vegan": N_("Vegan"),
    "halal": N_("Halal"),
    "pork_free": N_("No pork"),
}
NOT_VEGETARIAN = ("fish", "crustaceans", "molluscs")
NOT_VEGAN = (*NOT_VEGETARIAN, "eggs", "milk")


def allergen_codes(codes: Iterable[str]) -> list[str]:
    """Known allergen codes, once each, in the annex's order; an unknown one is refused."""
    wanted = {code.strip() for code in codes if code and code.strip()}
    for code in sorted(wanted):
        if code not in ALLERGENS:
            raise AllergenUnknown(code=code[:40])
    return [code for code in ALLERGENS if code in wanted]


def diet_codes(codes: Iterable[str]) -> list[str]:
    """Known diet marks, once each, in order; vegan brings vegetarian; unknown ones dropped."""
    wanted = {code.strip() for code in codes if code}
    if "vegan" in wanted:
        wanted.add("vegetarian")
    return [code for code in DIETS if code in wanted]


def split_codes(text: str | None) -> list[str]:
    return [code for code in (text or "").split(",") if code]


def join_codes(codes: Iterable[str]) -> str:
    return ",".join(codes)


def sheet_levels(contains: Iterable[str], traces: Iterable[str]) -> dict[str, str]:
    """Each allergen's level on a sheet: what it contains wins over what it may contain."""
    found = set(allergen_codes(contains))
    maybe = set(allergen_codes(traces)) - found
    return {
        code: CONTAINS if code in found else TRACES if code in maybe else ABSENT
        for code in ALLERGENS
    }


def parse_corrections(text: str | None) -> dict[str, str]:
    """'milk:absent,nuts:traces' → {'milk': 'absent', 'nuts': 'traces'} (unknown parts dropped)."""
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        code, _, level = part.partition(":")
        if code in ALLERGENS and level in LEVELS:
            out[code] = level
    return out


def corrections_text(corrections: Mapping[str, str]) -> str:
    return ",".join(f"{code}:{corrections[code]}" for code in ALLERGENS if code in corrections)


def corrected(derived: Mapping[str, str], wanted: Mapping[str, str]) -> dict[str, str]:
    """What the coordinator changed from the sheet: only the differences are kept, so that a
    later change to the sheet still reaches the dish where the coordinator did not correct it."""
    for code, level in wanted.items():
        if code not in ALLERGENS:
            raise AllergenUnknown(code=code[:40])
        if level not in LEVELS:
            raise AllergenUnknown(code=level[:40])
    return {
        code: wanted[code]
        for code in ALLERGENS
        if code in wanted and wanted[code] != derived.get(code, ABSENT)
    }


def dish_levels(derived: Mapping[str, str], corrections: Mapping[str, str]) -> dict[str, str]:
    """A dish's allergens: its sheet's, with the coordinator's corrections on top."""
    return {code: corrections.get(code, derived.get(code, ABSENT)) for code in ALLERGENS}


def with_level(levels: Mapping[str, str], level: str) -> list[str]:
    return [code for code in ALLERGENS if levels.get(code) == level]


def check_diets(levels: Mapping[str, str], diets: Iterable[str]) -> list[str]:
    """The marks declared, refused when the dish contains what the mark excludes."""
    marks = diet_codes(diets)
    for diet, excluded in (("vegan", NOT_VEGAN), ("vegetarian", NOT_VEGETARIAN)):
        for code in excluded:
            if diet in marks and levels.get(code) == CONTAINS:
                raise DietConflict(DietConflict.vegan if diet == "vegan" else None)
    return marks
