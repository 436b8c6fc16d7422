"""The tablet's bond with its canteen: pairing, by page and by API."""

from typing import Any

from kiosk.network.api import pairing_api_router
from kiosk.network.pages import pairing_router


def network_routers() -> list[Any]:
    return [pairing_router, pairing_api_router]
