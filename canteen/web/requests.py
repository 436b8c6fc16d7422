"""What any handler or guard reads off a request: the settings, the client's address."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from litestar.connection import ASGIConnection

from canteen.settings import Settings

AnyConnection = ASGIConnection[Any, Any, Any, Any]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def settings_of(connection: AnyConnection) -> Settings:
    return connection.app.state.settings  # type: ignore[no-any-return]


@lru_cache(maxsize=8)
def _proxies(setting: str) -> tuple[bool, tuple[Network, ...]]:
    """(any address, the networks) of CANTEEN_TRUSTED_PROXIES."""
    parts = [part.strip() for part in setting.split(",") if part.strip()]
    return "*" in parts, tuple(ipaddress.ip_network(p, strict=False) for p in parts if p != "*")


def _trusted(host: str, setting: str) -> bool:
    anyone, networks = _proxies(setting)
    if anyone:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: list[str], trusted_proxies: str) -> str:
    """The client's address: the socket's peer, unless that peer is a trusted proxy; then the
    nearest address in X-Forwarded-For that is not a trusted proxy (read from the right: the
    left part is whatever the client chose to send). The same rule as uvicorn's, so applying
    it after uvicorn changes nothing."""
    if not peer or not _trusted(peer, trusted_proxies):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted_proxies):
            return hop
    return hops[0] if hops else peer


def address(connection: AnyConnection) -> str:
    """Where a request comes from, for rate limits: X-Forwarded-For is believed only from the
    proxies named in CANTEEN_TRUSTED_PROXIES (none by default)."""
    peer = connection.client.host if connection.client else ""
    forwarded = connection.headers.getall("x-forwarded-for", [])
    return client_address(peer, forwarded, settings_of(connection).trusted_proxies)
