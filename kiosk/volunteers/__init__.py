"""Volunteers on the web: the public sign-up page and QR poster, the private link, the
tablet's "I'm here to cook", coordinator mode's volunteer views, and their JSON API."""

from kiosk.volunteers.api import volunteers_api_router
from kiosk.volunteers.attendance import attendance_router
from kiosk.volunteers.coordinator import coordinator_volunteers_router
from kiosk.volunteers.public import public_volunteers_router
from kiosk.volunteers.tablet import tablet_volunteers_router

volunteers_routers = [
    public_volunteers_router,
    tablet_volunteers_router,
    coordinator_volunteers_router,
    attendance_router,
    volunteers_api_router,
]

__all__ = [
    "attendance_router",
    "coordinator_volunteers_router",
    "public_volunteers_router",
    "tablet_volunteers_router",
    "volunteers_api_router",
    "volunteers_routers",
]
