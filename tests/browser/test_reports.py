"""Staff open the network dashboard, a coordinator their canteen's; both download a CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from admin.accounts.guards import SESSION_COOKIE
from canteen.accounts import services as accounts
from canteen.network import services as network
from tests.canteen.reports import data

pytestmark = pytest.mark.browser
SPRING = "from=2026-03-01&to=2026-04-30"


async def _images_load(page: Any) -> int:
    images = page.locator("figure img")
    count = await images.count()
    for index in range(count):
        image = images.nth(index)
        await image.scroll_into_view_if_needed()
        await page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=await image.element_handle()
        )
        assert await image.get_attribute("alt")
    return count


async def _download(page: Any, selector: str) -> str:
    async with page.expect_download() as info:
        await page.click(selector)
    download = await info.value
    return _read(await download.path()).decode("utf-8-sig")


def _read(path: Any) -> bytes:
    return Path(path).read_bytes()


async def test_staff_open_the_network_dashboard_and_download_a_csv(
    db: str, live_server: str, browser: Any
) -> None:
    await data.two_canteens()
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    staff = await accounts.create_account("staff@example.org", "a long pass phrase 42", "staff")
    token, _ = await accounts.start_session(staff, 12)
    await context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": live_server}])
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    await page.goto(f"{live_server}/admin/reports/network/?{SPRING}&lang=en")
    assert await page.text_content("h1") == "How the network is doing"
    assert await _images_load(page) >= 8  # money charts come once per currency
    text = await _download(page, "a[data-csv=covers-by-week]")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Week of", "Meal services", "Covers"]
    assert ["2026-03-02", "3", "16"] in rows
    assert all(url.startswith(live_server) for url in requested)
    await context.close()


async def test_a_coordinator_opens_their_dashboard_from_the_staff_page(
    db: str, live_server: str, browser: Any
) -> None:
    await data.two_canteens()
    context = await browser.new_context(viewport={"width": 1024, "height": 768})
    page = await context.new_page()
    lyon = await network.get_canteen_by_slug("lyon-croix-rousse")
    await accounts.create_account(
        "coord@example.org", "a long pass phrase 42", "coordinator", lyon["id"]
    )
    await page.goto(f"{live_server}/admin/login?lang=en")
    await page.fill("input[name=email]", "coord@example.org")
    await page.fill("input[name=password]", "a long pass phrase 42")
    await page.click("button[type=submit]")
    if await page.locator("text=Reports and annual impact report").count() == 0:
        await page.goto(f"{live_server}/admin/canteens/{lyon['id']}/")
    await page.click("text=Reports and annual impact report")
    assert "How Lyon Croix-Rousse is doing" in (await page.text_content("h1") or "")
    await page.fill("input[name=from]", "2026-03-01")
    await page.fill("input[name=to]", "2026-04-30")
    await page.click("text=Show this period")
    await page.wait_for_url("**from=2026-03-01**")
    assert await _images_load(page) >= 5
    assert await page.locator("td.hidden-figure").count() >= 2  # 2 "a little" and its complement
    text = await _download(page, "a[data-csv=welcome-survey]")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[0] == "Question" and header[-1] == "Note"
    assert any(row[-1] == "too few answers to show" for row in rows)
    async with page.expect_download() as info:
        await page.click("text=Annual impact report (PDF)")
    pdf = await info.value
    assert pdf.suggested_filename == "annual-report-2026-lyon-croix-rousse.pdf"
    assert _read(await pdf.path()).startswith(b"%PDF")
    await context.close()
