"""A volunteer signs up on their phone from the public page and at the tablet ("I'm here to
cook"), then cancels from their private link: real Chromium, the real server."""

from __future__ import annotations

from typing import Any

import pytest

from canteen.network import services as network
from canteen.volunteers.tables import SignUp
from tests.canteen.volunteers.factories import make_shift, make_volunteer_canteen

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


async def phone_page(browser: Any) -> Any:
    context = await browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = await context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    return page


async def fits_the_screen(page: Any) -> bool:
    width = await page.evaluate("document.documentElement.scrollWidth")
    return bool(width <= PHONE["width"])


async def test_a_volunteer_signs_up_on_a_phone_and_cancels_with_one_tap(
    db: str, live_server: str, browser: Any
) -> None:
    canteen = await make_volunteer_canteen("lyon-vaise", name="La Petite Cantine de Vaise")
    # Three days ahead: cancelling is plain (within 48 hours it becomes a cover request).
    shift = await make_shift(canteen, days_ahead=3, places=6, starts="9:00", ends="12:00")
    page = await phone_page(browser)

    await page.goto(f"{live_server}/v/lyon-vaise/poster?lang=en")
    poster_url = await page.text_content(".poster .url")
    assert poster_url and poster_url.strip() == f"{live_server}/v/lyon-vaise"
    await page.goto(poster_url.strip())  # what scanning the QR code does
    assert await fits_the_screen(page)
    await page.tap(f"[data-shift-id='{shift}'] a")
    await page.fill("input[name=first_name]", "Amina")
    await page.fill("input[name=phone]", "06 12 34 56 78")
    await page.check("input[name=consent]")
    await page.tap("button[type=submit]")
    await page.wait_for_url(f"{live_server}/my/**")
    assert "You are signed up. Thank you!" in await page.text_content("main")
    assert await fits_the_screen(page)
    calendar = await page.get_attribute("a[href^='webcal://']", "href")
    assert calendar and calendar.endswith("/calendar.ics")

    await page.tap("text=Cancel my place")
    await page.wait_for_url("**cancelled=1")
    assert "Your place is cancelled." in await page.text_content("main")
    place = page.locator(".place-cancelled")
    assert await place.count() == 1
    assert await SignUp.count().where(SignUp.status == "cancelled") == 1
    assert all(url.startswith(live_server) for url in page.requested_urls)


async def test_a_volunteer_signs_up_at_the_tablet_and_cancels_from_their_phone(
    db: str, live_server: str, browser: Any, tablet_page: Any
) -> None:
    # A canteen whose tablet greets in English first (the welcome screen speaks the canteen's
    # first language to every newcomer).
    canteen = await make_volunteer_canteen("lyon-croix-rousse", languages="en,fr")
    later_today = await make_shift(canteen, days_ahead=0, places=4, starts="14:00", ends="16:00")
    code, _ = await network.create_pairing_code(canteen)
    tablet = tablet_page
    await tablet.goto(f"{live_server}/kiosk/pair?lang=en")
    await tablet.fill("input[name=code]", code)
    await tablet.click("button[type=submit]")
    await tablet.wait_for_url(f"{live_server}/kiosk/")

    await tablet.click("text=I'm here to cook")
    await tablet.click(f"[data-shift-id='{later_today}']")
    await tablet.fill("input[name=first_name]", "Bilal")
    await tablet.click("button[type=submit]")
    # Through the tablet's outbox, then the server's own answer with the private link.
    await tablet.get_by_text("Thank you, Bilal! Your place is booked.").wait_for()
    link = await tablet.get_attribute("[data-link]", "data-link")
    assert link and link.startswith(f"{live_server}/my/")
    assert all(url.startswith(live_server) for url in tablet.requested_urls)

    phone = await phone_page(browser)  # Bilal scans the code on the tablet
    await phone.goto(link + "?lang=en")
    assert "Hello Bilal!" in await phone.text_content("h1")
    # The shift is today: giving the place up says so, and others are offered it.
    await phone.tap("text=I can't come")
    await phone.wait_for_url("**cancelled=1")
    assert "Your place is cancelled." in await phone.text_content("main")
    await tablet.goto(f"{live_server}/kiosk/cook")
    assert "Places left: 4" in " ".join((await tablet.text_content("main") or "").split())
