"""The JSON API for covers expected, through the same services as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, Router, get, put

from canteen.forecast import services as forecast
from canteen.forecast.schemas import AccuracyOut, CoversOutlook, MarkIn, OverrideIn
from kiosk.auth import requires_coordinator, requires_device


def device_canteen_id(request: Request[Any, Any, Any]) -> int:
    return int(request.state.device["canteen"])


class ForecastController(Controller):
    path = "/forecast"
    guards = [requires_device]
    tags = ["forecast"]

    @get("/")
    async def outlook(self, request: Request[Any, Any, Any]) -> CoversOutlook:
        """Covers expected for the next 14 services, with 80% intervals and overrides."""
        return await forecast.covers_outlook(device_canteen_id(request))

    @put("/{day:date}/override", guards=[requires_coordinator])
    async def override(
        self, request: Request[Any, Any, Any], day: date, data: OverrideIn
    ) -> CoversOutlook:
        """The coordinator's own number for a coming service (null clears it)."""
        return await forecast.set_override(device_canteen_id(request), day, data.covers)

    @put("/{day:date}/mark", guards=[requires_coordinator])
    async def mark(self, request: Request[Any, Any, Any], day: date, data: MarkIn) -> CoversOutlook:
        """Mark a day closed, a holiday or special (kind null removes the mark)."""
        return await forecast.mark_day(device_canteen_id(request), day, data)

    @get("/accuracy", guards=[requires_coordinator])
    async def accuracy(self, request: Request[Any, Any, Any]) -> AccuracyOut:
        """The last services: forecast, override and actual covers."""
        return await forecast.accuracy(device_canteen_id(request))


forecast_api_router = Router(path="/api/v1", route_handlers=[ForecastController])
