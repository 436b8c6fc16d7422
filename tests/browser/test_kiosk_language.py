"""A party's language, from the first second of a fresh tablet: the service worker installing
and fetching every page in every language never turns the diner's pages back to French.

Real Chromium, a fresh profile each round; the diner taps a language as soon as the welcome
screen shows, while the worker warms its cache, and walks to the end of the survey.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from canteen.meals.tables import Contribution
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import IN_CI
from tests.factories import make_canteen, open_today
from tests.offline.conftest import device_token

pytestmark = pytest.mark.browser

ROUNDS = 4  # the race showed in about half of fresh runs: four rounds in each language


@pytest.fixture
async def playwright() -> AsyncIterator[Any]:
    if not shutil.which(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as running:
        yield running


async def fresh_tablet(playwright: Any, profile: Path, base: str, token: str) -> Any:
    context = await playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport={"width": 1024, "height": 768},
        locale="fr-FR",
    )
    cookie = {"name": "tablee_device", "value": token, "url": base}
    await context.add_cookies([{**cookie, "expires": time.time() + 3600}])
    context.set_default_timeout(20_000)
    return context


async def lang_of(page: Any) -> str:
    return str(await page.get_attribute("html", "lang"))


async def test_a_diners_language_holds_while_the_worker_installs(
    playwright: Any, live_server: str, tmp_path: Path, db: str
) -> None:
    canteen = await make_canteen(languages="fr,nl")
    await open_today(canteen)
    token = await device_token(canteen)
    base = live_server
    for round_ in range(ROUNDS):
        for language in ("en", "ar"):
            context = await fresh_tablet(playwright, tmp_path / f"{round_}-{language}", base, token)
            page = context.pages[0] if context.pages else await context.new_page()
            await page.goto(f"{base}/kiosk/", wait_until="domcontentloaded")
            await page.click(f"a[hreflang={language}]")  # at once: the worker is installing
            await page.wait_for_url(f"{base}/kiosk/checkin", wait_until="domcontentloaded")
            assert await lang_of(page) == language
            await page.click("label.tile:has(input[name=party][value='2'])")
            await page.click("main button[type=submit]")
            await page.wait_for_url(f"{base}/kiosk/pay", wait_until="domcontentloaded")
            assert await lang_of(page) == language, (round_, "pay")
            await page.fill("input[name=amount_custom]", "3")
            await page.click("label:has(input[name=method][value=card])")
            await page.click("button[name=choice][value=give]")
            await page.wait_for_url(f"{base}/kiosk/thanks*", wait_until="domcontentloaded")
            assert await lang_of(page) == language, (round_, "thanks")
            await page.click("main a[href='/kiosk/survey']")
            await page.wait_for_url(f"{base}/kiosk/survey", wait_until="domcontentloaded")
            assert await lang_of(page) == language, (round_, "survey")
            await page.click("label:has(input[name^=q_][value='4'])")
            await page.click("main button[type=submit]")
            await page.wait_for_url(f"{base}/kiosk/thanks?done=1", wait_until="domcontentloaded")
            assert await lang_of(page) == language, (round_, "thanks after the survey")
            await context.close()
    assert await Contribution.count() == 2 * ROUNDS
