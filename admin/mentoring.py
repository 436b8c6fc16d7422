"""Mentors (opt in, capacity), the match (run, accept, reject, pin) and mentoring pages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, Router, get, post
from litestar.response import Redirect, Template

from admin.accounts.guards import requires_signed_in, requires_staff
from admin.common import AnyRequest, Form, FormData, choices, integer, message, page, text, user_of
from canteen import i18n
from canteen.access import StaffOnly, can_see_canteen
from canteen.errors import DomainError
from canteen.mentoring import services as mentoring
from canteen.mentoring.schemas import MentorIn
from canteen.mentoring.words import explanation, language_name
from canteen.network import services as network
from canteen.onboarding.schemas import ContactIn
from canteen.onboarding.services import parse
from canteen.onboarding.stages import AREAS, CHANNELS, MODELS, PREMISES


def mentor_in(data: FormData) -> MentorIn:
    values: dict[str, Any] = {
        "capacity": integer(data, "capacity", 1),
        "languages": [code.lower() for code in choices(data, "languages")]
        + [code.lower() for code in choices(data, "other_languages")],
        "premises": text(data, "premises", 32) or "community_centre",
        "area": text(data, "area", 16) or "urban",
        "model": text(data, "model", 16) or "cook_together",
        "typical_covers": integer(data, "typical_covers", 30),
        "notes": text(data, "notes", 2000),
    }
    return parse(MentorIn, values)  # type: ignore[no-any-return]


class MatchController(Controller):
    path = "/admin/match"
    guards = [requires_staff]
    include_in_schema = False

    async def _page(self, status: int = 200, **extra: Any) -> Template:
        run = await mentoring.latest_run()
        if run:
            for proposal in run["proposals"]:
                proposal["words"] = explanation(proposal["details"])
            for item in run["unmatched"]:
                names = ", ".join(language_name(c) for c in item["languages"].split(",") if c)
                reason = mentoring.UNMATCHED_REASONS[item["reason"]]
                item["words"] = i18n.gettext(reason, languages=names)
        return page("match", status, run=run, mentors=await mentoring.mentor_loads(), **extra)

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
        return await self._do(mentoring.run_match(user_of(request)))

    @post("/proposals/{proposal_id:int}/accept")
    async def accept(self, request: AnyRequest, proposal_id: int) -> Response[Any]:
        return await self._do(mentoring.accept_proposal(proposal_id, user_of(request)))

    @post("/proposals/{proposal_id:int}/reject")
    async def reject(self, request: AnyRequest, proposal_id: int) -> Response[Any]:
        return await self._do(mentoring.reject_proposal(proposal_id, user_of(request)))

    @post("/proposals/{proposal_id:int}/pin")
    async def pin(self, request: AnyRequest, proposal_id: int, data: Form) -> Response[Any]:
        pinned = text(data, "pinned", 1) != "0"
        return await self._do(mentoring.pin_proposal(proposal_id, user_of(request), pinned))


class MentorController(Controller):
    """A canteen's offer to mentor: staff, or the canteen's own coordinator."""

    path = "/admin/canteens/{canteen_id:int}/mentor"
    guards = [requires_signed_in]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, canteen_id: int, status: int = 200, **extra: Any
    ) -> Template:
        if not can_see_canteen(user_of(request), canteen_id):
            raise StaffOnly()
        canteen = await network.get_canteen(canteen_id)
        mentor = await mentoring.get_mentor_for_canteen(canteen_id)
        form = dict(mentor) if mentor else {}
        form.setdefault("languages", canteen["languages"])
        form["languages"] = [c for c in str(form["languages"]).split(",") if c]
        form.setdefault("capacity", 1)
        if "typical_covers" not in form:
            form["typical_covers"] = await mentoring.typical_covers(canteen_id)
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
            await mentoring.opt_in(canteen_id, mentor_in(data), user_of(request))
        except DomainError as error:
            return await self._page(
                request, canteen_id, error.status, error=message(error), form=dict(data)
            )
        return Redirect(path=f"/admin/canteens/{canteen_id}/")

    @post("/off")
    async def off(self, request: AnyRequest, canteen_id: int) -> Response[Any]:
        await mentoring.opt_out(canteen_id, user_of(request))
        return Redirect(path=f"/admin/canteens/{canteen_id}/")


class MentoringController(Controller):
    """One mentoring relationship and its own contact log."""

    path = "/admin/mentorings/{mentoring_id:int}"
    guards = [requires_signed_in]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, mentoring_id: int, status: int = 200, **extra: Any
    ) -> Template:
        relation = await mentoring.get_mentoring(mentoring_id, user_of(request))
        return page(
            "mentoring",
            status,
            relation=relation,
            contacts=await mentoring.list_mentoring_contacts(mentoring_id),
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
            contact = parse(
                ContactIn,
                {
                    "contacted_on": text(data, "contacted_on", 10),
                    "channel": text(data, "channel", 16),
                    "notes": text(data, "notes", 4000),
                },
            )
            await mentoring.add_mentoring_contact(
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
        relation = await mentoring.get_mentoring(mentoring_id, user_of(request))
        await mentoring.end_mentoring(mentoring_id, user_of(request))
        return Redirect(path=f"/admin/projects/{relation['project']}/")


mentoring_router = Router(
    path="/", route_handlers=[MatchController, MentorController, MentoringController]
)
