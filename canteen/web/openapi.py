"""The API document tells the truth: every refusal an operation can answer, with its body, and
request bodies that refuse unknown fields say so.

Declared from what each operation is, not by hand per route (so a new route is covered too):
any operation can be unreadable (400), refer to something that is not there or not its
canteen's (404), conflict with the state of things (409), carry a value out of bounds (422) or be
throttled (429); a guarded one (a tablet's, a coordinator's) can be refused 401 or 403; one with a
body can be too large (413). Litestar's `responses` (ResponseSpec) carry them, with the one error
body every refusal has (canteen.web.errors.error_body).
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar, Request
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.routes import HTTPRoute

API_PREFIX = "/api/"


class ErrorBody(msgspec.Struct, kw_only=True):
    """A refusal: `error` names it for programs, `message` says it in the request's language."""

    error: str
    message: str
    status_code: int
    detail: str


EVERY_OPERATION = {
    400: "The request could not be read (malformed JSON, a wrong type, an unknown field).",
    404: "Not found: no such record, or one that belongs to another canteen.",
    409: "Refused by the current state of things (already done, full, closed).",
    422: "A value is out of bounds or not allowed; nothing was changed.",
    429: "Too many tries: wait the minutes the message says.",
}
GUARDED = {
    401: "No paired tablet (or its access was withdrawn), or coordinator mode has ended.",
    403: "Not allowed: a wrong PIN, or a cookie-authenticated write without the kiosk's header.",
}
WITH_BODY = {413: "What was sent is too large."}


def refusals(handler: HTTPRouteHandler) -> dict[int, str]:
    """The error statuses this operation can answer, with what each means."""
    found = dict(EVERY_OPERATION)
    if handler.resolve_guards():
        found.update(GUARDED)
    if "data" in handler.parsed_fn_signature.parameters:
        found.update(WITH_BODY)
    return dict(sorted(found.items()))


def declare_refusals(app: Litestar) -> None:
    """Give every API operation in the document its refusals (kept where a route declares its
    own)."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(API_PREFIX):
            continue
        for handler in route.route_handlers:
            specs = {
                status: ResponseSpec(
                    data_container=ErrorBody, description=text, generate_examples=False
                )
                for status, text in refusals(handler).items()
            }
            handler.responses = {**specs, **(handler.responses or {})}


def _closed_structs() -> set[str]:
    """The names of the request bodies that refuse unknown fields."""
    names: set[str] = set()
    todo: list[type] = [msgspec.Struct]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        config = getattr(cls, "__struct_config__", None)
        if config is not None and config.forbid_unknown_fields:
            names.add(cls.__name__)
    return names


def _closed(document: dict[str, Any]) -> dict[str, Any]:
    """The document, where a body that refuses unknown fields says additionalProperties: false
    (done once: the document is built once and kept)."""
    closed = _closed_structs()
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        if name in closed and isinstance(schema, dict):
            schema["additionalProperties"] = False
    return document


class JsonDocument(JsonRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, _closed(openapi_schema))


class YamlDocument(YamlRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, _closed(openapi_schema))
