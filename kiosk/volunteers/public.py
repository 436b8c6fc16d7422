"""The public pages, no tablet needed: a canteen's coming shifts (/v/<canteen>/), its QR
poster, and each volunteer's private link (/my/<token>) with their places and calendar."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from canteen import i18n
from canteen.errors import DomainError
from canteen.network.services import get_canteen, get_canteen_by_slug
from canteen.throttle import services as throttle
from canteen.volunteers import calendar, patterns, personal_data, services, shifts
from canteen.volunteers.services import ShiftFull
from canteen.web.forms import new_client_id
from canteen.web.qr import qr_svg
from canteen.web.requests import address
from kiosk.volunteers.common import (
    VOLUNTEER_COOKIE,
    Form,
    base_url,
    by_day,
    long_date,
    message,
    notify,
    page,
    secret,
    sign_up_from,
    started,
    volunteer_cookie,
    weekday_names,
)

COMING_DAYS = 28


def _with_language(response: Any, lang: str) -> Any:
    """?lang=xx on a public page: keep that language for the next pages too."""
    if lang in i18n.LANGUAGES:
        response.cookies.append(
            Cookie(key="lang", value=lang, max_age=365 * 24 * 3600, samesite="lax", path="/")
        )
    return response


async def _known(request: Request[Any, Any, Any], canteen_id: int) -> dict[str, Any] | None:
    """The volunteer this phone remembers, when they belong to this canteen."""
    token = request.cookies.get(VOLUNTEER_COOKIE)
    if not token:
        return None
    try:
        volunteer = await services.volunteer_for_token(token)
    except DomainError:
        return None
    if volunteer["canteen"] != canteen_id:
        return None
    return {"first_name": volunteer["first_name"], "token": token}


class PublicShiftsController(Controller):
    path = "/v"
    include_in_schema = False

    @get("/{slug:str}")
    async def shifts(self, request: Request[Any, Any, Any], slug: str, lang: str = "") -> Template:
        canteen = await get_canteen_by_slug(slug)
        coming = await shifts.coming_shifts(canteen["id"], COMING_DAYS)
        return _with_language(
            page(
                "public_shifts",
                canteen=canteen,
                days=by_day(coming),
                known=await _known(request, canteen["id"]),
                public=True,
            ),
            lang,
        )

    @get("/{slug:str}/shifts/{shift_id:int}")
    async def form(
        self, request: Request[Any, Any, Any], slug: str, shift_id: int, lang: str = ""
    ) -> Template:
        return _with_language(await self._form(request, slug, shift_id), lang)

    async def _form(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        shift_id: int,
        status: int = 200,
        error: str | None = None,
        values: dict[str, str] | None = None,
        offer_waiting_list: bool = False,
    ) -> Template:
        canteen = await get_canteen_by_slug(slug)
        shift = await shifts.shift_out(shift_id)
        if shift.canteen_id != canteen["id"]:
            raise shifts.ShiftElsewhere()
        return page(
            "public_form",
            status,
            canteen=canteen,
            shift=shift,
            known=await _known(request, canteen["id"]),
            values=values or {},
            error=error,
            offer_waiting_list=offer_waiting_list or (shift.taken >= shift.places),
            client_id=new_client_id(),
            action=f"/v/{canteen['slug']}/shifts/{shift.id}",
            public=True,
        )

    @post("/{slug:str}/shifts/{shift_id:int}")
    async def sign_up(
        self, request: Request[Any, Any, Any], slug: str, shift_id: int, data: Form
    ) -> Response[Any]:
        canteen = await get_canteen_by_slug(slug)
        known = await _known(request, canteen["id"])
        values = {k: data.get(k, "")[:254] for k in ("first_name", "phone", "email", "consent")}
        try:
            await throttle.count(f"sign-up:{address(request)}", throttle.PUBLIC_SIGN_UPS)
            out = await services.sign_up(
                shift_id,
                sign_up_from(data, known["token"] if known else None),
                secret=secret(request),
                canteen_id=canteen["id"],
            )
        except ShiftFull as full:
            return await self._form(request, slug, shift_id, 409, message(full), values, True)
        except DomainError as error:
            return await self._form(request, slug, shift_id, error.status, message(error), values)
        mine = await services.my_places(out.token)
        response: Redirect = Redirect(path=f"{out.link}?added={out.sign_up_id}")
        response.cookies.append(volunteer_cookie(request, out.token, mine.link_expires_at))
        return response

    @post("/{slug:str}/forget")
    async def forget(self, slug: str) -> Response[Any]:
        """'Not you?': this phone forgets its volunteer (the link itself still works)."""
        response: Redirect = Redirect(path=f"/v/{slug}")
        response.delete_cookie(VOLUNTEER_COOKIE, path="/")
        return response

    @get("/{slug:str}/poster")
    async def poster(self, request: Request[Any, Any, Any], slug: str, lang: str = "") -> Template:
        """A printable poster for the canteen's wall: a QR code to the sign-up page."""
        canteen = await get_canteen_by_slug(slug)
        url = f"{base_url(request)}/v/{canteen['slug']}"
        names = weekday_names()
        lines = await patterns.list_patterns(canteen["id"])
        weekdays = [names[day] for day in sorted({line.weekday for line in lines})]
        response = page(
            "poster", canteen=canteen, url=url, qr=qr_svg(url), weekdays=weekdays, public=True
        )
        return _with_language(response, lang)


