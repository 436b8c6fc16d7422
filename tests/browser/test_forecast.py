"""A coordinator checks the covers expected, types her own number for a service, and prints the
shopping list scaled to it; the cooks see the same numbers from the welcome screen."""

from __future__ import annotations

import re
from typing import Any

from canteen.clock import local_today
from canteen.demo.recipes import load_recipe_sheets
from canteen.network import services as network
from tests.canteen.forecast.conftest import add_history, weekly
from tests.factories import make_canteen

pytestmark = __import__("pytest").mark.browser


async def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def test_coordinator_plans_the_covers_and_prints_the_shopping_list(
    db: str, live_server: str, tablet_page: Any
) -> None:
    canteen = await make_canteen("lyon-croix-rousse", name="La Petite Cantine")
    weekday = local_today("Europe/Paris").weekday()
    await add_history(canteen, weekly(12, {(weekday + 1) % 7: 40, (weekday + 3) % 7: 24})())
    await load_recipe_sheets(None)
    code, _expires = await network.create_pairing_code(canteen)
    page = tablet_page
    await page.goto(f"{live_server}/kiosk/pair?lang=en")
    await page.fill("input[name=code]", code)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{live_server}/kiosk/")

    await page.click("a[href='/kiosk/forecast']")
    assert await page.locator("li.day").count() == 14
    assert await page.text_content("li.day >> nth=0 >> [data-covers]") == "40"
    assert await serious_violations(page) == []

    await page.goto(f"{live_server}/kiosk/coordinator")
    await page.fill("input[name=pin]", "246810")
    await page.click("button[type=submit]")
    await page.click("a[href='/kiosk/coordinator/forecast']")
    first = page.locator("tbody tr >> nth=0")
    assert (await first.locator("[data-expected]").text_content() or "").strip() == "40"
    await first.locator("input[name=covers]").fill("48")
    await first.locator("button[type=submit]").click()
    await page.wait_for_url(re.compile(r".*/kiosk/coordinator/forecast/?$"))
    assert await page.locator("tbody tr >> nth=0 >> input[name=covers]").input_value() == "48"
    assert await serious_violations(page) == []

    await page.click("tbody tr >> nth=0 >> a.secondary")
    assert await page.locator("input[name=covers]").input_value() == "48"
    await page.check("input[value=dhal-lentilles-corail]")
    await page.click("button.primary")
    assert "48" in (await page.text_content("h1") or "")
    lentils = await page.text_content("[data-quantity='Lentilles corail']") or ""
    assert lentils.replace(",", ".").startswith("4.8")
    assert await page.locator("[data-print]").is_visible()  # the print script ran
    assert await serious_violations(page) == []
    assert all(url.startswith(live_server) for url in page.requested_urls)
