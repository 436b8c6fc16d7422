"""The tablet at the canteen's door: pages, JSON API, static files, catalogs."""

from pathlib import Path
from typing import Any

from kiosk.forecast import forecast_api_router, forecast_pages_router
from kiosk.recipes import recipes_api_router, recipes_pages_router
from kiosk.volunteers import volunteers_routers

HERE = Path(__file__).parent
LOCALE_DIR = HERE / "locale"
TEMPLATE_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

# Domain errors that, on a page, send the tablet somewhere instead of showing an error.
HTML_REDIRECTS = {
    "DeviceNotPaired": "/kiosk/pair",
    "DeviceRevoked": "/kiosk/pair?revoked=1",
    "CoordinatorRequired": "/kiosk/coordinator",
}


def routers() -> list[Any]:
    from kiosk.api import api_router
    from kiosk.offline import offline_router
    from kiosk.pages import pages_router

    return [
        pages_router,
        api_router,
        offline_router,
        *volunteers_routers,
        forecast_pages_router,
        recipes_pages_router,
        forecast_api_router,
        recipes_api_router,
    ]
