"""The toolbox: search, one resource's page, staff forms, uploads and downloads."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Controller, Request, Response, Router, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import HTTPException
from litestar.params import Body
from litestar.response import File, Redirect, Template
from markdown_it import MarkdownIt
from markupsafe import Markup

from admin.accounts.guards import requires_signed_in, requires_staff
from admin.common import AnyRequest, Form, message, page, refused, settings_of, user_of
from admin.toolbox.forms import form_context, resource_in
from canteen import text as lists
from canteen.errors import DomainError
from canteen.toolbox import files, rules
from canteen.toolbox import services as toolbox
from canteen.toolbox.schemas import ResourceFilter
from canteen.web.errors import http_error_handler

# Litestar refuses bodies above this before our code sees them (the form is read before the
# CSRF check, so this also bounds what an anonymous request can make us parse); the configured
# limit (CANTEEN_UPLOAD_MAX_MB, at most this ceiling) is checked on the file itself. Both
# refusals name the configured limit.
UPLOAD_BODY_CEILING = 64 * 1024 * 1024
# Raw HTML in Markdown is escaped; markdown-it refuses javascript: and data: links.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render_markdown(source: str) -> Markup:
    return Markup(_markdown.render(source or ""))  # noqa: S704 - raw HTML disabled above


def content_disposition(filename: str) -> str:
    """attachment, with an ASCII name and the exact UTF-8 one (RFC 6266 / 5987)."""
    fallback = rules.ascii_fallback(filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def upload_too_large(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """A body over the ceiling: the same refusal as a file over the limit, with the limit."""
    if exc.status_code != 413:
        return http_error_handler(request, exc)
    limit = settings_of(request).upload_max_mb
    error = files.FileTooLarge(limit=limit)
    return refused("error", error, back=request.headers.get("referer", ""))


class ToolboxController(Controller):
    path = "/admin/toolbox"
    guards = [requires_signed_in]
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: AnyRequest,
        q: str = "",
        kind: str = "",
        language: str = "",
        stage: str = "",
        tag: str = "",
    ) -> Template:
        user = user_of(request)
        filters = ResourceFilter(q=q, kind=kind, language=language, stage=stage, tag=tag)
        return page(
            "toolbox",
            resources=await toolbox.search(user, filters),
            filters=filters,
            tags=await toolbox.all_tags(user),
            **form_context(),
        )

    @get("/new", guards=[requires_staff])
    async def new(self) -> Template:
        return page("resource_form", form={}, **form_context())

    @post("/new", guards=[requires_staff])
    async def create(self, request: AnyRequest, data: Form) -> Response[Any]:
        try:
            resource_id = await toolbox.create_resource(resource_in(data), user_of(request))
        except DomainError as error:
            return refused("resource_form", error, form=data, **form_context())
        return Redirect(path=f"/admin/toolbox/{resource_id}/")


class ResourceController(Controller):
    path = "/admin/toolbox/{resource_id:int}"
    guards = [requires_signed_in]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, resource_id: int, status: int = 200, **extra: Any
    ) -> Template:
        resource = await toolbox.get_resource(resource_id, user_of(request))
        return page(
            "resource",
            status,
            resource=resource,
            body=render_markdown(resource["body"]),
            versions=await toolbox.list_versions(resource_id),
            accepted=rules.accepted_names(),
            limit_mb=settings_of(request).upload_max_mb,
            **form_context(),
            **extra,
        )

    @get("/")
    async def show(self, request: AnyRequest, resource_id: int) -> Template:
        return await self._page(request, resource_id)

    @get("/edit", guards=[requires_staff])
    async def edit(self, request: AnyRequest, resource_id: int) -> Template:
        resource = await toolbox.get_resource(resource_id, user_of(request))
        form = dict(resource)
        for key in ("languages", "stages"):
            form[key] = lists.split(resource[key])
        form["tags"] = ", ".join(lists.split(resource["tags"]))
        return page("resource_form", resource=resource, form=form, **form_context())

    @post("/edit", guards=[requires_staff])
    async def update(self, request: AnyRequest, resource_id: int, data: Form) -> Response[Any]:
        user = user_of(request)
        try:
            await toolbox.update_resource(resource_id, resource_in(data), user)
        except DomainError as error:
            resource = await toolbox.get_resource(resource_id, user)
            return refused("resource_form", error, resource=resource, form=data, **form_context())
        return Redirect(path=f"/admin/toolbox/{resource_id}/")

    @post(
        "/upload",
        guards=[requires_staff],
        request_max_body_size=UPLOAD_BODY_CEILING,
        exception_handlers={HTTPException: upload_too_large},
    )
    async def upload(
        self,
        request: AnyRequest,
        resource_id: int,
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Response[Any]:
        settings = settings_of(request)
        upload = data.get("file")
        try:
            if not isinstance(upload, UploadFile):
                raise files.FileEmpty()
            await toolbox.attach_file(
                resource_id,
                upload.filename or "",
                upload,
                settings.data_dir,
                settings.upload_max_mb * 1024 * 1024,
                user_of(request),
            )
        except DomainError as error:
            return await self._page(request, resource_id, error.status, error=message(error))
        finally:
            if isinstance(upload, UploadFile):
                await upload.close()
        return Redirect(path=f"/admin/toolbox/{resource_id}/")

    @get("/download")
    async def download(
        self, request: AnyRequest, resource_id: int, version: int | None = None
    ) -> File:
        settings = settings_of(request)
        path, filename, content_type = await toolbox.file_for_download(
            resource_id, version, user_of(request), settings.data_dir
        )
        return File(
            path=path,
            media_type=content_type,
            headers={
                "content-disposition": content_disposition(filename),
                "cache-control": "private, no-store",
            },
        )

    @get("/text")
    async def as_text(self, request: AnyRequest, resource_id: int) -> Response[bytes]:
        """The resource's written content as a Markdown file, to print or share."""
        resource = await toolbox.get_resource(resource_id, user_of(request))
        filename = f"{toolbox.slug(resource['title'])}.md"
        body = f"# {resource['title']}\n\n{resource['body']}\n".encode()
        return Response(
            body,
            media_type="text/markdown",
            headers={
                "content-disposition": content_disposition(filename),
                "cache-control": "private, no-store",
            },
        )


toolbox_router = Router(path="/", route_handlers=[ToolboxController, ResourceController])
