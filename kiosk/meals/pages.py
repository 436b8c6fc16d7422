"""The diners' pages: plain HTML forms that work without JavaScript, big and calm."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template

from canteen import i18n
from canteen.errors import DomainError, IdempotencyConflict
from canteen.meals import contributions, rules
from canteen.meals import services as meals
from canteen.meals.errors import ServiceNotOpen, ValueOutOfRange
from canteen.meals.schemas import (
    CheckInIn,
    ContributionIn,
    SurveyResponseIn,
)
from canteen.money import exponent
from canteen.recipes.menu import menu_of
from canteen.web.forms import (
    amount_field,
    bool_field,
    client_id_from,
    int_field,
)
from kiosk.auth import (
    requires_device,
)
from kiosk.language import (
    PARTY_COOKIE,
    canteen_languages,
    language_choice_cookie,
    new_party_cookie,
    party_form_id,
)
from kiosk.meals.common import (
    IDLE_SECONDS,
    THANKS_SECONDS,
    WAITING_SECONDS,
    Form,
    greeting,
    message,
    page,
    page_context,
    quick_label,
    welcome_languages,
)


class DinerController(Controller):
    """Welcome → how many are you → pay what you can → thank you → survey → welcome."""

    path = "/kiosk"
    guards = [requires_device]
    include_in_schema = False

    @get("/")
    async def welcome(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Each party starts afresh: greeted in each of the canteen's languages, the page itself in
        the first. It writes no cookie (the service worker fetches it too): the party's tap does."""
        context = await page_context(request)
        languages = welcome_languages(context["canteen"])
        own = canteen_languages(context["canteen"])
        i18n.current_language.set(own[0])
        service = context["service"]
        waiting = service is None or service["status"] != "open"
        return page(
            "welcome",
            languages=languages,
            greetings=[greeting(code) for code in own],
            idle=WAITING_SECONDS if waiting else None,
            dishes=await menu_of(service["id"]) if service and not waiting else [],
            **context,
        )

    @get("/start")
    async def start(
        self, request: Request[Any, Any, Any], lang: str = "", to: str = ""
    ) -> Response[Any]:
        """A party picked a language (a tap, never the cache): it holds until their survey."""
        context = await page_context(request)
        chosen = lang if lang in i18n.LANGUAGES else canteen_languages(context["canteen"])[0]
        response: Redirect = Redirect(path="/kiosk/cook" if to == "cook" else "/kiosk/checkin")
        response.cookies.append(language_choice_cookie(request, PARTY_COOKIE, chosen))
        response.cookies.append(new_party_cookie(request))
        return response

    @get("/checkin")
    async def checkin_form(self, request: Request[Any, Any, Any]) -> Template:
        context = await page_context(request)
        return page(
            "checkin", client_id=party_form_id(request, "checkin"), idle=IDLE_SECONDS, **context
        )

    @post("/checkin")
    async def checkin(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await page_context(request)
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
        except IdempotencyConflict:  # Back, then another party size: this party is checked in
            return Redirect(path="/kiosk/pay")
        except DomainError as error:
            return page(
                "checkin",
                422,
                error=message(error),
                client_id=party_form_id(request, "checkin"),
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
        context = await page_context(request, figures=True)
        out = context["service_out"]
        canteen = context["canteen"]
        amounts = rules.quick_amounts(
            out.cost_per_portion_minor if out else None,
            exponent(canteen["currency"]),
            canteen["max_contribution_minor"],
        )
        return page(
            "pay",
            status,
            client_id=party_form_id(request, "pay"),
            amounts=[(amount, quick_label(amount, canteen["currency"])) for amount in amounts],
            error=error,
            idle=IDLE_SECONDS,
            **context,
        )

    @post("/pay")
    async def pay(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await page_context(request)
        canteen, service = context["canteen"], context["service"]
        choice = data.get("choice", "give")
        client_id = client_id_from(data)
        if await contributions.is_recorded(client_id):  # Back, then Give again: nothing more
            return Redirect(path="/kiosk/thanks?given=1&again=1")
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
                id=client_id,
                amount_minor=amount,
                currency=canteen["currency"],
                method=method,  # type: ignore[arg-type]
                pay_forward=forward,
            )
            await contributions.record_contribution(canteen["id"], service["id"], contribution)
        except DomainError as error:
            return await self._pay_page(request, 422, message(error))
        return Redirect(path=f"/kiosk/thanks?given={'1' if amount or forward else '0'}")

    @get("/thanks")
    async def thanks(
        self, request: Request[Any, Any, Any], given: int = 0, done: int = 0, again: int = 0
    ) -> Template:
        return page(
            "thanks",
            given=bool(given),
            done=bool(done),
            again=bool(again),
            idle=THANKS_SECONDS,
            **await page_context(request),
        )

    @get("/survey")
    async def survey_form(self, request: Request[Any, Any, Any]) -> Template:
        return await self._survey_page(request)

    async def _survey_page(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        keys = await meals.active_question_keys()
        questions = [(key, rules.QUESTIONS[key]) for key in keys]
        return page(
            "survey",
            status,
            questions=questions,
            client_id=party_form_id(request, "survey"),
            error=error,
            idle=IDLE_SECONDS,
            **await page_context(request),
        )

    @post("/survey")
    async def survey(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        context = await page_context(request)
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
        except IdempotencyConflict:  # Back, then other answers: the first ones are kept
            return Redirect(path="/kiosk/thanks?done=1&again=1")
        except DomainError as error:
            return await self._survey_page(request, 422, message(error))
        except Exception:  # msgspec rejects values outside 1–4 when building the struct
            return await self._survey_page(request, 422, i18n.gettext(ValueOutOfRange.message))
        return Redirect(path="/kiosk/thanks?done=1")
