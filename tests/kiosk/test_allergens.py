"""What's on the plate at the tablet: the coordinator puts recipe sheets on today's menu and
corrects a dish; diners see pictograms named in their language, on the welcome screen, their
own view (right to left in Arabic) and the printable poster."""

from __future__ import annotations

import re
from typing import Any

import pytest

from canteen.demo.recipes import load_recipe_sheets
from canteen.recipes.tables import MenuDish
from tests.factories import make_canteen
from tests.kiosk.forecast.test_pages import csrf
from tests.kiosk.test_api import coordinator, open_service, pair


@pytest.fixture
async def tablet(client: Any) -> dict[str, Any]:
    canteen = await make_canteen(languages="fr,ar")
    await load_recipe_sheets(None)
    device = await pair(client, canteen)
    coord = await coordinator(client, device)
    await open_service(client, coord)
    return {"device": device, "coord": coord}


async def choose(client: Any, tablet: dict[str, Any], *slugs: str) -> Any:
    page = await client.get("/kiosk/coordinator/menu/?lang=en", headers=tablet["coord"])
    data = {"_csrf_token": csrf(page.text), **{f"recipe_{slug}": "1" for slug in slugs}}
    return await client.post("/kiosk/coordinator/menu/?lang=en", headers=tablet["coord"], data=data)


def pictograms(html: str) -> list[str]:
    """The names a diner reads (and hears) under the pictograms, in page order."""
    return re.findall(r'class="pictogram" data-say="([^"]+)"', html)


def dish_id(html: str, title: str) -> int:
    found = re.search(
        r'action="/kiosk/coordinator/menu/(\d+)"[^>]*>\s*<input[^>]*>\s*<h2[^>]*>' + title, html
    )
    assert found, f"a form to correct {title}"
    return int(found.group(1))


async def test_the_welcome_screen_shows_todays_dishes_with_their_allergens(
    client: Any, tablet: dict[str, Any]
) -> None:
    welcome = await client.get("/kiosk/", headers=tablet["device"])
    assert "allergen-strip" not in welcome.text  # no dish chosen yet: nothing claimed
    chosen = await choose(client, tablet, "soupe-potiron", "crumble-pommes")
    assert chosen.status_code in (302, 303), chosen.text
    welcome = await client.get("/kiosk/", headers=tablet["device"])
    assert "Soupe de potiron et pain" in welcome.text and "Crumble aux pommes" in welcome.text
    names = pictograms(welcome.text)  # the canteen's first language: French
    assert "Lait" in names and "Gluten" in names and "Céleri" in names and "Végétarien" in names
    assert "allergens.svg" in welcome.text and 'href="/kiosk/menu?lang=ar"' in welcome.text


async def test_a_diner_reads_the_allergens_in_arabic_right_to_left(
    client: Any, tablet: dict[str, Any]
) -> None:
    await choose(client, tablet, "soupe-potiron")
    page = await client.get("/kiosk/menu?lang=ar", headers=tablet["device"])
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    names = pictograms(page.text)
    assert "حليب" in names and "كرفس" in names and "نباتي" in names
    # The soup's bread may hold sesame: named under "may contain", apart from what it contains.
    contains, _, traces = page.text.partition("قد يحتوي على")
    assert "سمسم" in traces and "سمسم" not in pictograms(contains)
    english = await client.get("/kiosk/menu?lang=en", headers=tablet["device"])
    assert {"Milk", "Gluten", "Celery", "Vegetarian", "No pork"} <= set(pictograms(english.text))


async def test_a_coordinators_correction_reaches_the_diners_and_is_kept(
    client: Any, tablet: dict[str, Any]
) -> None:
    await choose(client, tablet, "soupe-potiron")
    page = await client.get("/kiosk/coordinator/menu/?lang=en", headers=tablet["coord"])
    soup = dish_id(page.text, "Soupe de potiron")
    # Today's soup is made without cream or butter: milk off, and it is vegan.
    levels = {"a_gluten": "contains", "a_celery": "contains", "a_sesame": "traces"}
    saved = await client.post(
        f"/kiosk/coordinator/menu/{soup}?lang=en",
        headers=tablet["coord"],
        data={"_csrf_token": csrf(page.text), **levels, "a_milk": "absent", "d_vegan": "1"},
    )
    assert saved.status_code in (302, 303), saved.text
    # Another dish joins the menu: the soup keeps its correction.
    await choose(client, tablet, "soupe-potiron", "crumble-pommes")
    view = await client.get("/kiosk/menu?lang=en", headers=tablet["device"])
    soup_card = view.text.split("Soupe de potiron", 1)[1].split("Crumble aux pommes", 1)[0]
    assert "Milk" not in pictograms(soup_card) and "Vegan" in pictograms(soup_card)
    assert "Milk" in pictograms(view.text.split("Crumble aux pommes", 1)[1])
    page = await client.get("/kiosk/coordinator/menu/?lang=en", headers=tablet["coord"])
    assert "(corrected)" in page.text


async def test_a_false_vegan_mark_is_refused_in_the_users_language_and_changes_nothing(
    client: Any, tablet: dict[str, Any]
) -> None:
    await choose(client, tablet, "soupe-potiron")
    page = await client.get("/kiosk/coordinator/menu/?lang=fr", headers=tablet["coord"])
    soup = dish_id(page.text, "Soupe de potiron")
    before = await MenuDish.select(MenuDish.corrections, MenuDish.diets)
    refused = await client.post(
        f"/kiosk/coordinator/menu/{soup}?lang=fr",
        headers=tablet["coord"],
        data={"_csrf_token": csrf(page.text), "a_milk": "contains", "d_vegan": "1"},
    )
    assert refused.status_code == 422
    assert "Un plat végétalien ne peut pas contenir" in refused.text
    unknown = await client.post(
        f"/kiosk/coordinator/menu/{soup}?lang=en",
        headers=tablet["coord"],
        data={"_csrf_token": csrf(page.text), "a_pork": "contains"},
    )
    assert unknown.status_code == 422 and "is not one of the 14 allergens" in unknown.text
    missing = await client.post(
        f"/kiosk/coordinator/menu/{soup + 999}?lang=en",
        headers=tablet["coord"],
        data={"_csrf_token": csrf(page.text)},
    )
    assert missing.status_code == 404 and "This dish is not on today" in missing.text
    assert await MenuDish.select(MenuDish.corrections, MenuDish.diets) == before


async def test_only_the_coordinator_changes_the_menu(client: Any, tablet: dict[str, Any]) -> None:
    refused = await client.get("/kiosk/coordinator/menu/", headers=tablet["device"])
    assert refused.status_code in (302, 303) and refused.headers["location"] == "/kiosk/coordinator"
    assert (await client.get("/kiosk/menu")).status_code in (302, 303, 401, 403)


async def test_the_poster_prints_each_dish_and_the_fourteen_allergens(
    client: Any, tablet: dict[str, Any]
) -> None:
    await choose(client, tablet, "dhal-lentilles-corail")
    poster = await client.get("/kiosk/menu/poster?lang=en", headers=tablet["device"])
    assert poster.status_code == 200 and "data-print" in poster.text
    assert "Dhal de lentilles corail" in poster.text
    assert "None of the 14 major allergens" in poster.text  # the dhal contains none
    assert {"Mustard", "Celery", "Vegan", "Halal"} <= set(pictograms(poster.text))
    assert len(re.findall(r'#a-[a-z]+"></use></svg><span>', poster.text)) == 14
