"""The kiosk is light: a cheap old tablet on a hall's wifi loads it in one small gulp, from
the canteen's own server only, and the plain forms work with JavaScript switched off."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from canteen.meals.tables import CheckIn, Contribution
from tests.browser.kiosk_steps import pair
from tests.factories import make_canteen, open_today

pytestmark = pytest.mark.browser

FIRST_LOAD_BUDGET = 60 * 1024
on_sqlite = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def _paired_cookies(browser: Any, base: str, canteen_id: int) -> list[dict[str, Any]]:
    """Pair in a throw-away context and keep only the device's cookie (no cache, no rest)."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await pair(page, base, canteen_id)
        return [c for c in await context.cookies() if c["name"] == "tablee_device"]
    finally:
        await context.close()


async def transferred(context: Any, page: Any, url: str) -> dict[str, int]:
    """Bytes that came over the wire (compressed body and headers) per URL, to load url."""
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}

    def sent(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["request"]["url"]

    def finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    await page.goto(url, wait_until="load")
    await page.wait_for_load_state("networkidle")
    await cdp.detach()
    return {urlsplit(urls[r]).path: size for r, size in sizes.items() if r in urls}


@on_sqlite
async def test_the_first_load_of_the_kiosk_is_under_60_kb_from_the_server_alone(
    db: str, live_server: str, browser: Any
) -> None:
    canteen_id = await make_canteen(languages="fr,en,ar")
    await open_today(canteen_id)
    cookies = await _paired_cookies(browser, live_server, canteen_id)
    context = await browser.new_context(viewport={"width": 1024, "height": 768})
    await context.add_cookies(cookies)
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        first = await transferred(context, page, f"{live_server}/kiosk/")
        assert await page.locator("a[hreflang]").count() == 5  # the welcome screen, usable
        # The page, its stylesheet and its pictograms: all of it under the budget.
        assert {"/kiosk/", "/static/kiosk/kiosk.css", "/static/kiosk/icons.svg"} <= set(first)
        assert 0 < sum(first.values()) <= FIRST_LOAD_BUDGET, first
        # The next screen reuses what the tablet keeps: at most the page comes over the wire
        # (the service worker may answer it itself, and then nothing does).
        second = await transferred(context, page, f"{live_server}/kiosk/checkin")
        assert "/kiosk/checkin" in second
        assert {path for path, size in second.items() if size > 0} <= {"/kiosk/checkin"}
        base_host = urlsplit(live_server).netloc
        assert {urlsplit(url).netloc for url in requested} == {base_host}
    finally:
        await context.close()


@on_sqlite
async def test_a_diner_checks_in_and_pays_with_javascript_switched_off(
    db: str, live_server: str, browser: Any
) -> None:
    canteen_id = await make_canteen(languages="fr,en")
    service_id = await open_today(canteen_id)
    cookies = await _paired_cookies(browser, live_server, canteen_id)
    context = await browser.new_context(java_script_enabled=False)
    await context.add_cookies(cookies)
    page = await context.new_page()
    page.set_default_timeout(10_000)
    base = live_server
    try:
        await page.goto(f"{base}/kiosk/")
        await page.click("a[hreflang=en]")
        await page.click("label:has(input[name=party][value='3'])")
        await page.click("details.optional summary")
        await page.click("label:has(input[name=first_visit][value=yes])")
        await page.click("main button[type=submit]")
        await page.wait_for_url(f"{base}/kiosk/pay", wait_until="domcontentloaded")
        await page.fill("input[name=amount_custom]", "4.50")
        await page.click("label:has(input[name=method][value=card])")
        await page.click("button[name=choice][value=give]")
        await page.wait_for_url(f"{base}/kiosk/thanks*", wait_until="domcontentloaded")
        assert "Thank you" in await page.inner_text("h1")
    finally:
        await context.close()
    checkins = await CheckIn.select().where(CheckIn.service == service_id)
    contributions = await Contribution.select().where(Contribution.service == service_id)
    assert [(c["party_size"], c["first_visit"]) for c in checkins] == [(3, True)]
    assert [(c["amount_minor"], c["method"]) for c in contributions] == [(450, "card")]
