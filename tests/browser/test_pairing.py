"""A coordinator pairs a tablet from the staff page; the tablet then shows its canteen."""

from __future__ import annotations

from typing import Any

from canteen.network import services as network
from tests.factories import make_canteen
from tests.staff_factories import PASSWORD, make_coordinator

pytestmark = __import__("pytest").mark.browser


async def test_a_tablet_is_paired_with_a_code_from_the_staff_page(
    db: str, live_server: str, tablet_page: Any, browser: Any
) -> None:
    canteen_id = await make_canteen(
        "lyon-croix-rousse", name="La Petite Cantine de la Croix-Rousse"
    )
    await make_coordinator(canteen_id, "coord@lyon.example")
    staff = await (await browser.new_context()).new_page()
    await staff.goto(f"{live_server}/admin/login")
    await staff.fill("input[name=email]", "coord@lyon.example")
    await staff.fill("input[name=password]", PASSWORD)
    await staff.click("main button[type=submit]")
    await staff.wait_for_url(f"{live_server}/admin/canteens/{canteen_id}/")
    await staff.click("text=Pair a new tablet")
    code = (await staff.text_content("[data-pairing-code]") or "").strip()
    assert len(code) == 9
    assert await staff.locator(".qr svg").count() == 1

    page = tablet_page
    await page.goto(f"{live_server}/kiosk/")
    assert page.url.endswith("/kiosk/pair")
    await page.fill("input[name=code]", code)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{live_server}/kiosk/")
    assert "La Petite Cantine de la Croix-Rousse" in await page.text_content(".brand")
    devices = await network.list_devices(
        (await network.get_canteen_by_slug("lyon-croix-rousse"))["id"]
    )
    assert len(devices) == 1 and not devices[0].revoked
    assert all(url.startswith(live_server) for url in page.requested_urls)
