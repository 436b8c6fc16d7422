"""The server is killed (SIGKILL) in the middle of a burst of writes whose clients retry.

Every write a client saw acknowledged is in the database exactly once after the restart, and
so is every write retried through the crash: no row, credit or survey answer counted twice.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx

from canteen.meals.tables import (
    CheckIn,
    Contribution,
    PayForwardCredit,
    SurveyAnswer,
    SurveyResponse,
)
from tests.factories import make_canteen, open_today
from tests.offline.conftest import ServerProcess, device_token

TOTAL = 2000
CLIENTS = 16
KILL_AFTER = 500  # acknowledged writes before the kill
RETRY_FOR_SECONDS = 240
METHODS = ("cash", "card", "voucher", "nothing")


def planned_writes(service_id: int) -> list[tuple[str, dict[str, Any]]]:
    """800 check-ins, 800 contributions (some paying a meal forward), 400 survey responses."""
    base = f"/api/v1/services/{service_id}"
    writes: list[tuple[str, dict[str, Any]]] = []
    for i in range(TOTAL):
        record_id = str(uuid.uuid4())
        if i % 5 in (0, 1):
            body = {"id": record_id, "party_size": 1 + i % 6, "first_visit": i % 7 == 0}
            writes.append((f"{base}/checkins", body))
        elif i % 5 in (2, 3):
            method = METHODS[i % 4]
            amount = 0 if method == "nothing" else 100 + i
            forward = 1 if method != "nothing" and i % 11 == 0 else 0
            body = {
                "id": record_id,
                "amount_minor": amount,
                "currency": "EUR",
                "method": method,
                "pay_forward": forward,
            }
            writes.append((f"{base}/contributions", body))
        else:
            answers = {"welcome": 1 + i % 4, "met_someone": 1 + (i // 5) % 4}
            writes.append((f"{base}/survey-responses", {"id": record_id, "answers": answers}))
    return writes


class Burst:
    """Clients that send each write until it is acknowledged, retrying through the crash."""

    def __init__(self, server: ServerProcess, token: str) -> None:
        self.server = server
        self.token = token
        self.acknowledged: dict[str, dict[str, Any]] = {}
        self.retries = 0
        self.replays_checked = 0
        self.acknowledged_at_kill: int | None = None
        self.time_to_kill = asyncio.Event()
        self.deadline = time.monotonic() + RETRY_FOR_SECONDS

    async def send(self, http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Any:
        pause = 0.05
        while time.monotonic() < self.deadline:
            try:
                response = await http.post(path, json=body)
            except httpx.TransportError:  # refused, reset, cut mid-answer: try again
                response = None
            if response is not None and response.status_code == 201:
                return response.json()
            if response is not None and response.status_code < 500:
                raise AssertionError(f"{path} refused: {response.status_code} {response.text}")
            self.retries += 1
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.5)
        raise AssertionError(f"{path} {body['id']} never acknowledged")

    async def client(self, http: httpx.AsyncClient, queue: asyncio.Queue[Any]) -> None:
        while not queue.empty():
            index, (path, body) = queue.get_nowait()
            answer = await self.send(http, path, body)
            assert answer["id"] == body["id"]
            self.acknowledged[body["id"]] = answer
            if len(self.acknowledged) >= KILL_AFTER:
                self.time_to_kill.set()
            if index % 25 == 0:  # a tablet that never heard the answer sends it again
                assert await self.send(http, path, body) == answer
                self.replays_checked += 1

    async def kill_and_restart(self) -> None:
        await self.time_to_kill.wait()
        self.acknowledged_at_kill = len(self.acknowledged)
        await asyncio.to_thread(self.server.kill)
        await asyncio.to_thread(self.server.start)

    async def run(self, writes: list[tuple[str, dict[str, Any]]]) -> None:
        queue: asyncio.Queue[Any] = asyncio.Queue()
        for item in enumerate(writes):
            queue.put_nowait(item)
        async with httpx.AsyncClient(
            base_url=self.server.base,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=10,
            limits=httpx.Limits(max_connections=CLIENTS),
        ) as http:
            killer = asyncio.create_task(self.kill_and_restart())
            await asyncio.gather(*(self.client(http, queue) for _ in range(CLIENTS)))
            await killer


async def test_every_acknowledged_write_survives_a_kill_exactly_once(
    db: str, server_process: ServerProcess
) -> None:
    canteen = await make_canteen(max_contribution_minor=100_000)
    service = await open_today(canteen, groceries_minor=50_000)
    token = await device_token(canteen)
    writes = planned_writes(service)
    burst = Burst(server_process, token)

    started = time.monotonic()
    await burst.run(writes)
    seconds = time.monotonic() - started
    print(
        f"{db}: {TOTAL} writes in {seconds:.1f}s, killed after {burst.acknowledged_at_kill}, "
        f"{burst.retries} retries, {burst.replays_checked} replays checked"
    )

    assert server_process.starts == 2
    assert burst.acknowledged_at_kill is not None and burst.acknowledged_at_kill < TOTAL
    assert len(burst.acknowledged) == TOTAL
    sent = {body["id"]: (path.rsplit("/", 1)[1], body) for path, body in writes}

    def ids(kind: str) -> set[str]:
        return {record_id for record_id, (path, _b) in sent.items() if path == kind}

    checkins = await CheckIn.select(CheckIn.id, CheckIn.party_size)
    contributions = await Contribution.select(Contribution.id, Contribution.amount_minor)
    responses = await SurveyResponse.select(SurveyResponse.id)
    assert len(checkins) == len(ids("checkins")) == 800
    assert {str(row["id"]) for row in checkins} == ids("checkins")
    assert len(contributions) == len(ids("contributions")) == 800
    assert {str(row["id"]) for row in contributions} == ids("contributions")
    assert len(responses) == len(ids("survey-responses")) == 400
    assert {str(row["id"]) for row in responses} == ids("survey-responses")

    # What each write carried is counted once: covers, money, meals paid forward, answers.
    bodies = [body for _path, body in sent.values()]
    assert sum(r["party_size"] for r in checkins) == sum(b.get("party_size", 0) for b in bodies)
    assert sum(r["amount_minor"] for r in contributions) == sum(
        b.get("amount_minor", 0) for b in bodies
    )
    credits = await PayForwardCredit.select().where(PayForwardCredit.canteen == canteen).first()
    assert credits is not None
    assert credits["given"] == credits["available"] == sum(b.get("pay_forward", 0) for b in bodies)
    assert await SurveyAnswer.count() == sum(len(b.get("answers", {})) for b in bodies)
    # And every acknowledgement said what was sent.
    for record_id, answer in burst.acknowledged.items():
        _kind, body = sent[record_id]
        for key in ("party_size", "amount_minor", "method", "pay_forward", "answers"):
            if key in body:
                assert answer[key] == body[key]
