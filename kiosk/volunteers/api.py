"""The volunteers' JSON API under /api/v1: coming shifts, sign-up, one's places, cancel.

No account and no tablet needed: a sign-up answers a private token; send it back in the
X-Volunteer-Token header to see or cancel places. The pages call the same services.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.params import HeaderParameter, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from canteen.network.services import get_canteen_by_slug
from canteen.throttle import services as throttle
from canteen.volunteers import queries, services, shifts
from canteen.volunteers.schemas import MyPlacesOut, PlaceOut, ShiftOut, SignUpIn, SignUpOut
from canteen.web.requests import address
from kiosk.auth import COOKIE_WRITES_NEED_HEADER, requires_device
from kiosk.volunteers.common import notify, secret

Token = Annotated[str, HeaderParameter(name="x-volunteer-token", max_length=100)]


class VolunteersApiController(Controller):
    path = "/"
    tags = ["volunteers"]

    @get("/canteens/{slug:str}/shifts")
    async def coming(
        self, slug: str, days: Annotated[int, Parameter(ge=1, le=90)] = 28
    ) -> list[ShiftOut]:
        """A canteen's coming shifts (not yet over), with places taken and people waiting."""
        canteen = await get_canteen_by_slug(slug)
        return await shifts.coming_shifts(canteen["id"], days)

    @post("/shifts/{shift_id:int}/signups", status_code=HTTP_201_CREATED)
    async def sign_up(
        self, request: Request[Any, Any, Any], shift_id: int, data: SignUpIn
    ) -> Response[Any]:
        """Take a place. A replay with the same id answers the same; another body, 422.

        409 when the shift is full: the answer's `waiting_list` offers the waiting list
        (send again with a new id and `"waiting_list": true`)."""
        await throttle.count(f"sign-up:{address(request)}", throttle.PUBLIC_SIGN_UPS)
        out = await services.sign_up(shift_id, data, secret=secret(request))
        return Response(out, status_code=HTTP_201_CREATED)

    @get("/volunteers/me")
    async def mine(self, token: Token) -> MyPlacesOut:
        """The volunteer's places from today on (X-Volunteer-Token)."""
        return await queries.my_places(token)

    @post("/signups/{sign_up_id:int}/cancel", status_code=HTTP_200_OK)
    async def cancel(
        self, request: Request[Any, Any, Any], sign_up_id: int, token: Token
    ) -> PlaceOut:
        """Cancel a place (X-Volunteer-Token); the first in line gets it. Twice answers the same."""

        async def tell(ids: list[int]) -> None:
            await notify(request, ids)

        return await services.cancel_place(token, sign_up_id, tell)


class TabletSignUpController(Controller):
    """The tablet's "I'm here to cook", as its outbox sends it (kiosk/static/outbox.js)."""

    path = "/kiosk/shifts"
    tags = ["tablet"]
    guards = [requires_device]
    # Like the rest of the tablet's API: a write with the device cookie alone is refused.
    opt = {COOKIE_WRITES_NEED_HEADER: True}

    @post("/{shift_id:int}/signups", status_code=HTTP_201_CREATED)
    async def sign_up(
        self, request: Request[Any, Any, Any], shift_id: int, data: SignUpIn
    ) -> SignUpOut:
        """Take a place on one of this tablet's canteen's shifts (device token).

        The same id and body answer the same; another body, 422. Made offline and replayed
        later, a sign-up whose place was taken meanwhile goes on the waiting list
        (`status: waiting`, `arrived_full: true`) rather than being refused."""
        return await services.sign_up(
            shift_id,
            data,
            secret=secret(request),
            canteen_id=int(request.state.device["canteen"]),
            wait_if_full=True,
        )


volunteers_api_router = Router(
    path="/api/v1", route_handlers=[VolunteersApiController, TabletSignUpController]
)