class PrivateLinkController(Controller):
    """The volunteer's own page: only the token in the address opens it."""

    path = "/my"
    include_in_schema = False

    @get("/{token:str}")
    async def places(
        self,
        request: Request[Any, Any, Any],
        token: str,
        added: int = 0,
        cancelled: int = 0,
        lang: str = "",
    ) -> Template:
        mine = await services.my_places(token)
        canteen = await get_canteen_by_slug(mine.canteen_slug)
        host = base_url(request)
        response = page(
            "my_places",
            canteen=canteen,
            mine=mine,
            token=token,
            days=by_day(mine.places, key=lambda place: place.shift.date),
            expires=long_date(mine.link_expires_at[:10]),
            can_cancel={p.sign_up_id for p in mine.places if not started(p.shift)},
            added=next((p for p in mine.places if p.sign_up_id == added), None),
            cancelled=bool(cancelled),
            promoted=[p for p in mine.places if p.promoted],
            calendar_url=f"{host}/my/{token}/calendar.ics",
            webcal_url="webcal://" + f"{host}/my/{token}/calendar.ics".split("://", 1)[1],
            public=True,
        )
        response.cookies.append(volunteer_cookie(request, token, mine.link_expires_at))
        return _with_language(response, lang)

    @post("/{token:str}/cancel/{sign_up_id:int}")
    async def cancel(
        self, request: Request[Any, Any, Any], token: str, sign_up_id: int
    ) -> Response[Any]:
        async def tell(ids: list[int]) -> None:
            await notify(request, ids)

        await services.cancel_place(token, sign_up_id, tell)
        return Redirect(path=f"/my/{token}?cancelled=1")

    @get("/{token:str}/calendar.ics")
    async def calendar(self, request: Request[Any, Any, Any], token: str) -> Response[bytes]:
        volunteer, rows = await services.calendar_places(token)
        canteen = await get_canteen(volunteer["canteen"])
        link = f"{base_url(request)}/my/{token}"
        body = calendar.places_calendar(volunteer, canteen, rows, link)
        return Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={"cache-control": "private, max-age=900"},
        )

    @get("/{token:str}/data.json")
    async def export(self, token: str) -> Response[Any]:
        data = await personal_data.export_me(token)
        return Response(
            data,
            headers={"content-disposition": 'attachment; filename="my-volunteer-data.json"'},
        )

    @get("/{token:str}/erase")
    async def erase_form(self, token: str) -> Template:
        mine = await services.my_places(token)
        canteen = await get_canteen_by_slug(mine.canteen_slug)
        return page("my_erase", canteen=canteen, mine=mine, token=token, public=True)

    @post("/{token:str}/erase")
    async def erase(self, request: Request[Any, Any, Any], token: str, data: Form) -> Response[Any]:
        mine = await services.my_places(token)
        canteen = await get_canteen_by_slug(mine.canteen_slug)
        if data.get("confirm") != "yes":
            return Redirect(path=f"/my/{token}/erase")
        await notify(request, await personal_data.erase_me(token))
        response = page("erased", canteen=canteen, public=True)
        response.delete_cookie(VOLUNTEER_COOKIE, path="/")
        return response


public_volunteers_router = Router(
    path="/", route_handlers=[PublicShiftsController, PrivateLinkController]
)
