"""Pairing a tablet through the JSON API: a code in, a device token out."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Router, post
from litestar.status_codes import HTTP_201_CREATED

from canteen.network import services as network
from canteen.network.schemas import PairIn, PairOut
from canteen.web.requests import address
from kiosk.auth import COOKIE_WRITES_NEED_HEADER


class DeviceController(Controller):
    path = "/devices"
    tags = ["tablet"]

    @post("/pair", status_code=HTTP_201_CREATED)
    async def pair(self, request: Request[Any, Any, Any], data: PairIn) -> PairOut:
        """Bind this tablet to the canteen of a pairing code; answers a device token."""
        source = address(request)
        device_id, token, canteen = await network.pair_device(data, source=source)
        return PairOut(device_id=device_id, token=token, canteen=network.canteen_out(canteen))


pairing_api_router = Router(
    path="/api/v1",
    route_handlers=[DeviceController],
    opt={COOKIE_WRITES_NEED_HEADER: True},
)
