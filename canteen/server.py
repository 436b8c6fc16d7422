"""The composition root: one ASGI app from the kiosk, the admin side and the API.

The only module in canteen/ that knows the web layers. Each web package exposes its routers
and locale folder; this module wires them, maps domain errors once, and sets the headers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import asyncpg
from litestar import Litestar, MediaType, Request, Response, get
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import CacheControlHeader, State
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from litestar.template.config import TemplateConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from canteen import __version__, db, i18n, money
from canteen.errors import N_, DomainError
from canteen.settings import Settings, load_settings

LANGUAGE_COOKIE = "lang"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(self), geolocation=(), microphone=()"),
]
# The request could not be read at all: malformed JSON, unknown fields, wrong types.
REQUEST_UNREADABLE = N_("This request could not be read. Check what was sent.")
SOMETHING_WRONG = N_("Something went wrong. Please try again.")
# Static URLs carry ?v=<digest of the files>: a browser keeps them a year and never asks again,
# and a changed file gets a new URL.
STATIC_CACHE = CacheControlHeader(max_age=365 * 24 * 3600, public=True, immutable=True)
HTTP_MESSAGES = {
    400: REQUEST_UNREADABLE,
    401: N_("You need to sign in first."),
    403: N_("You are not allowed to do this."),
    404: N_("Not found."),
    405: N_("This action is not possible here."),
    413: N_("What was sent is too large."),
    429: N_("Too many tries. Wait a moment and try again."),
}


def _language_of(scope: Scope) -> str:
    """?lang=, then the lang cookie, then Accept-Language, then the default (French)."""
    query = scope.get("query_string", b"").decode("latin-1")
    from_query = next((part[5:] for part in query.split("&") if part.startswith("lang=")), None)
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
    from_cookie = None
    raw_cookie = headers.get("cookie", "")
    if LANGUAGE_COOKIE + "=" in raw_cookie:  # parsed only when it may be there (every request)
        cookie = SimpleCookie()
        try:
            cookie.load(raw_cookie)
        except Exception:  # noqa: BLE001 - a broken cookie header is ignored, not fatal
            cookie = SimpleCookie()
        from_cookie = cookie[LANGUAGE_COOKIE].value if LANGUAGE_COOKIE in cookie else None
    return i18n.negotiate([from_query, from_cookie], headers.get("accept-language"))


def language_and_headers_middleware(app: ASGIApp) -> ASGIApp:
    """Sets the request's language for everything below, and the security headers."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        language = _language_of(scope)
        token = i18n.current_language.set(language)
        # The kiosk's service worker files each page it caches under its language.
        content_language = (b"content-language", language.encode())

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _value in headers}
                if content_language[0] not in names:
                    headers.append(content_language)
                message["headers"] = headers
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        finally:
            i18n.current_language.reset(token)

    return middleware


def security_headers(message: Message, scope: Any) -> None:
    """Every answer's security headers, also on what no route matched (a 404 or 405 is answered
    before any middleware runs, but after this hook)."""
    if message["type"] == "http.response.start":
        headers = list(message.get("headers", []))
        names = {name.lower() for name, _value in headers}
        headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
        message["headers"] = headers


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/health"


def error_body(code: str, message: str, status: int, **extra: Any) -> dict[str, Any]:
    """Our error body, also carrying Litestar's documented fields (status_code, detail)."""
    return {"error": code, "message": message, "status_code": status, "detail": message, **extra}


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    """Every domain error, once: a status and a message in the user's language."""
    message = i18n.gettext(exc.msgid, **exc.params)
    if _wants_html(request):
        redirect = getattr(request.app.state, "html_redirects", {}).get(type(exc).__name__)
        if redirect:
            return Redirect(path=redirect)
        return Template(
            template_name="kiosk/error.html",
            context={"message": message, "back": request.headers.get("referer") or "/kiosk/"},
            status_code=exc.status,
        )
    return Response(error_body(exc.code, message, exc.status), status_code=exc.status)


