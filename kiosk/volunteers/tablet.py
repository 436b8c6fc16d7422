"""'I'm here to cook' at the tablet: today's shifts at this canteen, a place in two taps.

The tablet is shared: it never remembers a volunteer. Their private link is shown once, as
a QR code to scan with their own phone, then the screen goes back to the welcome page.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.response import Template

from canteen.errors import DomainError
from canteen.network.services import get_canteen
from canteen.volunteers import services, shifts
from canteen.volunteers.errors import ShiftElsewhere, ShiftFull
from canteen.web.forms import new_client_id
from canteen.web.qr import qr_svg
from kiosk.auth import requires_device
from kiosk.volunteers.common import base_url, by_day, message, page, secret
from kiosk.volunteers.forms import Form, sign_up_from, typed_values

IDLE_SECONDS = 120  # back to the welcome screen when nobody touches the tablet
DONE_SECONDS = 60


class TabletVolunteersController(Controller):
    path = "/kiosk/cook"
    guards = [requires_device]
    include_in_schema = False

    async def _canteen(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return await get_canteen(int(request.state.device["canteen"]))

    @get("/")
    async def today(self, request: Request[Any, Any, Any]) -> Template:
        canteen = await self._canteen(request)
        today = await shifts.todays_shifts(canteen["id"])
        public_url = f"{base_url(request)}/v/{canteen['slug']}"
        return page(
            "kiosk_today",
            canteen=canteen,
            shifts=today,
            days=by_day(today),
            public_url=public_url,
            qr=qr_svg(public_url),
            idle=IDLE_SECONDS,
        )

    @get("/{shift_id:int}")
    async def form(self, request: Request[Any, Any, Any], shift_id: int) -> Template:
        return await self._form(request, shift_id)

    async def _form(
        self,
        request: Request[Any, Any, Any],
        shift_id: int,
        status: int = 200,
        error: str | None = None,
        values: dict[str, str] | None = None,
        offer_waiting_list: bool = False,
    ) -> Template:
        canteen = await self._canteen(request)
        shift = await shifts.shift_out(shift_id)
        if shift.canteen_id != canteen["id"]:
            raise ShiftElsewhere()
        return page(
            "kiosk_form",
            status,
            canteen=canteen,
            shift=shift,
            known=None,
            values=values or {},
            error=error,
            offer_waiting_list=offer_waiting_list or shift.full,
            client_id=new_client_id(),
            action=f"/kiosk/cook/{shift.id}",
            idle=IDLE_SECONDS,
        )

    @post("/{shift_id:int}")
    async def sign_up(
        self, request: Request[Any, Any, Any], shift_id: int, data: Form
    ) -> Response[Any]:
        canteen = await self._canteen(request)
        values = typed_values(data)
        try:
            # A tablet's sign-up may be replayed from its outbox long after it was made: a
            # place gone meanwhile becomes a place on the waiting list (see kiosk/static/outbox.js).
            out = await services.sign_up(
                shift_id,
                sign_up_from(data),
                secret=secret(request),
                canteen_id=canteen["id"],
                wait_if_full=True,
            )
        except ShiftFull as full:
            return await self._form(request, shift_id, 409, message(full), values, True)
        except DomainError as error:
            return await self._form(request, shift_id, error.status, message(error), values)
        # Rendered here rather than redirected: the link is shown once and never in an address
        # the tablet's history keeps. A reload resends the same id and gets the same answer.
        link = f"{base_url(request)}{out.link}"
        return page(
            "kiosk_done",
            canteen=canteen,
            out=out,
            link=link,
            qr=qr_svg(link),
            idle=DONE_SECONDS,
        )


tablet_volunteers_router = Router(path="/", route_handlers=[TabletVolunteersController])
