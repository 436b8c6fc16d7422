"""Against `canteen serve` itself (real uvicorn workers on the test's database, both engines).

Sixty wrong PINs fired at one tablet at once, spread over two worker processes: five are checked,
the tablet is locked. A client that sends X-Forwarded-For without being a trusted proxy keeps its
own address for the limits. The answers do not announce the server's software.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx

from canteen.network import services as network
from canteen.throttle import services as throttle
from tests.factories import client_id, make_canteen
from tests.test_workers import serve

ATTACKERS = 60


async def test_a_real_server_with_two_workers_holds_the_limits(
    db: str, database_url: str, tmp_path: Path
) -> None:
    canteen = await make_canteen(pin="246810")
    code, _ = await network.create_pairing_code(canteen)
    workers = 1 if db == "sqlite" else 2
    with serve(database_url, tmp_path, workers=workers) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            paired = await http.post("/api/v1/devices/pair", json={"id": client_id(), "code": code})
            assert paired.status_code == 201, paired.text
            assert "server" not in paired.headers  # no "server: uvicorn"
        tablet = {"Authorization": f"Bearer {paired.json()['token']}"}

        async def guess(n: int) -> int:
            # A connection each: the kernel hands them to whichever worker accepts first.
            async with httpx.AsyncClient(base_url=base, timeout=60) as http:
                answer = await http.post(
                    "/api/v1/coordinator/sessions", json={"pin": f"{n:06d}"}, headers=tablet
                )
                return answer.status_code

        statuses = Counter(await asyncio.gather(*(guess(n) for n in range(ATTACKERS))))
        limit = throttle.PIN_FAILURES.attempts
        assert statuses == {403: limit, 429: ATTACKERS - limit}

        # Guessing pairing codes while claiming a new address each time: still one address.
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            answers = [
                await http.post(
                    "/api/v1/devices/pair",
                    json={"id": client_id(), "code": "ZZZZ-ZZZZ"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"},
                )
                for n in range(throttle.PAIRING_FAILURES.attempts + 1)
            ]
        assert [a.status_code for a in answers][-2:] == [400, 429]
