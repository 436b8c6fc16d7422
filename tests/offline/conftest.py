"""Fixtures for the offline kiosk: the real server as a process that can be killed and restarted."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from canteen.network import services as network
from canteen.network.schemas import PairIn
from tests.factories import client_id

ROOT = Path(__file__).parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """uvicorn serving the real app on one port, on this test's database."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "server.log"
        self.env = {
            **os.environ,
            "CANTEEN_DATABASE_URL": database_url,
            "CANTEEN_DATA_DIR": str(data_dir),
            "CANTEEN_SECRET_KEY": "offline-test-secret",
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "canteen.server:app_from_environment",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        self.starts += 1
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.base}/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(self.log_path.read_text())

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing, whatever was in flight is cut."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def server_process(database_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    """The real server, started; the test may kill and restart it."""
    server = ServerProcess(database_url, tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def device_token(canteen_id: int) -> str:
    """A paired tablet's token, through the real pairing service."""
    code, _ = await network.create_pairing_code(canteen_id)
    _device_id, token, _canteen = await network.pair_device(PairIn(id=client_id(), code=code))
    return token
