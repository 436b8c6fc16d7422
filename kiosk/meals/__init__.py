"""The day's meal on the tablet: the diners' pages, coordinator mode and the JSON API."""

from typing import Any

from litestar import Router

from kiosk.meals.api import api_router
from kiosk.meals.coordinator import CoordinatorController, CoordinatorLoginController
from kiosk.meals.pages import DinerController


def meals_routers() -> list[Any]:
    pages = Router(
        path="/",
        route_handlers=[DinerController, CoordinatorLoginController, CoordinatorController],
    )
    return [pages, api_router]
