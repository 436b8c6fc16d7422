"""A cook keeps the soup for later at the tablet and prints its label; a phone that scans the
label's QR code (read back from the screen) opens the batch: what, when, allergens, use-by."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from canteen.clock import local_today
from canteen.demo.recipes import load_recipe_sheets
from canteen.network import services as network
from tests.browser.test_allergens import serious_violations
from tests.factories import make_canteen

pytestmark = __import__("pytest").mark.browser


def read_qr(png: bytes) -> str:
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1, "one QR code on the label"
    return str(found[0].text)


async def test_a_batch_labels_qr_code_opens_the_batch_on_a_phone(
    db: str, live_server: str, tablet_page: Any, browser: Any
) -> None:
    canteen = await make_canteen("lyon-croix-rousse", name="La Petite Cantine")
    await load_recipe_sheets(None)
    code, _expires = await network.create_pairing_code(canteen)
    page = tablet_page
    await page.goto(f"{live_server}/kiosk/pair?lang=fr")
    await page.fill("input[name=code]", code)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{live_server}/kiosk/")

    await page.goto(f"{live_server}/kiosk/batches/new")
    await page.select_option("select[name=recipe]", "soupe-potiron")
    await page.click("label.tile:has(input[value=chilled])")
    await page.fill("input[name=portions]", "12")
    assert await serious_violations(page) == []
    await page.click("button[type=submit].primary")
    await page.wait_for_url(f"{live_server}/kiosk/batches/*/label")
    assert await page.locator("[data-print]").is_visible()
    assert await serious_violations(page) == []

    url = read_qr(await page.locator(".batch-label .qr svg").screenshot())
    assert url.startswith(f"{live_server}/batch/")
    phone = await browser.new_context(viewport={"width": 360, "height": 740})
    try:
        scanned = await phone.new_page()
        await scanned.goto(url + "?lang=fr")
        assert await scanned.text_content("h1") == "Soupe de potiron et pain"
        use_by = (local_today("Europe/Paris") + timedelta(days=3)).isoformat()
        assert await scanned.locator(f"[data-use-by='{use_by}']").is_visible()
        assert await scanned.get_by_text("Lait").is_visible()
        assert await scanned.locator("[data-left='12']").is_visible()
        assert await scanned.locator("form[action*='/move']").count() == 0  # read only
        assert await serious_violations(scanned) == []
    finally:
        await phone.close()
    assert all(u.startswith(live_server) for u in page.requested_urls)
