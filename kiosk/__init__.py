"""The tablet at the canteen's door: pages, JSON API, static files, catalogs."""

from typing import Any

from kiosk.api import api_router
from kiosk.forecast_api import forecast_api_router
from kiosk.forecast_pages import forecast_pages_router
from kiosk.offline import offline_router
from kiosk.pages import pages_router
from kiosk.paths import HERE, HTML_REDIRECTS, LOCALE_DIR, STATIC_DIR, TEMPLATE_DIR
from kiosk.volunteers import volunteers_routers

__all__ = ["HERE", "HTML_REDIRECTS", "LOCALE_DIR", "STATIC_DIR", "TEMPLATE_DIR", "routers"]


def routers() -> list[Any]:
    return [
        pages_router,
        api_router,
        offline_router,
        *volunteers_routers(),
        forecast_pages_router,
        forecast_api_router,
    ]
