"""The tablet's pages: plain HTML forms that work without JavaScript, big and calm."""

from __future__ import annotations

import re
from typing import Annotated, Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from litestar import Controller, Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from canteen import i18n
from canteen.errors import N_, DomainError
from canteen.forecast import services as forecast
from canteen.meals import contributions, rules
from canteen.meals import services as meals
from canteen.meals.errors import AmountNegative, ServiceNotOpen, ValueOutOfRange
from canteen.meals.figures import live_counts, service_summary
from canteen.meals.schemas import (
    CheckInIn,
    CloseIn,
    ContributionIn,
    ServiceOpenIn,
    SurveyResponseIn,
)
from canteen.money import exponent, format_money, to_decimal
from canteen.network import services as network
from canteen.network.schemas import PairIn
from canteen.web.errors import message_of
from canteen.web.forms import (
    amount_field,
    bool_field,
    client_id_from,
    int_field,
    new_client_id,
)
from canteen.web.language import LANGUAGE_COOKIE, language_cookie
from canteen.web.requests import address, settings_of
from kiosk.auth import (
    COORDINATOR_COOKIE,
    DEVICE_COOKIE,
    DEVICE_COOKIE_SECONDS,
    coordinator_token,
    requires_coordinator,
    requires_device,
)
from kiosk.meals.closing import close_day

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
ENTER_CASH = N_("Enter the cash counted in the box.")
IDLE_SECONDS = 90  # mid-flow screens go back to the welcome screen after this
THANKS_SECONDS = 15
WAITING_SECONDS = 60  # the welcome screen looks again for the day's meal while none is open


def _cookie(request: Request[Any, Any, Any], key: str, value: str, max_age: int) -> Cookie:
    return Cookie(
        key=key,
        value=value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=settings_of(request).secure_cookies,
        path="/",
    )


def _page(name: str, status_code: int = 200, **context: Any) -> Template:
    return Template(template_name=f"kiosk/{name}.html", context=context, status_code=status_code)


def _message(error: DomainError) -> str:
    return message_of(error)


def _amount_text(amount_minor: int, currency: str) -> str:
    """An amount as a person types it back into a field: '112,00', no symbol, no grouping."""
    decimals = exponent(currency)
    pattern = "0." + "0" * decimals if decimals else "0"
    return format_decimal(to_decimal(amount_minor, currency), pattern, locale=i18n.language())


def _quick_label(amount_minor: int, currency: str) -> str:
    """A quick amount as written on a coin or note: '5 €', not '5,00 €'; '0,50 €' stays."""
    language = i18n.language()
    value = to_decimal(amount_minor, currency)
    if value != value.to_integral_value():
        return format_money(amount_minor, currency, language)
    pattern = Locale.parse(language).currency_formats["standard"].pattern
    return format_currency(
        value.to_integral_value(),
        currency,
        format=re.sub(r"\.0+", "", pattern),
        locale=language,
        currency_digits=False,
    )


def _welcome_languages(canteen: dict[str, Any]) -> list[str]:
    """The canteen's own languages first, then every other language the kiosk speaks."""
    own = [code for code in canteen["languages"].split(",") if code in i18n.LANGUAGES]
    return own + [code for code in i18n.LANGUAGES if code not in own]


async def _context(request: Request[Any, Any, Any], figures: bool = False) -> dict[str, Any]:
    """The tablet's canteen and today's service; with figures, its cost and credits too.

    Figures take a few aggregate queries: only the pay and coordinator screens show them.
    """
    canteen_id = int(request.state.device["canteen"])
    canteen = await network.get_canteen(canteen_id)
    service = await meals.todays_service(canteen_id)
    return {
        "canteen": canteen,
        "service": service,
        "service_out": await meals.service_out(service) if service and figures else None,
        "canteen_languages": [c for c in canteen["languages"].split(",") if c],
    }


def _coordinator_idle(request: Request[Any, Any, Any]) -> int:
    """Seconds until coordinator mode ends: the tablet then goes back to the diners by itself."""
    return int(getattr(request.state, "coordinator_seconds_left", IDLE_SECONDS)) + 1


