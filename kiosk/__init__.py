"""The tablet at the canteen's door: pages, JSON API, static files, catalogs."""

from typing import Any

from litestar import Router

from kiosk.conservation import batches_api_router, batches_pages_router
from kiosk.forecast import forecast_api_router, forecast_pages_router
from kiosk.language import use_tablet_language
from kiosk.meals import meals_routers
from kiosk.network import network_routers
from kiosk.offline import offline_router
from kiosk.paths import HERE, HTML_REDIRECTS, LOCALE_DIR, STATIC_DIR, TEMPLATE_DIR
from kiosk.recipes import recipes_api_router, recipes_pages_router
from kiosk.volunteers import volunteers_routers

__all__ = ["HERE", "HTML_REDIRECTS", "LOCALE_DIR", "STATIC_DIR", "TEMPLATE_DIR", "routers"]


def routers() -> list[Any]:
    """Every kiosk page speaks the language of whoever uses the tablet (kiosk/language.py)."""
    return [
        Router(
            path="/",
            route_handlers=_routers(),
            before_request=use_tablet_language,
        )
    ]


def _routers() -> list[Any]:
    return [
        *network_routers(),
        *meals_routers(),
        offline_router,
        *volunteers_routers,
        forecast_pages_router,
        recipes_pages_router,
        forecast_api_router,
        recipes_api_router,
        batches_pages_router,
        batches_api_router,
    ]
