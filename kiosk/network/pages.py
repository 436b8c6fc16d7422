"""Pairing a tablet with its canteen: the page that takes the code."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.response import Redirect, Template

from canteen.errors import DomainError
from canteen.network import services as network
from canteen.network.schemas import PairIn
from canteen.web.forms import (
    client_id_from,
    new_client_id,
)
from canteen.web.requests import address
from kiosk.auth import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_SECONDS,
)
from kiosk.meals.common import (
    Form,
    cookie,
    message,
    page,
)


class PairingController(Controller):
    path = "/kiosk/pair"
    include_in_schema = False

    @get("/")
    async def show(self, code: str = "", revoked: int = 0) -> Template:
        return page("pair", code=code, revoked=bool(revoked), client_id=new_client_id())

    @post("/")
    async def pair(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        code = (data.get("code") or "").strip()
        try:
            pair_in = PairIn(id=client_id_from(data), code=code[:20] or "----", name="")
            source = address(request)
            _device_id, token, _canteen = await network.pair_device(pair_in, source=source)
        except DomainError as error:
            return page("pair", 400, code=code, error=message(error), client_id=new_client_id())
        response: Redirect = Redirect(path="/kiosk/")
        response.cookies.append(cookie(request, DEVICE_COOKIE, token, DEVICE_COOKIE_SECONDS))
        return response


pairing_router = Router(path="/", route_handlers=[PairingController])
