"""Coordinator mode on the tablet: the PIN, then open the day, live counts, close."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template

from canteen import i18n
from canteen.errors import DomainError, IdempotencyConflict
from canteen.forecast import services as forecast
from canteen.forecast.cooking import cooking_summary
from canteen.meals import services as meals
from canteen.meals.errors import AmountNegative, ServiceAlreadyClosed, ServiceNotOpen
from canteen.meals.figures import live_counts, service_summary
from canteen.meals.rules import SERVICE_CLOSED
from canteen.meals.schemas import (
    CloseIn,
    ServiceOpenIn,
)
from canteen.network import services as network
from canteen.web.forms import (
    amount_field,
    client_id_from,
    int_field,
    new_client_id,
)
from canteen.web.requests import settings_of
from kiosk.auth import (
    COORDINATOR_COOKIE,
    coordinator_token,
    requires_coordinator,
    requires_device,
)
from kiosk.language import COORDINATOR_LANGUAGE_COOKIE, language_choice_cookie
from kiosk.meals.closing import close_day
from kiosk.meals.common import (
    ENTER_CASH,
    IDLE_SECONDS,
    Form,
    amount_text,
    cookie,
    coordinator_idle,
    message,
    page,
    page_context,
)


class CoordinatorLoginController(Controller):
    path = "/kiosk/coordinator"
    guards = [requires_device]
    include_in_schema = False

    @get("/")
    async def pin_form(self, request: Request[Any, Any, Any]) -> Template:
        return page("coordinator_pin", idle=IDLE_SECONDS, **await page_context(request))

    @post("/")
    async def login(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        device = request.state.device
        try:
            await network.check_coordinator_pin(
                device["canteen"], (data.get("pin") or "")[:12], f"device:{device['id']}"
            )
        except DomainError as error:
            return page(
                "coordinator_pin",
                403,
                error=message(error),
                idle=IDLE_SECONDS,
                **await page_context(request),
            )
        settings = settings_of(request)
        response: Redirect = Redirect(path="/kiosk/coordinator/service")
        response.cookies.append(
            cookie(
                request,
                COORDINATOR_COOKIE,
                coordinator_token(settings, device),
                settings.coordinator_session_minutes * 60,
            )
        )
        return response

    @post("/language")
    async def language(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        """The coordinator's own language, for their session: the diners' choice is untouched."""
        code = data.get("lang") or ""
        service = data.get("back") == "service"
        response: Redirect = Redirect(path=f"/kiosk/coordinator{'/service' if service else ''}")
        if code in i18n.LANGUAGES:
            response.cookies.append(
                language_choice_cookie(request, COORDINATOR_LANGUAGE_COOKIE, code)
            )
        return response

    @post("/logout")
    async def logout(self) -> Response[Any]:
        response: Redirect = Redirect(path="/kiosk/")
        response.delete_cookie(COORDINATOR_COOKIE, path="/")
        response.delete_cookie(COORDINATOR_LANGUAGE_COOKIE, path="/kiosk")
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
        context = await page_context(request, figures=True)
        service = context["service"]
        counts = await live_counts(service["id"]) if service else None
        currency = context["canteen"]["currency"]
        # The open-service form starts from today's forecast (the override if one was set).
        expected = None
        if service is None:
            expected = await forecast.todays_forecast(context["canteen"]["id"])
        return page(
            "coordinator_service",
            status,
            counts=counts,
            forecast_today=expected,
            error=error,
            client_id=new_client_id(),
            groceries_text=amount_text(service["groceries_minor"], currency) if service else "",
            idle=coordinator_idle(request),
            **context,
        )

    @post("/open")
    async def open(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await page_context(request)
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
            return await self._service_page(request, 422, message(error))
        return Redirect(path="/kiosk/coordinator/service")

    @post("/groceries")
    async def groceries(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await page_context(request)
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
            return await self._service_page(request, 422, message(error))
        return Redirect(path="/kiosk/coordinator/service")

    @post("/close")
    async def close(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await page_context(request)
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
        except (ServiceAlreadyClosed, IdempotencyConflict):  # Back, then Close again
            return Redirect(path=f"/kiosk/coordinator/summary/{service['id']}?again=1")
        except DomainError as error:
            return await self._service_page(request, 422, message(error))
        return Redirect(path=f"/kiosk/coordinator/summary/{service['id']}")

    @get("/summary/{service_id:int}")
    async def summary(
        self, request: Request[Any, Any, Any], service_id: int, again: int = 0
    ) -> Template:
        context = await page_context(request)
        service = await meals.get_service(context["canteen"]["id"], service_id)
        summary = await service_summary(context["canteen"]["id"], service_id)
        closed = service["status"] == SERVICE_CLOSED
        return page(
            "coordinator_summary",
            summary=summary,
            cooking=await cooking_summary(service["canteen"], service["date"]) if closed else None,
            again=bool(again),
            date_text=format_date(service["date"], format="full", locale=i18n.language()),
            idle=coordinator_idle(request),
            **context,
        )
