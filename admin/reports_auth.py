"""Who may read reports: network staff see everything, a coordinator their own canteen."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from admin.auth import AdminLoginRequired, current_user
from canteen.access import can_see_canteen
from canteen.errors import Forbidden


def admin_session(connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any] | None:
    """The signed-in user as the reports pages read it (after current_user() ran), or None."""
    user = connection.state.user if "user" in connection.state else None
    if user is None:
        return None
    return {"staff": user.is_staff, "canteen": user.canteen}


def is_staff(session: dict[str, Any] | None) -> bool:
    return bool(session) and session.get("staff") is True  # type: ignore[union-attr]


async def requires_network_staff(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """Network staff only: the whole network's figures."""
    user = await current_user(connection)
    if user is None:
        raise AdminLoginRequired()
    if not user.is_staff:
        raise Forbidden()


async def requires_canteen_reader(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """The coordinator of the canteen in the path, or network staff."""
    user = await current_user(connection)
    if user is None:
        raise AdminLoginRequired()
    if not can_see_canteen(user, connection.path_params.get("canteen_id")):
        raise Forbidden()
