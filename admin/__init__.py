"""The staff side: network staff and canteen coordinators."""

from pathlib import Path
from typing import Any

from admin.accounts import accounts_router
from admin.dbadmin import piccolo_admin
from admin.mentoring import mentoring_router
from admin.network import network_router
from admin.onboarding import onboarding_router
from admin.reports import reports_router
from admin.toolbox import toolbox_router

HERE = Path(__file__).parent
LOCALE_DIR = HERE / "locale"
TEMPLATE_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

HTML_REDIRECTS = {"AdminLoginRequired": "/admin/login"}


def routers() -> list[Any]:
    from litestar.static_files import create_static_files_router

    return [
        accounts_router,
        network_router,
        onboarding_router,
        toolbox_router,
        mentoring_router,
        reports_router,
        piccolo_admin,
        create_static_files_router(
            path="/static/admin",
            directories=[STATIC_DIR],
            name="admin-static",
            include_in_schema=False,
        ),
    ]
