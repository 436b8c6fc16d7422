"""Piccolo Admin under /admin/db: the raw data, for network staff only.

Piccolo Admin comes with its own users, sessions and login page. We use none of them: the
mount is guarded by `requires_staff` (our session), and Piccolo Admin's authentication
backend is swapped for one that reads our session, so staff sign in once, at /admin/login.
Its own login, password change and account pages are closed. Its CSRF protection (a
double-submit cookie) stays on, so Litestar's CSRF check is skipped for this mount only.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import asgi
from litestar.types import Receive, Scope, Send

from admin.accounts.guards import requires_staff
from canteen import db
from canteen.accounts.tables import Account, AccountSession

MOUNT = "/admin/db"
# Piccolo Admin's bundle (Vue, Font Awesome) injects <style> elements: for this staff-only
# mount, inline styles are allowed; scripts stay 'self' only, and nothing comes from outside.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
# Piccolo Admin's own sign-in and account endpoints: closed, staff sign in with Tablée.
CLOSED = ("/public/login/", "/api/change-password/", "/api/mfa-setup/")
_apps: dict[str, Any] = {}
MAX_HOSTS = 8


class _StaffUser:
    """What Piccolo Admin reads from request.user.user: a staff member, never a superuser
    (so it cannot edit Piccolo's own user and session tables, which we do not use)."""

    def __init__(self, user: Any) -> None:
        self.id = user.id
        self.username = user.email
        self.admin = True
        self.active = True
        self.superuser = False


def _backend() -> Any:
    from starlette.authentication import (
        AuthCredentials,
        AuthenticationBackend,
        AuthenticationError,
        BaseUser,
    )

    class StaffMember(BaseUser):
        """request.user as Piccolo Admin reads it (user, user_id, display_name)."""

        def __init__(self, user: Any) -> None:
            self.user = _StaffUser(user)

        @property
        def is_authenticated(self) -> bool:
            return True

        @property
        def user_id(self) -> int:
            return int(self.user.id)

        @property
        def username(self) -> str:
            return str(self.user.username)

        @property
        def display_name(self) -> str:
            return self.username

        @property
        def identity(self) -> str:
            return str(self.user.id)

    class TableeStaffBackend(AuthenticationBackend):
        async def authenticate(self, conn: Any) -> Any:
            user = conn.scope.get("tablee_user")
            if user is None or not user.is_staff:
                raise AuthenticationError("Staff only")
            return AuthCredentials(["authenticated"]), StaffMember(user)

    return TableeStaffBackend()


def _tables() -> list[Any]:
    from piccolo_admin.endpoints import TableConfig

    configs: list[Any] = []
    for table in db.all_tables():
        if table is Account:
            configs.append(TableConfig(Account, exclude_visible_columns=[Account.password_hash]))
        elif table is AccountSession:
            configs.append(
                TableConfig(AccountSession, exclude_visible_columns=[AccountSession.token_hash])
            )
        else:
            configs.append(table)
    return configs


def build(host: str) -> Any:
    """Piccolo Admin for one host name (its CSRF check compares the Origin to it on HTTPS)."""
    from piccolo_admin.endpoints import create_admin
    from starlette.middleware.authentication import AuthenticationMiddleware
    from starlette.routing import Mount

    app = create_admin(
        tables=_tables(),
        site_name="Tablée — raw data",
        allowed_hosts=[host],
        auto_include_related=False,
        sidebar_links={"Tablée": "/admin/"},
    )
    swapped = 0
    for route in app.routes:
        if isinstance(route, Mount) and route.path == "/api":
            middleware = route.app
            if isinstance(middleware, AuthenticationMiddleware):
                middleware.backend = _backend()
                swapped += 1
    if swapped != 1:  # a new Piccolo Admin moved its API: fail loudly rather than open it
        raise RuntimeError("Piccolo Admin's API mount was not found; not mounting it")
    return app


def _host(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return value.decode("latin-1").rsplit(":", 1)[0].strip("[]").lower()
    return "localhost"


async def _reply(send: Send, status: int, body: dict[str, Any], headers: list[Any]) -> None:
    payload = json.dumps(body).encode()
    start: Any = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), *headers],
    }
    await send(start)
    end: Any = {"type": "http.response.body", "body": payload}
    await send(end)


@asgi(
    MOUNT,
    is_mount=True,
    copy_scope=True,
    guards=[requires_staff],
    opt={"exclude_from_csrf": True},
    include_in_schema=False,
)
async def piccolo_admin(scope: Scope, receive: Receive, send: Send) -> None:
    path = scope.get("path", "/")
    if scope.get("raw_path", b"").rstrip(b"?") == MOUNT.encode():
        start: Any = {
            "type": "http.response.start",
            "status": 308,
            "headers": [(b"location", f"{MOUNT}/".encode())],
        }
        await send(start)
        end: Any = {"type": "http.response.body", "body": b""}
        await send(end)
        return
    if path.startswith(CLOSED):
        await _reply(send, 403, {"detail": "Sign in at /admin/login"}, [])
        return
    if path.startswith("/public/logout/"):
        await _reply(send, 200, {"detail": "Sign out at /admin/"}, [])
        return
    host = _host(scope)
    app = _apps.get(host)
    if app is None:
        if len(_apps) >= MAX_HOSTS:
            await _reply(send, 400, {"detail": "Unknown host"}, [])
            return
        app = _apps[host] = build(host)
    state = scope.get("state") or {}
    scope["tablee_user"] = state.get("user")  # type: ignore[typeddict-unknown-key]

    async def send_with_csp(message: Any) -> None:
        if message["type"] == "http.response.start":
            headers = [
                h for h in message.get("headers", []) if h[0].lower() != b"content-security-policy"
            ]
            message["headers"] = [*headers, (b"content-security-policy", CSP.encode())]
        await send(message)

    await app(scope, receive, send_with_csp)
