"""The JSON API for recipe sheets and shopping lists, through the same services as the pages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Router, get

from canteen.network import services as network
from canteen.recipes import rules
from canteen.recipes import services as recipes
from canteen.recipes.schemas import RecipeSummary, ShoppingList
from kiosk.auth import requires_coordinator, requires_device
from kiosk.forecast.api import device_canteen_id


class RecipesController(Controller):
    path = "/recipes"
    guards = [requires_device, requires_coordinator]
    tags = ["recipes"]

    @get("/")
    async def sheets(self, request: Request[Any, Any, Any]) -> list[RecipeSummary]:
        """The recipe sheets this canteen's network can use."""
        canteen = await network.get_canteen(device_canteen_id(request))
        return await recipes.list_recipes(canteen["network"])

    @get("/shopping-list")
    async def shopping_list(
        self, request: Request[Any, Any, Any], covers: int, recipe: list[str]
    ) -> ShoppingList:
        """The chosen sheets scaled to the covers: quantities, total cost, cost per portion."""
        canteen = await network.get_canteen(device_canteen_id(request))
        return await recipes.shopping_list(
            recipe[: rules.MAX_SHEETS_PER_LIST], covers, canteen["network"]
        )


recipes_api_router = Router(path="/api/v1", route_handlers=[RecipesController])
