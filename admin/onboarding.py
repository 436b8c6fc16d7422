"""Canteen projects: board, list, overdue follow-ups, one project's page and its forms."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, Router, get, post
from litestar.response import Redirect, Template

from admin.accounts.guards import requires_signed_in
from admin.common import (
    AnyRequest,
    Form,
    FormData,
    choices,
    message,
    page,
    text,
    user_of,
)
from canteen import i18n
from canteen.errors import DomainError
from canteen.mentoring import services as mentoring
from canteen.onboarding import followup, geo
from canteen.onboarding import services as onboarding
from canteen.onboarding.schemas import ContactIn, FounderIn, ProjectFilter, ProjectIn
from canteen.onboarding.stages import (
    ALL_STAGES,
    AREAS,
    BY_KEY,
    CHANNELS,
    MODELS,
    PREMISES,
    STAGE_KEYS,
    stage_index,
)
from canteen.toolbox import services as toolbox

PROJECT_FIELDS = (
    "name",
    "city",
    "country",
    "latitude",
    "longitude",
    "timezone",
    "currency",
    "premises",
    "area",
    "expected_covers",
    "model",
    "followup_weeks",
    "notes",
)


def project_in(data: FormData) -> ProjectIn:
    """A project from the form; languages from the checkboxes plus the 'other codes' field."""
    values: dict[str, Any] = {}
    for name in PROJECT_FIELDS:
        value = text(data, name, 4000)
        if value != "":
            values[name] = value
    values["country"] = str(values.get("country", "")).upper()
    values["currency"] = str(values.get("currency", "EUR")).upper()
    languages = [code.lower() for code in choices(data, "languages")]
    languages += [code.lower() for code in choices(data, "other_languages")]
    values["languages"] = list(dict.fromkeys(languages))
    return onboarding.parse(ProjectIn, values)  # type: ignore[no-any-return]


def form_context() -> dict[str, Any]:
    return {
        "premises_choices": PREMISES,
        "areas": AREAS,
        "models": MODELS,
        "channels": CHANNELS,
        "lookup_available": geo.lookup_available(),
    }


class ProjectsController(Controller):
    path = "/admin/projects"
    guards = [requires_signed_in]
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: AnyRequest,
        stage: str = "",
        language: str = "",
        q: str = "",
        overdue: str = "",
    ) -> Template:
        filters = ProjectFilter(stage=stage, language=language, q=q, overdue=overdue == "1")
        projects = await onboarding.list_projects(user_of(request), filters)
        return page("projects", projects=projects, filters=filters, stages=ALL_STAGES)

    @get("/board")
    async def board(self, request: AnyRequest) -> Template:
        return page("board", columns=await onboarding.board(user_of(request)), stages=ALL_STAGES)

    @get("/overdue")
    async def overdue(self, request: AnyRequest) -> Template:
        return page("overdue", projects=await followup.overdue_projects(user_of(request)))

    @get("/new")
    async def new(self) -> Template:
        return page("project_form", form={}, **form_context())

    @post("/new")
    async def create(self, request: AnyRequest, data: Form) -> Response[Any]:
        try:
            project_id = await onboarding.create_project(project_in(data), user_of(request))
        except DomainError as error:
            return page(
                "project_form", error.status, error=message(error), form=data, **form_context()
            )
        return Redirect(path=f"/admin/projects/{project_id}/")


class ProjectController(Controller):
    """One project: details, founders, checklist, moves, contacts, resources, mentor, timeline."""

    path = "/admin/projects/{project_id:int}"
    guards = [requires_signed_in]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, project_id: int, status: int = 200, **extra: Any
    ) -> Template:
        user = user_of(request)
        project = await onboarding.get_project(project_id, user)
        languages = onboarding.split(project["languages"])
        index = stage_index(project["stage"])
        return page(
            "project",
            status,
            project=project,
            stage=BY_KEY[project["stage"]],
            next_stage=BY_KEY[STAGE_KEYS[index + 1]] if 0 <= index < len(STAGE_KEYS) - 1 else None,
            earlier=[BY_KEY[key] for key in STAGE_KEYS[: max(index, 0)]]
            if project["stage"] != "dormant"
            else [
                BY_KEY[key]
                for key in STAGE_KEYS[: stage_index(project["paused_stage"] or "contact") + 1]
            ],
            founders=await onboarding.list_founders(project_id),
            checklist=await onboarding.checklist(project),
            contacts=await followup.list_contacts(project_id),
            next_contact_on=onboarding.next_contact_on(project),
            resources=await toolbox.suggestions(user, project["stage"], languages),
            mentorings=await mentoring.list_mentorings(user, project_id=project_id),
            timeline=await followup.timeline(project_id),
            languages=languages,
            kinds=toolbox.KINDS,
            **form_context(),
            **extra,
        )

    async def _do(self, request: AnyRequest, project_id: int, action: Any) -> Response[Any]:
        """Run one change; on a refusal, the project page again with the reason."""
        try:
            await action
        except DomainError as error:
            return await self._page(request, project_id, error.status, error=message(error))
        return Redirect(path=f"/admin/projects/{project_id}/")

    @get("/")
    async def show(self, request: AnyRequest, project_id: int) -> Template:
        return await self._page(request, project_id)

    @get("/edit")
    async def edit(self, request: AnyRequest, project_id: int) -> Template:
        project = await onboarding.get_project(project_id, user_of(request))
        form = {key: project[key] for key in PROJECT_FIELDS}
        form["languages"] = onboarding.split(project["languages"])
        return page("project_form", project=project, form=form, **form_context())

    @post("/edit")
    async def update(self, request: AnyRequest, project_id: int, data: Form) -> Response[Any]:
        user = user_of(request)
        try:
            await onboarding.update_project(project_id, project_in(data), user)
        except DomainError as error:
            project = await onboarding.get_project(project_id, user)
            return page(
                "project_form",
                error.status,
                error=message(error),
                project=project,
                form=data,
                **form_context(),
            )
        return Redirect(path=f"/admin/projects/{project_id}/")

    @post("/founders")
    async def add_founder(self, request: AnyRequest, project_id: int, data: Form) -> Response[Any]:
        async def action() -> None:
            founder = onboarding.parse(
                FounderIn, {k: text(data, k, 254) for k in ("name", "email", "phone", "role")}
            )
            await onboarding.add_founder(project_id, founder, user_of(request))

        return await self._do(request, project_id, action())

    @post("/founders/{founder_id:int}/remove")
    async def remove_founder(
        self, request: AnyRequest, project_id: int, founder_id: int
    ) -> Response[Any]:
        return await self._do(
            request,
            project_id,
            onboarding.remove_founder(project_id, founder_id, user_of(request)),
        )

    @post("/checklist")
    async def tick(self, request: AnyRequest, project_id: int, data: Form) -> Response[Any]:
        done = text(data, "done") == "1"
        return await self._do(
            request,
            project_id,
            onboarding.tick(project_id, text(data, "item", 64), done, user_of(request)),
        )

    @post("/move")
    async def move(self, request: AnyRequest, project_id: int, data: Form) -> Response[Any]:
        return await self._do(
            request,
            project_id,
            onboarding.move_stage(
                project_id, text(data, "to", 32), user_of(request), text(data, "note", 2000)
            ),
        )

    @post("/contacts")
    async def add_contact(self, request: AnyRequest, project_id: int, data: Form) -> Response[Any]:
        async def action() -> None:
            contact = onboarding.parse(
                ContactIn,
                {
                    "contacted_on": text(data, "contacted_on", 10),
                    "channel": text(data, "channel", 16),
                    "notes": text(data, "notes", 4000),
                },
            )
            await followup.add_contact(
                project_id, contact.contacted_on, contact.channel, contact.notes, user_of(request)
            )

        return await self._do(request, project_id, action())


def stage_label(key: str) -> str:
    stage = BY_KEY.get(key)
    return i18n.gettext(stage.label) if stage else key


onboarding_router = Router(path="/", route_handlers=[ProjectsController, ProjectController])
