"""The shopping list at the tablet: recipe sheets scaled to the covers expected, printable."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from babel.numbers import format_percent
from litestar import Controller, Request, Response, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from canteen import i18n
from canteen.errors import N_, DomainError, InvalidInput
from canteen.forecast import cooking
from canteen.recipes import rules
from canteen.recipes import services as recipes
from canteen.recipes.schemas import ShoppingList
from canteen.web.forms import int_field
from kiosk.auth import requires_coordinator, requires_device
from kiosk.forecast.pages import day_label, device_canteen, message
from kiosk.recipes.menu import DinerMenuController, MenuController

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
UNIT_LABELS = {
    "kg": N_("kg"),
    "g": N_("g"),
    "l": N_("l"),
    "ml": N_("ml"),
    "piece": N_("pieces"),
    "bunch": N_("bunches"),
}


def _page(name: str, status_code: int = 200, **context: Any) -> Template:
    return Template(
        template_name=f"kiosk/recipes/{name}.html", context=context, status_code=status_code
    )


class ShoppingListController(Controller):
    """Recipe sheets scaled to the covers expected, as a printable shopping list."""

    path = "/kiosk/coordinator/recipes"
    guards = [requires_device, requires_coordinator]
    include_in_schema = False

    @get("/")
    async def choose(
        self, request: Request[Any, Any, Any], covers: str = "", day: str = ""
    ) -> Template:
        canteen = await device_canteen(request)
        return await self._choose(canteen, covers, day)

    async def _choose(
        self,
        canteen: dict[str, Any],
        covers: str,
        day: str,
        status: int = 200,
        error: str | None = None,
        chosen: list[str] | None = None,
    ) -> Template:
        sheets = await recipes.list_recipes(canteen["network"])
        return _page(
            "choose",
            status,
            canteen=canteen,
            sheets=sheets,
            covers=covers[:5],
            day=day[:10],
            day_label=_safe_label(day),
            chosen=chosen or [],
            error=error,
        )

    @get("/shopping-list")
    async def shopping_list(
        self,
        request: Request[Any, Any, Any],
        covers: str = "",
        day: str = "",
        recipe: list[str] | None = None,
    ) -> Template:
        canteen = await device_canteen(request)
        chosen = [slug[:80] for slug in (recipe or [])][: rules.MAX_SHEETS_PER_LIST]
        try:
            count = int_field({"covers": covers}, "covers", 0) or 0
            found = await recipes.shopping_list(chosen, count, canteen["network"])
        except DomainError as error:
            return await self._choose(canteen, covers, day, 422, message(error), chosen)
        lines = [
            {"line": line, "unit": UNIT_LABELS.get(line.amount_unit, line.amount_unit)}
            for line in found.lines
        ]
        return _page(
            "shopping",
            canteen=canteen,
            found=found,
            lines=lines,
            day=day[:10],
            day_label=_safe_label(day),
            other_currency=found.currency != canteen["currency"],
            offer=await _offer(canteen["id"], day, found),
            percent=_percent,
        )

    @post("/cook")
    async def cook(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        """Record the portions chosen, then show the shopping list for them."""
        canteen = await device_canteen(request)
        given = data.get("recipe") or []
        given = [given] if isinstance(given, str) else given
        chosen = [str(slug)[:80] for slug in given][: rules.MAX_SHEETS_PER_LIST]
        fields = {key: str(value) for key, value in data.items() if isinstance(value, str)}
        day = fields.get("day", "")[:10]
        try:
            portions = int_field(fields, "portions", 0) or 0
            confidence = int_field(fields, "confidence", None)
            await cooking.choose_cooked(canteen["id"], _day(day), portions, confidence)
        except DomainError as error:
            return await self._choose(
                canteen, str(data.get("portions", "")), day, 422, message(error), chosen
            )
        query = "&".join([f"covers={portions}", f"day={day}", *(f"recipe={s}" for s in chosen)])
        return Redirect(path=f"/kiosk/coordinator/recipes/shopping-list?{query}")


async def _offer(canteen_id: int, day: str, found: ShoppingList) -> cooking.EnoughOffer | None:
    """What each confidence means for the day's forecast, with this list's cost per portion."""
    try:
        when = date.fromisoformat(day[:10])
    except ValueError:
        return None
    return await cooking.enough_offer(canteen_id, when, found.cost_per_portion_minor)


def _day(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except ValueError:
        raise InvalidInput() from None


def _percent(value: float) -> str:
    return format_percent(value, locale=i18n.language())


def _safe_label(day: str) -> str:
    try:
        return day_label(day[:10]) if day else ""
    except ValueError:
        return ""


# The day's menu and its allergens (kiosk/recipes/menu.py) ride on the recipes' pages router.
recipes_pages_router = Router(
    path="/", route_handlers=[ShoppingListController, DinerMenuController, MenuController]
)
