"""Mentors (opt in, capacity), the match (run, accept, reject, pin) and mentoring pages."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from litestar import Controller, Response, Router, get, post
from litestar.response import Redirect, Template

from admin.accounts.guards import requires_signed_in, requires_staff
from admin.common import AnyRequest, Form, message, page, settings_of, text, user_of
from admin.mentoring.forms import mentor_in
from admin.mentoring.notices import confirmation
from admin.onboarding.forms import contact_in
from canteen import access, i18n
from canteen import text as lists
from canteen.errors import DomainError
from canteen.mentoring import queries, services
from canteen.mentoring.rules import UNMATCHED_REASONS, Limits
from canteen.mentoring.words import (
    explanation,
    language_name,
    near_miss_words,
    tradeoff_words,
)
from canteen.network import services as network
from canteen.onboarding.rules import AREAS, CHANNELS, MODELS, PREMISES


def limits_of(request: AnyRequest) -> Limits:
    """The network's limits on distance (CANTEEN_MENTOR_MAX_KM, CANTEEN_MENTOR_NEARBY_KM)."""
    settings = settings_of(request)
    return Limits(max_km=settings.mentor_max_km, nearby_km=settings.mentor_nearby_km)


class MatchController(Controller):
    path = "/admin/match"
    guards = [requires_staff]
    include_in_schema = False

    async def _page(self, status: int = 200, **extra: Any) -> Template:
        run = await queries.latest_run()
        mentors = await queries.mentor_loads()
        by_id = {m["id"]: m for m in mentors}
        if run:
            for proposal in run["proposals"]:
                proposal["words"] = explanation(proposal["details"], with_tradeoffs=False)
                proposal["traded"] = tradeoff_words(proposal["details"])
                proposal["now"] = by_id.get(proposal["mentor"])
            for item in run["unmatched"]:
                main = lists.split(item["languages"])[:1]
                reason = UNMATCHED_REASONS[item["reason"]]
                item["words"] = i18n.gettext(
                    reason,
                    language=", ".join(language_name(c) for c in main),
                    km=format_decimal(item.get("max_km", 0), locale=i18n.language()),
                )
                item["near_words"] = near_miss_words(item.get("near") or [])
        return page("match", status, run=run, mentors=mentors, **extra)

    async def _do(self, action: Any, done: str = "", proposal_id: int = 0) -> Response[Any]:
        try:
            await action
        except DomainError as error:
            return await self._page(error.status, error=message(error))
        query = f"?done={done}&proposal={proposal_id}" if done else ""
        return Redirect(path=f"/admin/match/{query}")

    @get("/")
    async def show(self, done: str = "", proposal: int = 0) -> Template:
        return await self._page(notice=await confirmation(done, proposal))

    @post("/run")
    async def run(self, request: AnyRequest) -> Response[Any]:
        return await self._do(services.run_match(user_of(request), limits_of(request)), "run")

    @post("/proposals/{proposal_id:int}/accept")
    async def accept(self, request: AnyRequest, proposal_id: int) -> Response[Any]:
        action = services.accept_proposal(proposal_id, user_of(request))
        return await self._do(action, "accepted", proposal_id)

    @post("/proposals/{proposal_id:int}/reject")
    async def reject(self, request: AnyRequest, proposal_id: int) -> Response[Any]:
        action = services.reject_proposal(proposal_id, user_of(request), limits_of(request))
        return await self._do(action, "rejected", proposal_id)

    @post("/proposals/{proposal_id:int}/pin")
    async def pin(self, request: AnyRequest, proposal_id: int, data: Form) -> Response[Any]:
        pinned = text(data, "pinned", 1) != "0"
        return await self._do(services.pin_proposal(proposal_id, user_of(request), pinned))


class MentorController(Controller):
    """A canteen's offer to mentor: staff, or the canteen's own coordinator."""

    path = "/admin/canteens/{canteen_id:int}/mentor"
    guards = [requires_signed_in]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, canteen_id: int, status: int = 200, **extra: Any
    ) -> Template:
        if not access.can_see_canteen(user_of(request), canteen_id):
            raise access.StaffOnly()
        canteen = await network.get_canteen(canteen_id)
        mentor = await queries.get_mentor_for_canteen(canteen_id)
        form = dict(mentor) if mentor else {}
        form.setdefault("languages", canteen["languages"])
        form["languages"] = lists.split(str(form["languages"]))
        form.setdefault("capacity", 1)
        if "typical_covers" not in form:
            form["typical_covers"] = await queries.typical_covers(canteen_id)
        return page(
            "mentor_form",
            status,
            canteen=canteen,
            mentor=mentor,
            form=extra.pop("form", form),
            premises_choices=PREMISES,
            areas=AREAS,
            models=MODELS,
            **extra,
        )

    @get("/")
    async def show(self, request: AnyRequest, canteen_id: int) -> Template:
        return await self._page(request, canteen_id)

    @post("/")
    async def save(self, request: AnyRequest, canteen_id: int, data: Form) -> Response[Any]:
        try:
            await services.opt_in(canteen_id, mentor_in(data), user_of(request))
        except DomainError as error:
            return await self._page(
                request, canteen_id, error.status, error=message(error), form=dict(data)
            )
        return Redirect(path=f"/admin/canteens/{canteen_id}/")

    @post("/off")
    async def off(self, request: AnyRequest, canteen_id: int) -> Response[Any]:
        await services.opt_out(canteen_id, user_of(request))
        return Redirect(path=f"/admin/canteens/{canteen_id}/")


class MentoringController(Controller):
    """One mentoring relationship and its own contact log."""

    path = "/admin/mentorings/{mentoring_id:int}"
    guards = [requires_signed_in]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, mentoring_id: int, status: int = 200, **extra: Any
    ) -> Template:
        relation = await queries.get_mentoring(mentoring_id, user_of(request))
        return page(
            "mentoring",
            status,
            relation=relation,
            contacts=await queries.list_mentoring_contacts(mentoring_id),
            channels=CHANNELS,
            **extra,
        )

    @get("/")
    async def show(self, request: AnyRequest, mentoring_id: int) -> Template:
        return await self._page(request, mentoring_id)

    @post("/contacts")
    async def add_contact(
        self, request: AnyRequest, mentoring_id: int, data: Form
    ) -> Response[Any]:
        try:
            contact = contact_in(data)
            await services.add_mentoring_contact(
                mentoring_id,
                contact.contacted_on,
                contact.channel,
                contact.notes,
                user_of(request),
            )
        except DomainError as error:
            return await self._page(request, mentoring_id, error.status, error=message(error))
        return Redirect(path=f"/admin/mentorings/{mentoring_id}/")

    @post("/end", guards=[requires_staff])
    async def end(self, request: AnyRequest, mentoring_id: int) -> Response[Any]:
        relation = await queries.get_mentoring(mentoring_id, user_of(request))
        await services.end_mentoring(mentoring_id, user_of(request))
        return Redirect(path=f"/admin/projects/{relation['project']}/")


mentoring_router = Router(
    path="/", route_handlers=[MatchController, MentorController, MentoringController]
)
