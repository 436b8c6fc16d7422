"""`canteen serve` keeps no access log unless asked: diners' requests leave no line behind.

The real command runs as a subprocess on a fresh SQLite database; its whole output is read
after the requests a tablet makes (pages, check-ins, contributions).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ("/health", "/kiosk/", "/api/v1/services/1/checkins", "/api/v1/services/1/contributions")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _request(url: str, post: bool) -> None:
    data = b'{"id": "x", "party_size": 2}' if post else None
    headers = {"content-type": "application/json"}
    # Refused (no tablet paired): the request was still served, and could have been logged.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=5)


def served_output(tmp_path: Path, *flags: str) -> str:
    """Everything `canteen serve` printed while a tablet made its requests."""
    port = _free_port()
    env = {
        **os.environ,
        "CANTEEN_DATABASE_URL": f"sqlite:///{tmp_path / 'canteen.sqlite'}",
        "CANTEEN_DATA_DIR": str(tmp_path),
        "CANTEEN_SECRET_KEY": "access-log-test-secret",
    }
    out = tmp_path / "serve.log"
    with out.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "canteen.cli", "serve", "--port", str(port), *flags],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/health", timeout=1):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail("canteen serve did not start:\n" + out.read_text())
                    time.sleep(0.2)
            for path in PATHS:
                _request(base + path, post=path.startswith("/api/"))
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return out.read_text()


def test_serve_logs_no_request_by_default(tmp_path: Path) -> None:
    output = served_output(tmp_path)
    assert "Tablée on" in output and "Uvicorn running" in output  # it did log its start
    assert "HTTP/1.1" not in output
    assert '"GET ' not in output and '"POST ' not in output
    assert "checkins" not in output and "contributions" not in output
    assert "/health" not in output


def test_serve_logs_requests_when_asked(tmp_path: Path) -> None:
    output = served_output(tmp_path, "--access-log")
    assert '"GET /kiosk/ HTTP/1.1"' in output
    assert '"POST /api/v1/services/1/contributions HTTP/1.1"' in output
