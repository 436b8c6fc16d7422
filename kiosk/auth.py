"""Who is at the tablet: a paired device (always) and, for a short while, its coordinator."""

from __future__ import annotations

import time
from typing import Any

from itsdangerous import BadSignature
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from canteen import security
from canteen.errors import Forbidden
from canteen.network.errors import CoordinatorRequired
from canteen.network.services import device_for_token
from canteen.settings import Settings
from canteen.web.requests import settings_of

DEVICE_COOKIE = "tablee_device"
COORDINATOR_COOKIE = "tablee_coord"
COORDINATOR_HEADER = "x-coordinator-token"
DEVICE_COOKIE_SECONDS = 400 * 24 * 3600
# The kiosk's own JavaScript sends this header with every API write. A cross-site page cannot add
# a custom header without a CORS preflight (which this server never grants), so an API write
# authenticated by the device cookie and carrying it comes from a kiosk page, not a forged form.
SCRIPT_HEADER = "x-requested-with"
COOKIE_WRITES_NEED_HEADER = "cookie_writes_need_header"  # a handler opt, set on the API router
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CrossSiteWriteRefused(Forbidden):
    """An API write authenticated by the device cookie alone, without the kiosk's header."""


def _device_token(connection: ASGIConnection[Any, Any, Any, Any]) -> tuple[str | None, bool]:
    """The device token, and whether it came from the cookie (rather than a bearer header)."""
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), False
    cookie = connection.cookies.get(DEVICE_COOKIE)
    return cookie, cookie is not None


async def requires_device(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """A paired tablet, not revoked: its device row goes to connection.state.device."""
    token, from_cookie = _device_token(connection)
    if (
        from_cookie
        and handler.opt.get(COOKIE_WRITES_NEED_HEADER)
        and connection.scope.get("method", "GET") not in SAFE_METHODS
        and not connection.headers.get(SCRIPT_HEADER)
    ):
        raise CrossSiteWriteRefused()
    connection.state.device = await device_for_token(token)


def coordinator_token(settings: Settings, device: dict[str, Any]) -> str:
    """Signed: this tablet, its canteen, and the PIN generation the session was opened with."""
    value = {"d": device["id"], "c": device["canteen"], "g": device.get("pin_generation", 0)}
    return str(security.signer(settings.secret_key, "coordinator").dumps(value))


async def requires_coordinator(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """The coordinator entered the canteen's PIN on this very tablet, a short while ago."""
    if not hasattr(connection.state, "device"):
        await requires_device(connection, handler)
    device = connection.state.device
    settings = settings_of(connection)
    token = connection.headers.get(COORDINATOR_HEADER) or connection.cookies.get(COORDINATOR_COOKIE)
    session_seconds = settings.coordinator_session_minutes * 60
    value: object = None
    signed_at = 0.0
    if token:
        try:
            value, stamp = security.signer(settings.secret_key, "coordinator").loads(
                token, max_age=session_seconds, return_timestamp=True
            )
            signed_at = stamp.timestamp()
        except BadSignature:  # forged or expired (SignatureExpired is a BadSignature)
            value = None
    if (
        not isinstance(value, dict)
        or value.get("d") != device["id"]
        # The canteen's PIN changed since (read with the device on every request, every worker).
        or value.get("g", 0) != device.get("pin_generation", 0)
    ):
        raise CoordinatorRequired()
    # Pages use it to hand the tablet back to the diners when coordinator mode ends.
    connection.state.coordinator_seconds_left = max(
        0, int(signed_at + session_seconds - time.time())
    )
