"""The public pages, no tablet needed: a canteen's coming shifts (/v/<canteen>/), its QR
poster, and each volunteer's private link (/my/<token>) with their places and calendar."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from canteen import clock, i18n
from canteen.errors import DomainError
from canteen.network.services import get_canteen, get_canteen_by_slug
from canteen.throttle import services as throttle
from canteen.volunteers import (
    attendance,
    calendar,
    certificate,
    cover,
    patterns,
    personal_data,
    queries,
    rules,
    services,
    shifts,
)
from canteen.volunteers.errors import AlreadySignedUp, CoverTaken, ShiftElsewhere, ShiftFull
from canteen.volunteers.links import volunteer_for_token
from canteen.volunteers.mail import Outbox
from canteen.web.forms import new_client_id
from canteen.web.language import LANGUAGE_COOKIE
from canteen.web.qr import qr_svg
from canteen.web.requests import address, settings_of
from kiosk.volunteers.attendance import pdf_response
from kiosk.volunteers.common import (
    base_url,
    by_day,
    hour_count,
    long_date,
    message,
    notify,
    page,
    secret,
    weekday_names,
)
from kiosk.volunteers.forms import Form, sign_up_from, typed_values

COMING_DAYS = 28
VOLUNTEER_COOKIE = "tablee_volunteer"
LANGUAGE_CHOICE_SECONDS = 365 * 24 * 3600


def _with_language(response: Any, lang: str) -> Any:
    """?lang=xx on a public page: keep that language for the next pages too."""
    if lang in i18n.LANGUAGES:
        response.cookies.append(
            Cookie(
                key=LANGUAGE_COOKIE,
                value=lang,
                max_age=LANGUAGE_CHOICE_SECONDS,
                samesite="lax",
                path="/",
            )
        )
    return response


def volunteer_cookie(request: Request[Any, Any, Any], token: str, expires: str) -> Cookie:
    """The phone remembers its volunteer, so the next sign-up needs no name again."""
    seconds = int((datetime.fromisoformat(expires) - clock.now()).total_seconds())
    return Cookie(
        key=VOLUNTEER_COOKIE,
        value=token,
        max_age=max(0, seconds),
        httponly=True,
        samesite="lax",
        secure=settings_of(request).secure_cookies,
        path="/",
    )


def _can_cancel(mine: Any) -> set[int]:
    """The places still cancellable on the link: their shift has not started (the rule)."""
    now = clock.now()
    return {
        place.sign_up_id
        for place in mine.places
        if not rules.has_started(datetime.fromisoformat(place.shift.starts_at), now)
    }


async def _known(request: Request[Any, Any, Any], canteen_id: int) -> dict[str, Any] | None:
    """The volunteer this phone remembers, when they belong to this canteen."""
    token = request.cookies.get(VOLUNTEER_COOKIE)
    if not token:
        return None
    try:
        volunteer = await volunteer_for_token(token)
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
            raise ShiftElsewhere()
        return page(
            "public_form",
            status,
            canteen=canteen,
            shift=shift,
            known=await _known(request, canteen["id"]),
            values=values or {},
            error=error,
            offer_waiting_list=offer_waiting_list or shift.full,
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
        values = typed_values(data)
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
        mine = await queries.my_places(out.token)
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
        covered: int = 0,
        gone: int = 0,
        lang: str = "",
    ) -> Template:
        mine = await queries.my_places(token)
        canteen = await get_canteen_by_slug(mine.canteen_slug)
        volunteer = await volunteer_for_token(token)
        done = await attendance.done_by(volunteer["id"])
        host = base_url(request)
        response = page(
            "my_places",
            canteen=canteen,
            mine=mine,
            token=token,
            days=by_day(mine.places, key=lambda place: place.shift.date),
            expires=long_date(mine.link_expires_at[:10]),
            can_cancel=_can_cancel(mine),
            late={
                p.sign_up_id
                for p in mine.places
                if rules.is_late(datetime.fromisoformat(p.shift.starts_at), clock.now())
            },
            added=next((p for p in mine.places if p.sign_up_id == added), None),
            cancelled=bool(cancelled),
            promoted=[p for p in mine.places if p.promoted],
            covered=next((p for p in mine.places if p.sign_up_id == covered), None),
            gone=bool(gone),
            covers=await cover.covers_for(volunteer),
            done=done,
            done_hours=hour_count(done.minutes),
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

        place = await services.cancel_place(token, sign_up_id, tell)
        volunteer = await volunteer_for_token(token)
        # Given up late: the cover request goes out by e-mail now (when SMTP is set up).
        await cover.announce(volunteer["canteen"], Outbox(settings_of(request)))
        return Redirect(path=f"/my/{token}?cancelled={place.sign_up_id}")

    @post("/{token:str}/cover/{cover_id:int}")
    async def take_cover(self, token: str, cover_id: int) -> Response[Any]:
        """One tap: the place given up is mine, unless someone was faster."""
        try:
            place = await cover.take_cover(token, cover_id)
        except (CoverTaken, AlreadySignedUp):
            return Redirect(path=f"/my/{token}?gone=1")
        return Redirect(path=f"/my/{token}?covered={place.sign_up_id}")

    @get("/{token:str}/certificate.pdf")
    async def certificate(self, token: str) -> Response[bytes]:
        """The certificate of volunteering, in the language of the page."""
        return pdf_response(await certificate.my_certificate(token), "certificate.pdf")

    @get("/{token:str}/calendar.ics")
    async def calendar(self, request: Request[Any, Any, Any], token: str) -> Response[bytes]:
        volunteer, rows = await queries.calendar_places(token)
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
        mine = await queries.my_places(token)
        canteen = await get_canteen_by_slug(mine.canteen_slug)
        return page("my_erase", canteen=canteen, mine=mine, token=token, public=True)

    @post("/{token:str}/erase")
    async def erase(self, request: Request[Any, Any, Any], token: str, data: Form) -> Response[Any]:
        mine = await queries.my_places(token)
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
