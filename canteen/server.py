"""The composition root: one ASGI app from the kiosk, the admin side and the API.

The only module in canteen/ that knows the web sides. Each side exposes its routers, templates,
static files and catalogs; the shared HTTP layer (canteen.web) maps errors once, picks the
language and sets the headers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import CacheControlHeader, State
from litestar.openapi import OpenAPIConfig
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

import admin
import kiosk
from canteen import __version__, db, i18n
from canteen.meals.services import ensure_default_questions
from canteen.settings import Settings, load_settings
from canteen.web import errors, health, middleware, openapi, templating

# Static URLs carry ?v=<digest of the files>: a browser keeps them a year and never asks again,
# and a changed file gets a new URL.
STATIC_CACHE = CacheControlHeader(max_age=365 * 24 * 3600, public=True, immutable=True)


def _lifespan(
    settings: Settings, engine: Any, owns_engine: bool, migrate_on_start: bool
) -> tuple[Callable[[Litestar], Awaitable[None]], Callable[[Litestar], Awaitable[None]]]:
    """Start-up and shut-down: with an engine given, its owner (a test, a benchmark) starts
    and stops it; otherwise the app does."""

    async def on_startup(app: Litestar) -> None:
        db.bind(engine)
        if not owns_engine:
            return
        if migrate_on_start:
            await db.migrate(engine)
        await db.prepare(engine)
        await db.start(engine, pool_size=settings.database_pool_size)
        await ensure_default_questions()

    async def on_shutdown(app: Litestar) -> None:
        if owns_engine:
            await db.stop(engine)

    return on_startup, on_shutdown


def _template_config() -> TemplateConfig[JinjaTemplateEngine]:
    template_globals = templating.template_globals(templating.static_version(kiosk.STATIC_DIR))

    def configure_jinja(jinja: JinjaTemplateEngine) -> None:
        jinja.engine.globals.update(template_globals)
        for name in ("money", "number"):
            jinja.engine.filters[name] = template_globals[name]

    return TemplateConfig(
        directory=[kiosk.TEMPLATE_DIR, admin.TEMPLATE_DIR],
        engine=JinjaTemplateEngine,
        engine_callback=configure_jinja,
    )


def _http_configs(settings: Settings) -> dict[str, Any]:
    """CSRF for forms, compression for pages, the OpenAPI documents."""
    return {
        "csrf_config": CSRFConfig(
            secret=settings.secret_key,
            cookie_name="tablee_csrf",
            cookie_secure=settings.secure_cookies,
            # Static files too: a cacheable response must not set a cookie.
            exclude=["/api/", "/health", "/schema", "/static/"],
        ),
        "compression_config": CompressionConfig(
            backend="gzip",
            minimum_size=500,
            gzip_compress_level=6,
            # The tablet's API answers are a few hundred bytes; pages and files are compressed.
            exclude=["/api/"],
        ),
        "openapi_config": OpenAPIConfig(
            title="Tablée",
            version=__version__,
            path="/schema",
            description="The JSON API under /api/v1: what the tablet reads and writes.",
            # Only the documents: the UI pages would load scripts from a CDN.
            render_plugins=[
                openapi.JsonDocument(path=["/openapi.json", "/"]),
                openapi.YamlDocument(),
            ],
        ),
    }


def create_app(
    settings: Settings | None = None,
    *,
    migrate_on_start: bool = False,
    engine: Any = None,
) -> Litestar:
    """Build the one ASGI app for these settings (and this engine, when its owner gives it)."""
    settings = settings or load_settings()
    owns_engine = engine is None
    engine = engine or db.make_engine(settings.database_url)
    db.bind(engine)
    for package in (kiosk, admin):
        i18n.add_locale_dir(package.LOCALE_DIR)
    on_startup, on_shutdown = _lifespan(settings, engine, owns_engine, migrate_on_start)
    kiosk_static = create_static_files_router(
        path="/static/kiosk",
        directories=[kiosk.STATIC_DIR],
        cache_control=STATIC_CACHE,
        name="kiosk-static",
        include_in_schema=False,
    )
    app = Litestar(
        route_handlers=[health.health, *kiosk.routers(), *admin.routers(), kiosk_static],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        middleware=[middleware.language_and_headers_middleware],
        before_send=[middleware.security_headers_for(settings)],
        template_config=_template_config(),
        exception_handlers=errors.EXCEPTION_HANDLERS,
        state=State(
            {
                "settings": settings,
                "engine": engine,
                "html_redirects": {**kiosk.HTML_REDIRECTS, **admin.HTML_REDIRECTS},
            }
        ),
        request_max_body_size=1_000_000,
        **_http_configs(settings),
    )
    openapi.declare_refusals(app)
    return app


def app_from_environment() -> Litestar:
    """For uvicorn --factory: the settings come from the environment."""
    return create_app(load_settings())
