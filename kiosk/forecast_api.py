"""The JSON API for covers expected and shopping lists, through the same services as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, Router, get, put

from canteen.forecast import services as forecast
from canteen.forecast.schemas import AccuracyOut, CoversOutlook, MarkIn, OverrideIn
from canteen.network import services as network
from canteen.recipes import services as recipes
from canteen.recipes.schemas import RecipeSummary, ShoppingList
from kiosk.auth import requires_coordinator, requires_device


def _canteen_id(request: Request[Any, Any, Any]) -> int:
    return int(request.state.device["canteen"])


class ForecastController(Controller):
    path = "/forecast"
    guards = [requires_device]
    tags = ["forecast"]

    @get("/")
    async def outlook(self, request: Request[Any, Any, Any]) -> CoversOutlook:
        """Covers expected for the next 14 services, with 80% intervals and overrides."""
        return await forecast.covers_outlook(_canteen_id(request))

    @put("/{day:date}/override", guards=[requires_coordinator])
    async def override(
        self, request: Request[Any, Any, Any], day: date, data: OverrideIn
    ) -> CoversOutlook:
        """The coordinator's own number for a coming service (null clears it)."""
        return await forecast.set_override(_canteen_id(request), day, data.covers)

    @put("/{day:date}/mark", guards=[requires_coordinator])
    async def mark(self, request: Request[Any, Any, Any], day: date, data: MarkIn) -> CoversOutlook:
        """Mark a day closed, a holiday or special (kind null removes the mark)."""
        return await forecast.mark_day(_canteen_id(request), day, data)

    @get("/accuracy", guards=[requires_coordinator])
    async def accuracy(self, request: Request[Any, Any, Any]) -> AccuracyOut:
        """The last services: forecast, override and actual covers."""
        return await forecast.accuracy(_canteen_id(request))


class RecipesController(Controller):
    path = "/recipes"
    guards = [requires_device, requires_coordinator]
    tags = ["recipes"]

    @get("/")
    async def sheets(self, request: Request[Any, Any, Any]) -> list[RecipeSummary]:
        """The recipe sheets this canteen's network can use."""
        canteen = await network.get_canteen(_canteen_id(request))
        return await recipes.list_recipes(canteen["network"])

    @get("/shopping-list")
    async def shopping_list(
        self, request: Request[Any, Any, Any], covers: int, recipe: list[str]
    ) -> ShoppingList:
        """The chosen sheets scaled to the covers: quantities, total cost, cost per portion."""
        canteen = await network.get_canteen(_canteen_id(request))
        return await recipes.shopping_list(recipe[:12], covers, canteen["network"])


forecast_api_router = Router(path="/api/v1", route_handlers=[ForecastController, RecipesController])
