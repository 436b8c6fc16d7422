"""Who is signed in on the staff side: a server-side session named by an HttpOnly cookie.

Guards for the other admin pages: `requires_signed_in` (staff or a coordinator) and
`requires_staff`; both put the SessionUser in `connection.state.user`. `can_see_canteen` says
whether that user may see one canteen's pages.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.handlers import BaseRouteHandler

from canteen.access import StaffOnly, can_see_canteen
from canteen.accounts import services as accounts
from canteen.accounts.schemas import SessionUser
from canteen.errors import N_, DomainError
from canteen.settings import Settings

SESSION_COOKIE = "tablee_session"

__all__ = [
    "AdminLoginRequired",
    "StaffOnly",
    "SESSION_COOKIE",
    "can_see_canteen",
    "current_user",
    "requires_signed_in",
    "requires_staff",
    "session_cookie",
]


class AdminLoginRequired(DomainError):
    status = 401
    message = N_("You need to sign in first.")


def settings_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Settings:
    return connection.app.state.settings  # type: ignore[no-any-return]


async def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionUser | None:
    """The signed-in user, looked up once per request (None when nobody is signed in)."""
    if "user" in connection.state:
        return connection.state.user  # type: ignore[no-any-return]
    settings = settings_of(connection)
    user = await accounts.session_user(
        connection.cookies.get(SESSION_COOKIE), settings.session_idle_minutes
    )
    connection.state.user = user
    return user


async def requires_signed_in(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """Network staff or a canteen coordinator, signed in: connection.state.user."""
    if await current_user(connection) is None:
        raise AdminLoginRequired()


async def requires_staff(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Network staff only."""
    await requires_signed_in(connection, handler)
    if not connection.state.user.is_staff:
        raise StaffOnly()


def session_cookie(settings: Settings, token: str) -> Cookie:
    """The session cookie: HttpOnly, SameSite=Lax, lasting no longer than the session may."""
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=settings.session_max_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def safe_next(next_path: str | None) -> str:
    """Only a local admin path: never another site (//host, https://…) after signing in."""
    if not next_path or not next_path.startswith("/admin") or next_path.startswith("//"):
        return ""
    if any(c in next_path for c in "\\\r\n"):
        return ""
    return next_path
