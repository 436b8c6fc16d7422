"""Canteen projects: board, list, overdue follow-ups, one project's page and its forms."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, Router, get, post
from litestar.response import Redirect, Template

from admin.accounts.guards import requires_signed_in
from admin.common import AnyRequest, Form, message, page, refused, text, user_of
from admin.onboarding.forms import (
    PROJECT_FIELDS,
    contact_in,
    form_context,
    founder_in,
    project_in,
)
from canteen import text as lists
from canteen.errors import DomainError
from canteen.mentoring import queries as mentoring
from canteen.mentoring import visibility
from canteen.onboarding import followup, rules
from canteen.onboarding import services as onboarding
from canteen.onboarding.rules import ALL_STAGES, BY_KEY
from canteen.onboarding.schemas import ProjectFilter
from canteen.toolbox import services as toolbox
from canteen.toolbox.rules import KINDS


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
        projects = await visibility.list_projects(user_of(request), filters)
        return page("projects", projects=projects, filters=filters, stages=ALL_STAGES)

    @get("/board")
    async def board(self, request: AnyRequest) -> Template:
        return page("board", columns=await visibility.board(user_of(request)), stages=ALL_STAGES)

    @get("/overdue")
    async def overdue(self, request: AnyRequest) -> Template:
        return page("overdue", projects=await visibility.overdue_projects(user_of(request)))

    @get("/new")
    async def new(self) -> Template:
        return page("project_form", form={}, **form_context())

    @post("/new")
    async def create(self, request: AnyRequest, data: Form) -> Response[Any]:
        try:
            project_id = await onboarding.create_project(project_in(data), user_of(request))
        except DomainError as error:
            return refused("project_form", error, form=data, **form_context())
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
        project = await visibility.get_project(project_id, user)
        languages = lists.split(project["languages"])
        return page(
            "project",
            status,
            project=project,
            stage=BY_KEY[project["stage"]],
            next_stage=rules.next_stage(project["stage"]),
            earlier=rules.stages_back(project["stage"], project["paused_stage"]),
            founders=await onboarding.list_founders(project_id),
            checklist=await onboarding.checklist(project),
            contacts=await followup.list_contacts(project_id),
            next_contact_on=rules.next_contact_on(project),
            resources=await toolbox.suggestions(user, project["stage"], languages),
            mentorings=await mentoring.list_mentorings(user, project_id=project_id),
            timeline=await followup.timeline(project_id),
            languages=languages,
            kinds=KINDS,
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
        project = await visibility.get_project(project_id, user_of(request))
        form = {key: project[key] for key in PROJECT_FIELDS}
        form["languages"] = lists.split(project["languages"])
        return page("project_form", project=project, form=form, **form_context())

    @post("/edit")
    async def update(self, request: AnyRequest, project_id: int, data: Form) -> Response[Any]:
        user = user_of(request)
        try:
            await onboarding.update_project(project_id, project_in(data), user)
        except DomainError as error:
            project = await visibility.get_project(project_id, user)
            return refused("project_form", error, project=project, form=data, **form_context())
        return Redirect(path=f"/admin/projects/{project_id}/")

    @post("/founders")
    async def add_founder(self, request: AnyRequest, project_id: int, data: Form) -> Response[Any]:
        async def action() -> None:
            await onboarding.add_founder(project_id, founder_in(data), user_of(request))

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
            contact = contact_in(data)
            await followup.add_contact(
                project_id, contact.contacted_on, contact.channel, contact.notes, user_of(request)
            )

        return await self._do(request, project_id, action())


onboarding_router = Router(path="/", route_handlers=[ProjectsController, ProjectController])
