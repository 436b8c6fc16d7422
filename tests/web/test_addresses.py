"""The client's address for the rate limits: X-Forwarded-For only from a trusted proxy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import msgspec

from canteen.server import create_app
from canteen.settings import load_settings
from canteen.throttle import services as throttle
from canteen.web.requests import client_address
from tests.factories import client_id


def test_without_trusted_proxies_the_address_is_the_sockets() -> None:
    assert client_address("127.0.0.1", ["203.0.113.9"], "") == "127.0.0.1"
    assert client_address("198.51.100.4", ["203.0.113.9, 10.0.0.1"], "") == "198.51.100.4"


def test_a_trusted_proxy_gives_the_nearest_address_it_did_not_vouch_for() -> None:
    proxies = "127.0.0.1,::1"
    # nginx appends the address it saw: whatever the client put on the left is ignored.
    assert client_address("127.0.0.1", ["6.6.6.6, 203.0.113.9"], proxies) == "203.0.113.9"
    assert client_address("::1", ["203.0.113.9"], proxies) == "203.0.113.9"
    assert client_address("127.0.0.1", [], proxies) == "127.0.0.1"
    # A client that is not the proxy cannot choose its address.
    assert client_address("198.51.100.4", ["203.0.113.9"], proxies) == "198.51.100.4"
    # Networks, and a chain of proxies.
    assert client_address("172.29.77.10", ["203.0.113.9"], "172.29.77.0/24") == "203.0.113.9"
    chain = ["203.0.113.9", "10.0.0.2"]
    assert client_address("10.0.0.1", chain, "10.0.0.0/8") == "203.0.113.9"
    assert client_address("10.0.0.1", ["203.0.113.9"], "*") == "203.0.113.9"
    assert client_address("127.0.0.1", ["not an address"], proxies) == "not an address"


def test_the_setting_is_empty_by_default_and_read_from_the_environment(tmp_path: Path) -> None:
    data = {"CANTEEN_DATA_DIR": str(tmp_path), "CANTEEN_SECRET_KEY": "k"}
    assert load_settings(data).trusted_proxies == ""
    given = {**data, "CANTEEN_TRUSTED_PROXIES": " 127.0.0.1 , ::1 "}
    assert load_settings(given).trusted_proxies == "127.0.0.1,::1"


async def _guesses(app: Any, peer: str, forwarded: bool) -> list[int]:
    """Wrong pairing codes from one peer, claiming a new address each time."""
    transport = httpx.ASGITransport(app=app, client=(peer, 4321))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as http:
        return [
            (
                await http.post(
                    "/api/v1/devices/pair",
                    json={"id": client_id(), "code": "ZZZZ-ZZZZ"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"} if forwarded else {},
                )
            ).status_code
            for n in range(throttle.PAIRING_FAILURES.attempts + 1)
        ]


async def test_forwarded_for_from_an_untrusted_client_does_not_rotate_its_address(
    db: str, engine: Any, settings: Any
) -> None:
    limit = throttle.PAIRING_FAILURES.attempts
    by_default = create_app(settings, engine=engine)
    assert await _guesses(by_default, "127.0.0.1", True) == [400] * limit + [429]

    behind_proxy = create_app(
        msgspec.structs.replace(settings, trusted_proxies="127.0.0.1"), engine=engine
    )
    # Not the proxy: its X-Forwarded-For is ignored, so it is locked out like anyone.
    assert await _guesses(behind_proxy, "198.51.100.4", True) == [400] * limit + [429]
    # Through the proxy: each visitor is counted apart (none reaches the limit here).
    assert await _guesses(behind_proxy, "127.0.0.1", True) == [400] * (limit + 1)