def validation_error_handler(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[Any]:
    details = [str(item.get("message", "")) for item in (exc.extra or []) if isinstance(item, dict)]
    detail = "; ".join(d for d in details if d) or str(exc.detail)
    message = i18n.gettext(REQUEST_UNREADABLE)
    if _wants_html(request):
        return Template(
            template_name="kiosk/error.html",
            context={"message": message, "back": request.headers.get("referer") or "/kiosk/"},
            status_code=400,
        )
    return Response(error_body("invalid_request", message, 400, detail=detail), status_code=400)


def data_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A value the database cannot hold (an id past 32 bits, say): the request is unreadable."""
    return validation_error_handler(request, ValidationException(detail=type(exc).__name__))


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    # A path no route matches never passes through the middleware: pick the language here.
    i18n.current_language.set(_language_of(request.scope))
    status = exc.status_code
    message = i18n.gettext(HTTP_MESSAGES.get(status, SOMETHING_WRONG))
    if _wants_html(request):
        return Template(
            template_name="kiosk/error.html",
            context={"message": message, "back": "/kiosk/"},
            status_code=status,
        )
    return Response(error_body(f"http_{status}", message, status), status_code=status)


@get("/health", include_in_schema=False, media_type=MediaType.JSON)
async def health() -> Response[dict[str, str]]:
    """200 when the database answers."""
    try:
        from canteen.network.tables import Network

        await Network.count()
    except Exception:  # noqa: BLE001 - any failure is 'not healthy'
        return Response({"status": "unavailable"}, status_code=HTTP_503_SERVICE_UNAVAILABLE)
    return Response({"status": "ok", "version": __version__})


def static_version(*directories: Path) -> str:
    """The release plus a digest of the static files, for cache-busting URLs."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:10]}"


def _template_globals(settings: Settings, version: str) -> dict[str, Any]:
    def money_filter(amount_minor: int | None, currency: str) -> str:
        if amount_minor is None:
            return "—"
        return money.format_money(amount_minor, currency, i18n.language())

    def number_filter(value: int | float | None) -> str:
        from babel.numbers import format_decimal

        return "—" if value is None else format_decimal(value, locale=i18n.language())

    return {
        "_": i18n.gettext,
        "ngettext": i18n.ngettext,
        "lang": i18n.language,
        "dir": i18n.direction,
        "LANGUAGES": i18n.LANGUAGES,
        "money": money_filter,
        "number": number_filter,
        "version": version,
    }


def create_app(
    settings: Settings | None = None,
    *,
    migrate_on_start: bool = False,
    engine: Any = None,
) -> Litestar:
    """Build the one ASGI app for these settings.

    With an engine given, its owner (a test, a benchmark) starts and stops it; otherwise the
    app's lifespan does.
    """
    import admin
    import kiosk

    settings = settings or load_settings()
    owns_engine = engine is None
    engine = engine or db.make_engine(settings.database_url)
    db.bind(engine)
    for package in (kiosk, admin):
        i18n.add_locale_dir(package.LOCALE_DIR)

    async def on_startup(app: Litestar) -> None:
        db.bind(engine)
        if not owns_engine:
            return
        if migrate_on_start:
            await db.migrate(engine)
        await db.prepare(engine)
        await db.start(engine, pool_size=settings.database_pool_size)
        from canteen.meals.services import ensure_default_questions

        await ensure_default_questions()

    async def on_shutdown(app: Litestar) -> None:
        if owns_engine:
            await db.stop(engine)

    template_globals = _template_globals(settings, static_version(kiosk.STATIC_DIR))

    def configure_jinja(jinja: JinjaTemplateEngine) -> None:
        jinja.engine.globals.update(template_globals)
        for name in ("money", "number"):
            jinja.engine.filters[name] = template_globals[name]

    exception_handlers: dict[Any, Callable[..., Response[Any]]] = {
        DomainError: domain_error_handler,
        ValidationException: validation_error_handler,
        OverflowError: data_error_handler,
        asyncpg.exceptions.DataError: data_error_handler,
        NotFoundException: http_error_handler,
        HTTPException: http_error_handler,
    }
    return Litestar(
        route_handlers=[
            health,
            *kiosk.routers(),
            *admin.routers(),
            create_static_files_router(
                path="/static/kiosk",
                directories=[kiosk.STATIC_DIR],
                cache_control=STATIC_CACHE,
                name="kiosk-static",
                include_in_schema=False,
            ),
        ],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        middleware=[language_and_headers_middleware],
        before_send=[security_headers],
        template_config=TemplateConfig(
            directory=[kiosk.TEMPLATE_DIR, admin.TEMPLATE_DIR],
            engine=JinjaTemplateEngine,
            engine_callback=configure_jinja,
        ),
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="tablee_csrf",
            cookie_secure=settings.secure_cookies,
            # Static files too: a cacheable response must not set a cookie.
            exclude=["/api/", "/health", "/schema", "/static/"],
        ),
        compression_config=CompressionConfig(
            backend="gzip",
            minimum_size=500,
            gzip_compress_level=6,
            # The tablet's API answers are a few hundred bytes; pages and files are compressed.
            exclude=["/api/"],
        ),
        openapi_config=OpenAPIConfig(
            title="Tablée",
            version=__version__,
            path="/schema",
            description="The kiosk's JSON API: everything the tablet does.",
            # Only the documents: the UI pages would load scripts from a CDN.
            render_plugins=[JsonRenderPlugin(path=["/openapi.json", "/"]), YamlRenderPlugin()],
        ),
        exception_handlers=exception_handlers,
        state=State(
            {
                "settings": settings,
                "engine": engine,
                "html_redirects": {**kiosk.HTML_REDIRECTS, **admin.HTML_REDIRECTS},
            }
        ),
        request_max_body_size=1_000_000,
    )


def app_from_environment() -> Litestar:
    """For uvicorn --factory: the settings come from the environment."""
    return create_app(load_settings())
