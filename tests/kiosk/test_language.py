"""Whose language the tablet speaks: the party's, from its tap to its survey; the coordinator's
in coordinator mode; never one that a cache, another tab or the coordinator wrote."""

from __future__ import annotations

import re
from typing import Any

from canteen.meals.tables import Contribution
from kiosk.offline import FLOW_PAGES
from tests.factories import make_canteen, open_today
from tests.kiosk.test_pages import pair, post_form

HTML_LANG = re.compile(r'<html lang="(\w+)"')


def shown_in(page: Any) -> str:
    found = HTML_LANG.search(page.text)
    assert found, page.text[:300]
    return found.group(1)


async def test_what_the_service_worker_fetches_changes_no_ones_language(client: Any) -> None:
    canteen = await make_canteen(languages="fr,nl")
    await open_today(canteen)
    device = await pair(client, canteen)
    await client.get("/kiosk/", headers=device)  # the tablet's first load: its CSRF cookie
    start = await client.get("/kiosk/start?lang=en", headers=device)  # the party taps English
    assert "tablee_party_lang=en" in start.headers["set-cookie"]
    # Meanwhile the worker fetches every page in every language, with the tablet's cookies.
    for code in ("fr", "en", "es", "nl", "ar"):
        for path in (*FLOW_PAGES, "/kiosk/offline.json"):
            joiner = "&" if "?" in path else "?"
            response = await client.get(f"{path}{joiner}lang={code}", headers=device)
            assert response.status_code == 200, (path, response.status_code)
            assert "set-cookie" not in response.headers, (path, code)
            assert response.headers["content-language"] == ("fr" if path == "/kiosk/" else code), (
                path
            )
    for path in ("/kiosk/checkin", "/kiosk/pay", "/kiosk/thanks?given=1", "/kiosk/survey"):
        page = await client.get(path, headers=device)
        assert shown_in(page) == "en", path
        assert page.headers["content-language"] == "en"


async def test_the_party_keeps_its_language_whatever_else_writes_one(client: Any) -> None:
    canteen = await make_canteen(languages="fr,ar")
    await open_today(canteen)
    device = await pair(client, canteen)
    await client.get("/kiosk/start?lang=ar", headers=device)
    client.cookies.set("lang", "nl")  # a public volunteer page opened in another tab
    await post_form(client, "/kiosk/coordinator/language", device, {"lang": "es"})
    checkin = await client.get("/kiosk/checkin", headers=device)
    assert '<html lang="ar" dir="rtl">' in checkin.text
    assert "كم عددكم؟" in checkin.text
    # The next party: greeted in the canteen's languages, and its own tap decides.
    welcome = await client.get("/kiosk/", headers=device)
    assert shown_in(welcome) == "fr"
    assert "set-cookie" not in welcome.headers
    await client.get("/kiosk/start?lang=en", headers=device)
    assert shown_in(await client.get("/kiosk/pay", headers=device)) == "en"
    # A tap on no language in particular: the canteen's first, not the last party's.
    await client.get("/kiosk/start", headers=device)
    assert shown_in(await client.get("/kiosk/pay", headers=device)) == "fr"


async def test_the_welcome_screen_greets_in_each_of_the_canteens_languages(client: Any) -> None:
    canteen = await make_canteen(languages="nl,ar")
    await open_today(canteen, menu="Stamppot")
    device = await pair(client, canteen)
    welcome = (await client.get("/kiosk/", headers=device)).text
    assert "Welkom" in welcome and "أهلاً وسهلاً" in welcome
    assert "Menu van vandaag" in welcome and "قائمة اليوم" in welcome
    cook = re.findall(r'href="/kiosk/start\?lang=(\w+)&amp;to=cook"', welcome)
    assert cook == ["nl", "ar"]
    volunteer = await client.get("/kiosk/start?lang=ar&to=cook", headers=device)
    assert volunteer.headers["location"] == "/kiosk/cook"
    assert shown_in(await client.get("/kiosk/cook", headers=device)) == "ar"


async def test_coordinator_mode_has_its_own_language_for_its_session(client: Any) -> None:
    canteen = await make_canteen(languages="fr,ar")
    await open_today(canteen)
    device = await pair(client, canteen)
    await client.get("/kiosk/start?lang=ar", headers=device)  # a diner's choice
    pin = await client.get("/kiosk/coordinator", headers=device)
    assert shown_in(pin) == "fr"  # the canteen's first language, not the diner's
    chosen = await post_form(client, "/kiosk/coordinator/language", device, {"lang": "en"})
    assert chosen.status_code in (302, 303)
    assert shown_in(await client.get("/kiosk/coordinator", headers=device)) == "en"
    entered = await post_form(client, "/kiosk/coordinator", device, {"pin": "246810"})
    assert entered.status_code in (302, 303), entered.text
    service = await client.get("/kiosk/coordinator/service", headers=device)
    assert shown_in(service) == "en"
    assert "Leave coordinator mode" in service.text
    # The diners' pages keep the diner's language meanwhile.
    assert shown_in(await client.get("/kiosk/pay", headers=device)) == "ar"
    # Leaving coordinator mode forgets the coordinator's choice.
    await post_form(client, "/kiosk/coordinator/logout", device, {})
    assert shown_in(await client.get("/kiosk/coordinator", headers=device)) == "fr"


async def test_back_then_give_again_records_one_contribution(client: Any) -> None:
    canteen = await make_canteen(languages="en")
    await open_today(canteen)
    device = await pair(client, canteen)
    await client.get("/kiosk/start?lang=en", headers=device)
    first = await client.get("/kiosk/pay", headers=device)
    again = await client.get("/kiosk/pay", headers=device)  # Back: the form shown once more
    form_id = re.search(r'name="id" value="([^"]+)"', first.text)
    assert form_id and f'value="{form_id.group(1)}"' in again.text
    body = {"id": form_id.group(1), "amount_custom": "3", "method": "card", "choice": "give"}
    paid = await post_form(client, "/kiosk/pay", device, body)
    assert paid.headers["location"] == "/kiosk/thanks?given=1"
    for amount in ("3", "5"):  # Give again, the same or another amount
        twice = await post_form(client, "/kiosk/pay", device, {**body, "amount_custom": amount})
        assert twice.headers["location"] == "/kiosk/thanks?given=1&again=1"
    shown = await client.get(twice.headers["location"], headers=device)
    assert "Already recorded: nothing was counted twice." in shown.text
    assert await Contribution.count() == 1
    # The next party's form is a new one.
    await client.get("/kiosk/start?lang=en", headers=device)
    nxt = await client.get("/kiosk/pay", headers=device)
    assert f'value="{form_id.group(1)}"' not in nxt.text
