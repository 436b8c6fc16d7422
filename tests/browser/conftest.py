"""Browser tests: the real service in a subprocess, driven by Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("CANTEEN_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The real app under uvicorn on a free port, on this test's database; yields its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "CANTEEN_DATABASE_URL": database_url,
        "CANTEEN_DATA_DIR": str(tmp_path / "data"),
        "CANTEEN_SECRET_KEY": "browser-test-secret",
    }
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "canteen.server:app_from_environment",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).parents[2],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # up to two minutes: a loaded machine starts slowly
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError((tmp_path / "server.log").read_text())
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    """Headless Debian Chromium (never a downloaded browser)."""
    if not shutil.which(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def tablet_page(browser: Any) -> AsyncIterator[Any]:
    """A landscape tablet-sized page that records every request it makes."""
    context = await browser.new_context(viewport={"width": 1024, "height": 768})
    page = await context.new_page()
    page.requested_urls = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requested_urls.append(request.url))
    try:
        yield page
    finally:
        await context.close()