class PairingController(Controller):
    path = "/kiosk/pair"
    include_in_schema = False

    @get("/")
    async def show(self, code: str = "", revoked: int = 0) -> Template:
        return _page("pair", code=code, revoked=bool(revoked), client_id=new_client_id())

    @post("/")
    async def pair(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        code = (data.get("code") or "").strip()
        try:
            pair_in = PairIn(id=client_id_from(data), code=code[:20] or "----", name="")
            source = address(request)
            _device_id, token, _canteen = await network.pair_device(pair_in, source=source)
        except DomainError as error:
            return _page("pair", 400, code=code, error=_message(error), client_id=new_client_id())
        response: Redirect = Redirect(path="/kiosk/")
        response.cookies.append(_cookie(request, DEVICE_COOKIE, token, DEVICE_COOKIE_SECONDS))
        return response


class DinerController(Controller):
    """Welcome → how many are you → pay what you can → thank you → survey → welcome."""

    path = "/kiosk"
    guards = [requires_device]
    include_in_schema = False

    @get("/")
    async def welcome(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Each diner starts afresh in the canteen's first language, not the last diner's."""
        context = await _context(request)
        languages = _welcome_languages(context["canteen"])
        i18n.current_language.set(languages[0])
        service = context["service"]
        waiting = service is None or service["status"] != "open"
        response = _page(
            "welcome",
            languages=languages,
            idle=WAITING_SECONDS if waiting else None,
            **context,
        )
        if request.cookies.get(LANGUAGE_COOKIE) != languages[0]:
            response.cookies.append(language_cookie(languages[0]))
        return response

    @get("/start")
    async def start(self, request: Request[Any, Any, Any], lang: str = "") -> Response[Any]:
        """A diner picked a language: remember it for this visit and begin."""
        response: Redirect = Redirect(path="/kiosk/checkin")
        chosen = lang if lang in i18n.LANGUAGES else i18n.language()
        response.cookies.append(language_cookie(chosen))
        return response

    @get("/checkin")
    async def checkin_form(self, request: Request[Any, Any, Any]) -> Template:
        context = await _context(request)
        return _page("checkin", client_id=new_client_id(), idle=IDLE_SECONDS, **context)

    @post("/checkin")
    async def checkin(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await _context(request)
        service = context["service"]
        try:
            if service is None:
                raise ServiceNotOpen()
            party = data.get("party_more") or data.get("party") or ""
            checkin = CheckInIn(
                id=client_id_from(data),
                party_size=int_field({"p": party}, "p", 0) or 0,
                children=int_field(data, "children"),
                first_visit=bool_field(data, "first_visit"),
            )
            await meals.record_checkin(context["canteen"]["id"], service["id"], checkin)
        except DomainError as error:
            return _page(
                "checkin",
                422,
                error=_message(error),
                client_id=new_client_id(),
                idle=IDLE_SECONDS,
                **context,
            )
        return Redirect(path="/kiosk/pay")

    @get("/pay")
    async def pay_form(self, request: Request[Any, Any, Any]) -> Template:
        return await self._pay_page(request)

    async def _pay_page(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        context = await _context(request, figures=True)
        out = context["service_out"]
        canteen = context["canteen"]
        amounts = rules.quick_amounts(
            out.cost_per_portion_minor if out else None,
            exponent(canteen["currency"]),
            canteen["max_contribution_minor"],
        )
        return _page(
            "pay",
            status,
            client_id=new_client_id(),
            amounts=[(amount, _quick_label(amount, canteen["currency"])) for amount in amounts],
            error=error,
            idle=IDLE_SECONDS,
            **context,
        )

    @post("/pay")
    async def pay(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await _context(request)
        canteen, service = context["canteen"], context["service"]
        choice = data.get("choice", "give")
        try:
            if service is None:
                raise ServiceNotOpen()
            amount, method, forward = rules.contribution_from_choice(
                choice,
                custom_minor=amount_field(
                    data, "amount_custom", canteen["currency"], i18n.language()
                ),
                chosen_minor=int_field(data, "amount"),
                method=(data.get("method") or "").strip(),
                forward=data.get("pay_forward") or "",
            )
            contribution = ContributionIn(
                id=client_id_from(data),
                amount_minor=amount,
                currency=canteen["currency"],
                method=method,  # type: ignore[arg-type]
                pay_forward=forward,
            )
            await contributions.record_contribution(canteen["id"], service["id"], contribution)
        except DomainError as error:
            return await self._pay_page(request, 422, _message(error))
        return Redirect(path=f"/kiosk/thanks?given={'1' if amount or forward else '0'}")

    @get("/thanks")
    async def thanks(
        self, request: Request[Any, Any, Any], given: int = 0, done: int = 0
    ) -> Template:
        return _page(
            "thanks",
            given=bool(given),
            done=bool(done),
            idle=THANKS_SECONDS,
            **await _context(request),
        )

    @get("/survey")
    async def survey_form(self, request: Request[Any, Any, Any]) -> Template:
        return await self._survey_page(request)

    async def _survey_page(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        keys = await meals.active_question_keys()
        questions = [(key, rules.QUESTIONS[key]) for key in keys]
        return _page(
            "survey",
            status,
            questions=questions,
            client_id=new_client_id(),
            error=error,
            idle=IDLE_SECONDS,
            **await _context(request),
        )

    @post("/survey")
    async def survey(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await _context(request)
        service = context["service"]
        answers: dict[str, int] = {}
        for key in await meals.active_question_keys():
            value = int_field(data, f"q_{key}") if data.get(f"q_{key}") else None
            if value is not None:
                answers[key] = value
        if not answers:
            return Redirect(path="/kiosk/")
        try:
            if service is None:
                raise ServiceNotOpen()
            response = SurveyResponseIn(id=client_id_from(data), answers=answers)
            await meals.record_survey_response(context["canteen"]["id"], service["id"], response)
        except DomainError as error:
            return await self._survey_page(request, 422, _message(error))
        except Exception:  # msgspec rejects values outside 1–4 when building the struct
            return await self._survey_page(request, 422, i18n.gettext(ValueOutOfRange.message))
        return Redirect(path="/kiosk/thanks?done=1")


class CoordinatorLoginController(Controller):
    path = "/kiosk/coordinator"
    guards = [requires_device]
    include_in_schema = False

    @get("/")
    async def pin_form(self, request: Request[Any, Any, Any]) -> Template:
        return _page("coordinator_pin", idle=IDLE_SECONDS, **await _context(request))

    @post("/")
    async def login(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        device = request.state.device
        try:
            await network.check_coordinator_pin(
                device["canteen"], (data.get("pin") or "")[:12], f"device:{device['id']}"
            )
        except DomainError as error:
            return _page(
                "coordinator_pin",
                403,
                error=_message(error),
                idle=IDLE_SECONDS,
                **await _context(request),
            )
        settings = settings_of(request)
        response: Redirect = Redirect(path="/kiosk/coordinator/service")
        response.cookies.append(
            _cookie(
                request,
                COORDINATOR_COOKIE,
                coordinator_token(settings, device),
                settings.coordinator_session_minutes * 60,
            )
        )
        return response

    @post("/logout")
    async def logout(self) -> Response[Any]:
        response: Redirect = Redirect(path="/kiosk/")
        response.delete_cookie(COORDINATOR_COOKIE, path="/")
        return response


class CoordinatorController(Controller):
    """Coordinator mode: open the day, see live counts, close with the cash count."""

    path = "/kiosk/coordinator"
    guards = [requires_device, requires_coordinator]
    include_in_schema = False

    @get("/service")
    async def service(self, request: Request[Any, Any, Any]) -> Template:
        return await self._service_page(request)

    async def _service_page(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        context = await _context(request, figures=True)
        service = context["service"]
        counts = await live_counts(service["id"]) if service else None
        currency = context["canteen"]["currency"]
        # The open-service form starts from today's forecast (the override if one was set).
        expected = None
        if service is None:
            expected = await forecast.todays_forecast(context["canteen"]["id"])
        return _page(
            "coordinator_service",
            status,
            counts=counts,
            forecast_today=expected,
            error=error,
            client_id=new_client_id(),
            groceries_text=_amount_text(service["groceries_minor"], currency) if service else "",
            idle=_coordinator_idle(request),
            **context,
        )

    @post("/open")
    async def open(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await _context(request)
        canteen = context["canteen"]
        language = i18n.language()
        try:
            service_in = ServiceOpenIn(
                id=client_id_from(data),
                menu=(data.get("menu") or "").strip()[:500],
                groceries_minor=amount_field(data, "groceries", canteen["currency"], language) or 0,
                covers_expected=int_field(data, "covers_expected"),
                cash_float_minor=amount_field(data, "cash_float", canteen["currency"], language)
                or 0,
            )
            await meals.open_service(canteen["id"], service_in)
        except DomainError as error:
            return await self._service_page(request, 422, _message(error))
        return Redirect(path="/kiosk/coordinator/service")

    @post("/groceries")
    async def groceries(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await _context(request)
        canteen, service = context["canteen"], context["service"]
        try:
            if service is None:
                raise ServiceNotOpen()
            await meals.update_service(
                canteen["id"],
                service["id"],
                groceries_minor=amount_field(
                    data, "groceries", canteen["currency"], i18n.language()
                ),
                menu=data.get("menu"),
                covers_expected=int_field(data, "covers_expected"),
            )
        except DomainError as error:
            return await self._service_page(request, 422, _message(error))
        return Redirect(path="/kiosk/coordinator/service")

    @post("/close")
    async def close(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await _context(request)
        canteen, service = context["canteen"], context["service"]
        try:
            if service is None:
                raise ServiceNotOpen()
            counted = amount_field(data, "counted_cash", canteen["currency"], i18n.language())
            if counted is None:
                raise AmountNegative(ENTER_CASH)
            await close_day(
                canteen["id"],
                service["id"],
                CloseIn(id=client_id_from(data), counted_cash_minor=counted),
            )
        except DomainError as error:
            return await self._service_page(request, 422, _message(error))
        return Redirect(path=f"/kiosk/coordinator/summary/{service['id']}")

    @get("/summary/{service_id:int}")
    async def summary(self, request: Request[Any, Any, Any], service_id: int) -> Template:
        context = await _context(request)
        service = await meals.get_service(context["canteen"]["id"], service_id)
        summary = await service_summary(service_id)
        return _page(
            "coordinator_summary",
            summary=summary,
            date_text=format_date(service["date"], format="full", locale=i18n.language()),
            idle=_coordinator_idle(request),
            **context,
        )


pages_router = Router(
    path="/",
    route_handlers=[
        PairingController,
        DinerController,
        CoordinatorLoginController,
        CoordinatorController,
    ],
)
