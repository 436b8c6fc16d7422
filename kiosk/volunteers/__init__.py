"""Volunteers on the web: the public sign-up page and QR poster, the private link, the
tablet's "I'm here to cook", coordinator mode's volunteer views, and their JSON API."""

from typing import Any


def volunteers_routers() -> list[Any]:
    from kiosk.volunteers.api import volunteers_api_router
    from kiosk.volunteers.coordinator import coordinator_volunteers_router
    from kiosk.volunteers.public import public_volunteers_router
    from kiosk.volunteers.tablet import tablet_volunteers_router

    return [
        public_volunteers_router,
        tablet_volunteers_router,
        coordinator_volunteers_router,
        volunteers_api_router,
    ]
