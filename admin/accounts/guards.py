"""Who is signed in on the staff side (a server-side session named by an HttpOnly cookie), and
the guards every admin page declares: `requires_signed_in` (staff or a coordinator),
`requires_staff` (network staff) and `requires_canteen_reader` (the canteen in the path: its
coordinator, or staff). Each puts the SessionUser in `connection.state.user`; what a user may
see is decided by canteen.access.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.handlers import BaseRouteHandler

from canteen import access
from canteen.accounts import services as accounts
from canteen.accounts.schemas import SessionUser
from canteen.errors import N_, DomainError
from canteen.settings import Settings

SESSION_COOKIE = "tablee_session"

__all__ = [
    "SESSION_COOKIE",
    "AdminLoginRequired",
    "current_user",
    "requires_canteen_reader",
    "requires_signed_in",
    "requires_staff",
    "safe_next",
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
    """Network staff only (StaffOnly, 403, for a coordinator)."""
    await requires_signed_in(connection, handler)
    access.require_staff(connection.state.user)


async def requires_canteen_reader(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """The coordinator of the canteen in the path, or network staff (Forbidden otherwise)."""
    await requires_signed_in(connection, handler)
    access.require_canteen(connection.state.user, connection.path_params.get("canteen_id"))


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
