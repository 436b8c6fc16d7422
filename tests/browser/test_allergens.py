"""A diner who reads neither French nor Arabic script well finds what is on the plate: pictograms
named in their language (right to left in Arabic); a tap reads the name aloud with the tablet's
own voice, or shows it large when the tablet has no voice for that language."""

from __future__ import annotations

import re
from typing import Any

from canteen.demo.recipes import load_recipe_sheets
from canteen.network import services as network
from canteen.recipes import menu
from tests.browser.test_kiosk_access import AXE_OPTIONS
from tests.factories import make_canteen, open_today

pytestmark = __import__("pytest").mark.browser

# A tablet whose only voice is French: speaking is recorded instead of played.
FRENCH_VOICE_ONLY = """(() => {
  const voices = [{name: "Test French", lang: "fr-FR", voiceURI: "test-fr", localService: true}];
  window.__spoken = [];
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
    getVoices: () => voices,
    speak: (u) => { window.__spoken.push({text: u.text, lang: u.lang}); },
    cancel: () => {},
    addEventListener: () => {},
  }});
})();"""


async def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def test_a_diner_reads_and_hears_the_allergens_in_arabic_and_french(
    db: str, live_server: str, tablet_page: Any
) -> None:
    canteen = await make_canteen(
        "bruxelles-molenbeek", name="Cuisine de Quartier", languages="fr,ar"
    )
    await load_recipe_sheets(None)
    service = await open_today(canteen)
    await menu.choose_dishes(canteen, service, ["soupe-potiron", "dhal-lentilles-corail"])
    code, _expires = await network.create_pairing_code(canteen)
    page = tablet_page
    await page.context.add_init_script(FRENCH_VOICE_ONLY)
    await page.goto(f"{live_server}/kiosk/pair?lang=fr")
    await page.fill("input[name=code]", code)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{live_server}/kiosk/")

    # The welcome screen: each dish with its pictograms, and a way to the diner's language.
    strip = page.locator(".allergen-strip")
    assert await strip.locator("button.pictogram", has_text="Lait").is_visible()
    await strip.locator("a[hreflang=ar]").click()
    await page.wait_for_url(f"{live_server}/kiosk/menu?lang=ar")

    assert await page.get_attribute("html", "dir") == "rtl"
    soup = page.locator("article.dish", has_text="Soupe de potiron")
    milk = soup.locator("button.pictogram", has_text="حليب")
    assert await milk.is_visible()
    assert await soup.locator(".traces button.pictogram", has_text="سمسم").is_visible()
    assert await serious_violations(page) == []
    # No Arabic voice on this tablet: the name is shown large instead, and closes with a tap.
    await milk.click()
    big = page.locator("dialog#say-big")
    assert await big.is_visible()
    assert await big.locator(".say-big-name").text_content() == "حليب"
    assert await big.locator(".say-big-name").get_attribute("lang") == "ar"
    assert await serious_violations(page) == []
    await big.locator("button").click()
    assert not await big.is_visible()
    assert await page.evaluate("window.__spoken") == []

    # In French, the tablet's French voice reads the name; nothing large pops up.
    await page.click("a[hreflang=fr]")
    await page.wait_for_url(f"{live_server}/kiosk/menu?lang=fr")
    assert await page.get_attribute("html", "dir") == "ltr"
    dhal = page.locator("article.dish", has_text="Dhal de lentilles corail")
    assert await dhal.get_by_text("Aucun des 14 allergènes majeurs").is_visible()
    await dhal.locator("button.pictogram", has_text="Moutarde").click()
    assert await page.evaluate("window.__spoken") == [{"text": "Moutarde", "lang": "fr-FR"}]
    assert not await page.locator("dialog#say-big").is_visible()
    assert await serious_violations(page) == []
    assert all(url.startswith(live_server) for url in page.requested_urls)


async def test_the_coordinator_corrects_a_dish_and_the_diners_see_it(
    db: str, live_server: str, tablet_page: Any
) -> None:
    canteen = await make_canteen("lyon-croix-rousse", name="La Petite Cantine")
    await load_recipe_sheets(None)
    await open_today(canteen)
    code, _expires = await network.create_pairing_code(canteen)
    page = tablet_page
    await page.goto(f"{live_server}/kiosk/pair?lang=fr")
    await page.fill("input[name=code]", code)
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{live_server}/kiosk/")
    await page.goto(f"{live_server}/kiosk/coordinator")
    await page.fill("input[name=pin]", "246810")
    await page.click("button[type=submit]")
    await page.goto(f"{live_server}/kiosk/coordinator/menu/")
    await page.click("label.tile:has(input[name=recipe_soupe-potiron])")
    await page.click("button:has-text('Mettre ces plats au menu du jour')")
    await page.wait_for_url(re.compile(r".*/kiosk/coordinator/menu/?$"))
    dish = page.locator("form.dish-form")
    assert await serious_violations(page) == []
    # Made without cream or butter today.
    await dish.locator("fieldset.level:has-text('Lait') input[value=absent]").check()
    await dish.locator("button[type=submit]").click()
    await page.wait_for_url(re.compile(r".*/kiosk/coordinator/menu/?#dish-\d+$"))
    assert await page.locator("fieldset.level.corrected", has_text="Lait").count() == 1
    await page.goto(f"{live_server}/kiosk/menu?lang=fr")
    soup = page.locator("article.dish", has_text="Soupe de potiron")
    assert await soup.locator("button.pictogram", has_text="Gluten").is_visible()
    assert await soup.locator("button.pictogram", has_text="Lait").count() == 0
