"""Several workers and several servers on one database share everything that matters.

`canteen serve --workers 2` and a second server (another machine, or the same one restarted) run
as real processes on this test's database, with the same secret key. A tablet paired on one is
known to all, a coordinator session opened on one is honoured by all, a contribution is recorded
once whichever process gets it or its retries, and a withdrawn tablet is refused everywhere at
once. Nothing lives in a process's memory but caches of what never changes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from canteen.meals.tables import Contribution
from canteen.network import services as network
from tests.factories import client_id, make_canteen

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(database_url: str, data_dir: Path, workers: int) -> Iterator[str]:
    """`canteen serve` in its own process group; yields its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "CANTEEN_DATABASE_URL": database_url,
        "CANTEEN_DATA_DIR": str(data_dir),
        "CANTEEN_SECRET_KEY": "one-secret-for-every-worker-and-server",
    }
    log = (data_dir / f"serve-{port}.log").open("w")
    command = [sys.executable, "-m", "canteen.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log.name + ":\n" + Path(log.name).read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


async def _post(base: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    # A new connection each time: the kernel hands each one to whichever worker accepts first.
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        return await http.post(path, json=body, headers=headers)


async def test_workers_and_servers_share_tablets_sessions_and_records(
    db: str, database_url: str, tmp_path: Path
) -> None:
    canteen = await make_canteen(max_contribution_minor=5000)
    code, _expires = await network.create_pairing_code(canteen)
    with serve(database_url, tmp_path, workers=2) as two_workers:
        paired = await _post(
            two_workers, "/api/v1/devices/pair", {"id": client_id(), "code": code}, {}
        )
        assert paired.status_code == 201, paired.text
        device = {"Authorization": f"Bearer {paired.json()['token']}"}
        session = await _post(
            two_workers, "/api/v1/coordinator/sessions", {"pin": "246810"}, device
        )
        assert session.status_code == 201, session.text
        coordinator = {**device, "X-Coordinator-Token": session.json()["token"]}

        with serve(database_url, tmp_path, workers=1) as other_server:
            # The session signed by a worker of the first server opens the day on the second.
            opened = await _post(other_server, "/api/v1/services", {"id": client_id()}, coordinator)
            assert opened.status_code == 201, opened.text
            path = f"/api/v1/services/{opened.json()['id']}/contributions"
            bodies = [
                {"id": client_id(), "amount_minor": 100 + n, "currency": "EUR", "method": "cash"}
                for n in range(24)
            ]
            firsts = await asyncio.gather(
                *[_post(two_workers, path, body, device) for body in bodies]
            )
            assert [answer.status_code for answer in firsts] == [201] * 24
            # The tablet retries some of them, reaching the other server or either worker.
            replays = await asyncio.gather(
                *[_post(other_server, path, body, device) for body in bodies[:8]],
                *[_post(two_workers, path, body, device) for body in bodies[8:16]],
            )
            assert [r.json() for r in replays] == [f.json() for f in firsts[:16]]
            assert await Contribution.count() == 24

        # The second server restarts: the tablet and the coordinator session still hold.
        with serve(database_url, tmp_path, workers=1) as restarted:
            summary = await _get(restarted, opened.json()["id"], coordinator)
            assert summary.status_code == 200, summary.text
            assert summary.json()["takings_minor"] == sum(b["amount_minor"] for b in bodies)

            await network.revoke_device(canteen, paired.json()["device_id"])
            refused = await asyncio.gather(
                *[_post(two_workers, path, bodies[0], device) for _ in range(6)],
                _post(restarted, path, bodies[0], device),
            )
            assert [answer.status_code for answer in refused] == [401] * 7


async def _get(base: str, service_id: int, headers: dict[str, str]) -> Any:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        return await http.get(f"/api/v1/services/{service_id}/summary", headers=headers)
