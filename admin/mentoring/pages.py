"""Mentors (opt in, capacity), the match (run, accept, reject, pin) and mentoring pages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, Router, get, post
from litestar.response import Redirect, Template

from admin.accounts.guards import requires_signed_in, requires_staff
from admin.common import AnyRequest, Form, message, page, text, user_of
from admin.mentoring.forms import mentor_in
from admin.onboarding.forms import contact_in
from canteen import access, i18n
from canteen import text as lists
from canteen.errors import DomainError
from canteen.mentoring import queries, services
from canteen.mentoring.rules import UNMATCHED_REASONS
from canteen.mentoring.words import explanation, language_name
from canteen.network import services as network
from canteen.onboarding.rules import AREAS, CHANNELS, MODELS, PREMISES


class MatchController(Controller):
    path = "/admin/match"
    guards = [requires_staff]
    include_in_schema = False

    async def _page(self, status: int = 200, **extra: Any) -> Template:
        run = await queries.latest_run()
        if run:
            for proposal in run["proposals"]:
                proposal["words"] = explanation(proposal["details"])
            for item in run["unmatched"]:
                names = ", ".join(language_name(c) for c in lists.split(item["languages"]))
                reason = UNMATCHED_REASONS[item["reason"]]
                item["words"] = i18n.gettext(reason, languages=names)
        return page("match", status, run=run, mentors=await queries.mentor_loads(), **extra)

    async def _do(self, action: Any) -> Response[Any]:
        try:
            await action
        except DomainError as error:
            return await self._page(error.status, error=message(error))
        return Redirect(path="/admin/match/")

    @get("/")
    async def show(self) -> Template:
        return await self._page()

    @post("/run")
    async def run(self, request: AnyRequest) -> Response[Any]:
        return await self._do(services.run_match(user_of(request)))

    @post("/proposals/{proposal_id:int}/accept")
    async def accept(self, request: AnyRequest, proposal_id: int) -> Response[Any]:
        return await self._do(services.accept_proposal(proposal_id, user_of(request)))

    @post("/proposals/{proposal_id:int}/reject")
    async def reject(self, request: AnyRequest, proposal_id: int) -> Response[Any]:
        return await self._do(services.reject_proposal(proposal_id, user_of(request)))

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
