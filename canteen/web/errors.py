"""Errors, mapped once for pages and API alike: a status and a message in the user's language.

A page gets the error template of its side (the staff side's under /admin, the kiosk's
elsewhere); the API gets a JSON body. Domain errors that send a page elsewhere (a tablet not
paired, a staff page before signing in) are declared by each web side in HTML_REDIRECTS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.response import Redirect, Template

from canteen import i18n
from canteen.errors import N_, DomainError
from canteen.money import format_money
from canteen.web.language import language_of

# The request could not be read at all: malformed JSON, unknown fields, wrong types.
REQUEST_UNREADABLE = N_("This request could not be read. Check what was sent.")
SOMETHING_WRONG = N_("Something went wrong. Please try again.")
HTTP_MESSAGES = {
    400: REQUEST_UNREADABLE,
    401: N_("You need to sign in first."),
    403: N_("You are not allowed to do this."),
    404: N_("Not found."),
    405: N_("This action is not possible here."),
    413: N_("What was sent is too large."),
    429: N_("Too many tries. Wait a moment and try again."),
}


def message_of(exc: DomainError) -> str:
    """The error's message in the user's language. A parameter `x_minor` beside a `currency`
    is an amount: it fills `{x}` as money in that language ('50,00 €')."""
    params = dict(exc.params)
    currency = params.get("currency")
    for key, value in exc.params.items():
        if key.endswith("_minor") and isinstance(currency, str) and isinstance(value, int):
            params[key.removesuffix("_minor")] = format_money(value, currency, i18n.language())
    return i18n.gettext(exc.msgid, **params)


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/health"


def error_page(
    request: Request[Any, Any, Any], message: str, status: int, back: str | None = None
) -> Template:
    """The error page of the side the request is on: the staff side's under /admin."""
    if request.url.path.startswith("/admin"):
        back = back if back is not None else request.headers.get("referer") or "/admin/"
        context = {"error": message, "back": back}
        return Template(template_name="admin/error.html", context=context, status_code=status)
    back = back if back is not None else request.headers.get("referer") or "/kiosk/"
    context = {"message": message, "back": back}
    return Template(template_name="kiosk/error.html", context=context, status_code=status)


def error_body(code: str, message: str, status: int, **extra: Any) -> dict[str, Any]:
    """Our error body, also carrying Litestar's documented fields (status_code, detail)."""
    return {"error": code, "message": message, "status_code": status, "detail": message, **extra}


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    """Every domain error, once: a status and a message in the user's language."""
    message = message_of(exc)
    if _wants_html(request):
        redirect = getattr(request.app.state, "html_redirects", {}).get(type(exc).__name__)
        if redirect:
            return Redirect(path=redirect)
        return error_page(request, message, exc.status)
    body = error_body(exc.code, message, exc.status, **exc.body())
    return Response(body, status_code=exc.status)


def validation_error_handler(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[Any]:
    details = [str(item.get("message", "")) for item in (exc.extra or []) if isinstance(item, dict)]
    detail = "; ".join(d for d in details if d) or str(exc.detail)
    message = i18n.gettext(REQUEST_UNREADABLE)
    if _wants_html(request):
        return error_page(request, message, 400)
    return Response(error_body("invalid_request", message, 400, detail=detail), status_code=400)


def data_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A value the database cannot hold (an id past 32 bits, say): the request is unreadable."""
    return validation_error_handler(request, ValidationException(detail=type(exc).__name__))


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    # A path no route matches never passes through the middleware: pick the language here.
    i18n.current_language.set(language_of(request.scope))
    status = exc.status_code
    message = i18n.gettext(HTTP_MESSAGES.get(status, SOMETHING_WRONG))
    # What Litestar attached stays (a 405's Allow: the methods the path does answer).
    headers = dict(exc.headers or {})
    if _wants_html(request):
        home = "/admin/" if request.url.path.startswith("/admin") else "/kiosk/"
        page = error_page(request, message, status, back=home)
        page.headers.update(headers)
        return page
    return Response(
        error_body(f"http_{status}", message, status), status_code=status, headers=headers
    )


EXCEPTION_HANDLERS: dict[Any, Callable[..., Response[Any]]] = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    OverflowError: data_error_handler,
    asyncpg.exceptions.DataError: data_error_handler,
    NotFoundException: http_error_handler,
    HTTPException: http_error_handler,
}
