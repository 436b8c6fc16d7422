"""The tablet's JSON API under /api/v1: pairing, the day's meal and coordinator mode, through the
same services as the pages (the volunteers' and the forecast's API are in their own modules)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Router, get, patch, post
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from canteen.i18n import gettext
from canteen.meals import services as meals
from canteen.meals.contributions import credits_available, record_contribution
from canteen.meals.figures import service_summary
from canteen.meals.rules import QUESTIONS
from canteen.meals.schemas import (
    CheckInIn,
    CheckInOut,
    CloseIn,
    ContributionIn,
    ContributionOut,
    ServiceOpenIn,
    ServiceOut,
    ServiceSummary,
    SurveyQuestionOut,
    SurveyResponseIn,
    SurveyResponseOut,
)
from canteen.network import services as network
from canteen.network.schemas import (
    CanteenOut,
    CoordinatorLoginIn,
    CoordinatorSessionOut,
)
from canteen.web.requests import settings_of
from kiosk.auth import (
    COOKIE_WRITES_NEED_HEADER,
    coordinator_token,
    requires_coordinator,
    requires_device,
)
from kiosk.meals.closing import close_day


class KioskState(msgspec.Struct, kw_only=True):
    canteen: CanteenOut
    service: ServiceOut | None
    credits_available: int
    questions: list[SurveyQuestionOut]


class ServiceUpdateIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    groceries_minor: int | None = None
    menu: str | None = None
    covers_expected: int | None = None


def _canteen_id(request: Request[Any, Any, Any]) -> int:
    return int(request.state.device["canteen"])


async def questions() -> list[SurveyQuestionOut]:
    return [
        SurveyQuestionOut(key=key, text=gettext(QUESTIONS[key]))
        for key in await meals.active_question_keys()
    ]


class KioskController(Controller):
    path = "/"
    guards = [requires_device]
    tags = ["tablet"]

    @get("/kiosk")
    async def state(self, request: Request[Any, Any, Any]) -> KioskState:
        """The tablet's canteen, today's service if any, credits and survey questions."""
        canteen_id = _canteen_id(request)
        service = await meals.todays_service(canteen_id)
        return KioskState(
            canteen=network.canteen_out(await network.get_canteen(canteen_id)),
            service=await meals.service_out(service) if service else None,
            credits_available=await credits_available(canteen_id),
            questions=await questions(),
        )

    @post("/services/{service_id:int}/checkins", status_code=HTTP_201_CREATED)
    async def check_in(
        self, request: Request[Any, Any, Any], service_id: int, data: CheckInIn
    ) -> CheckInOut:
        """Count diners arriving. Replays with the same id return the first answer."""
        return await meals.record_checkin(_canteen_id(request), service_id, data)

    @post("/services/{service_id:int}/contributions", status_code=HTTP_201_CREATED)
    async def contribute(
        self, request: Request[Any, Any, Any], service_id: int, data: ContributionIn
    ) -> ContributionOut:
        """Record an anonymous pay-what-you-can contribution."""
        return await record_contribution(_canteen_id(request), service_id, data)

    @post("/services/{service_id:int}/survey-responses", status_code=HTTP_201_CREATED)
    async def answer_survey(
        self, request: Request[Any, Any, Any], service_id: int, data: SurveyResponseIn
    ) -> SurveyResponseOut:
        """Record anonymous answers to the welcome survey."""
        return await meals.record_survey_response(_canteen_id(request), service_id, data)

    @post("/coordinator/sessions", status_code=HTTP_201_CREATED)
    async def coordinator_login(
        self, request: Request[Any, Any, Any], data: CoordinatorLoginIn
    ) -> CoordinatorSessionOut:
        """Enter coordinator mode with the canteen's PIN; send the token as X-Coordinator-Token."""
        device = request.state.device
        await network.check_coordinator_pin(device["canteen"], data.pin, f"device:{device['id']}")
        settings = settings_of(request)
        return CoordinatorSessionOut(
            token=coordinator_token(settings, request.state.device),
            expires_in_seconds=settings.coordinator_session_minutes * 60,
        )


class CoordinatorController(Controller):
    path = "/services"
    guards = [requires_device, requires_coordinator]
    tags = ["coordinator"]

    @post("/", status_code=HTTP_201_CREATED)
    async def open_today(self, request: Request[Any, Any, Any], data: ServiceOpenIn) -> ServiceOut:
        """Open today's meal service (one a day, in the canteen's time zone)."""
        return await meals.open_service(_canteen_id(request), data)

    @patch("/{service_id:int}", status_code=HTTP_200_OK)
    async def update(
        self, request: Request[Any, Any, Any], service_id: int, data: ServiceUpdateIn
    ) -> ServiceOut:
        """Correct the groceries' cost, the menu or the covers expected while open."""
        return await meals.update_service(
            _canteen_id(request),
            service_id,
            groceries_minor=data.groceries_minor,
            menu=data.menu,
            covers_expected=data.covers_expected,
        )

    @get("/{service_id:int}/summary")
    async def summary(self, request: Request[Any, Any, Any], service_id: int) -> ServiceSummary:
        """The day's figures so far (or final, once closed)."""
        return await service_summary(_canteen_id(request), service_id)

    @post("/{service_id:int}/close", status_code=HTTP_200_OK)
    async def close(
        self, request: Request[Any, Any, Any], service_id: int, data: CloseIn
    ) -> ServiceSummary:
        """Close the day with the counted cash; nothing more is accepted after."""
        return await close_day(_canteen_id(request), service_id, data)


api_router = Router(
    path="/api/v1",
    route_handlers=[KioskController, CoordinatorController],
    # The tablet's scripts use the device cookie: their writes must carry X-Requested-With.
    opt={COOKIE_WRITES_NEED_HEADER: True},
)
