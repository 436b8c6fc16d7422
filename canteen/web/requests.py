"""What any handler or guard reads off a request: the settings, the client's address."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection

from canteen.settings import Settings

AnyConnection = ASGIConnection[Any, Any, Any, Any]


def settings_of(connection: AnyConnection) -> Settings:
    return connection.app.state.settings  # type: ignore[no-any-return]


def address(connection: AnyConnection) -> str:
    """Where a request comes from, for rate limits (behind a local proxy, its X-Forwarded-For:
    `canteen serve` trusts the proxy headers of 127.0.0.1 only)."""
    return connection.client.host if connection.client else ""
