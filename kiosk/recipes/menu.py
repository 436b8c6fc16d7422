"""What's on the plate: the day's dishes with their allergens, for diners (the tablet, a
printable poster) and for the coordinator, who chooses the sheets and corrects the dishes."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template

from canteen.errors import N_, DomainError, NotFound
from canteen.meals import services as meals
from canteen.recipes import menu, rules
from canteen.recipes import services as recipes
from canteen.recipes.schemas import DishOut
from kiosk.auth import requires_coordinator, requires_device
from kiosk.forecast.pages import day_label, device_canteen, message
from kiosk.meals.common import IDLE_SECONDS, Form, welcome_languages

LEVEL_LABELS = (
    (rules.CONTAINS, N_("Contains")),
    (rules.TRACES, N_("May contain")),
    (rules.ABSENT, N_("No")),
)
NAMES = {"level_labels": LEVEL_LABELS}


def _page(name: str, status_code: int = 200, **context: Any) -> Template:
    return Template(
        template_name=f"kiosk/recipes/{name}.html",
        context={**NAMES, **context},
        status_code=status_code,
    )


async def todays_dishes(service: dict[str, Any] | None) -> list[DishOut]:
    """The dishes diners see: those of today's service while it is open."""
    if service is None or service["status"] != "open":
        return []
    return await menu.menu_of(service["id"])


async def _today(request: Request[Any, Any, Any]) -> dict[str, Any]:
    canteen = await device_canteen(request)
    service = await meals.todays_service(canteen["id"])
    return {
        "canteen": canteen,
        "service": service,
        "dishes": await todays_dishes(service),
        "languages": welcome_languages(canteen),
        "day": day_label(service["date"]) if service else "",
    }


class DinerMenuController(Controller):
    """The diner's allergen view in their language, and the poster printed from the tablet."""

    path = "/kiosk/menu"
    guards = [requires_device]
    include_in_schema = False

    @get("/")
    async def view(self, request: Request[Any, Any, Any]) -> Template:
        return _page("menu", idle=IDLE_SECONDS, **await _today(request))

    @get("/poster")
    async def poster(self, request: Request[Any, Any, Any]) -> Template:
        return _page("menu_poster", **await _today(request))


class MenuController(Controller):
    """The coordinator chooses today's recipe sheets and corrects each dish's allergens."""

    path = "/kiosk/coordinator/menu"
    guards = [requires_device, requires_coordinator]
    include_in_schema = False

    @get("/")
    async def edit(self, request: Request[Any, Any, Any]) -> Template:
        return await self._edit(request)

    async def _edit(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        today = await _today(request)
        sheets = await recipes.list_recipes(today["canteen"]["network"])
        return _page(
            "menu_coordinator",
            status,
            sheets=sheets,
            chosen=[dish.slug for dish in today["dishes"]],
            error=error,
            **today,
        )

    @post("/")
    async def choose(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        canteen = await device_canteen(request)
        service = await meals.todays_service(canteen["id"])
        slugs = [key[7:] for key, value in data.items() if key.startswith("recipe_") and value]
        try:
            if service is None:
                raise NotFound()
            await menu.choose_dishes(canteen["id"], service["id"], slugs)
        except DomainError as error:
            return await self._edit(request, error.status, message(error))
        return Redirect(path="/kiosk/coordinator/menu")

    @post("/{dish_id:int}")
    async def correct(
        self, request: Request[Any, Any, Any], dish_id: int, data: Form
    ) -> Response[Any]:
        canteen = await device_canteen(request)
        service = await meals.todays_service(canteen["id"])
        levels = {key[2:]: value for key, value in data.items() if key.startswith("a_")}
        diets = [key[2:] for key, value in data.items() if key.startswith("d_") and value]
        try:
            if service is None:
                raise NotFound()
            await menu.correct_dish(canteen["id"], service["id"], dish_id, levels, diets)
        except DomainError as error:
            return await self._edit(request, error.status, message(error))
        return Redirect(path=f"/kiosk/coordinator/menu#dish-{dish_id}")
