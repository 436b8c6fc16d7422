"""The tablet's HTML pages as a diner and a coordinator meet them (no JavaScript involved)."""

from __future__ import annotations

import html
import re
import time
from datetime import date
from typing import Any

import pytest
from babel.dates import format_date
from itsdangerous.timed import TimestampSigner

from canteen import security
from canteen.meals import contributions
from canteen.meals.tables import Contribution, MealService
from canteen.network import services as network
from tests.factories import client_id, make_canteen, open_today

REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+);url=/kiosk/">')


async def pair(client: Any, canteen_id: int) -> dict[str, str]:
    code, _ = await network.create_pairing_code(canteen_id)
    response = await client.post("/api/v1/devices/pair", json={"id": client_id(), "code": code})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def post_form(client: Any, url: str, headers: dict[str, str], data: dict[str, str]) -> Any:
    """A form sent as the browser sends it, with the CSRF token of the page it came from."""
    await client.get("/kiosk/pair", headers=headers)
    token = client.cookies.get("tablee_csrf")
    return await client.post(url, data=data, headers={**headers, "x-csrftoken": token})


def tiles(html: str, name: str) -> list[tuple[str, str]]:
    """(value, visible text) of each big tile holding a radio button called name."""
    found = re.findall(
        rf'<input type="radio" name="{name}" value="([^"]+)"[^>]*>(?:<svg.*?</svg>)?'
        r"<span[^>]*>([^<]*)</span>",
        html,
    )
    return [(value, " ".join(text.split())) for value, text in found]


@pytest.fixture
async def lyon(db: str) -> int:
    return await make_canteen(languages="fr,en,ar")


async def test_the_welcome_screen_speaks_the_canteens_language_not_the_last_diners(
    client: Any,
) -> None:
    canteen = await make_canteen("bruxelles-molenbeek", languages="nl,fr,ar")
    await open_today(canteen)
    device = await pair(client, canteen)
    # The previous diner chose Arabic.
    page = await client.get("/kiosk/", headers={**device, "Cookie": "tablee_party_lang=ar"})
    assert page.status_code == 200
    assert '<html lang="nl" dir="ltr">' in page.text
    assert "Welkom" in page.text
    assert "أهلاً وسهلاً" in page.text and "Bienvenue" in page.text  # each of its languages
    offered = re.findall(r'hreflang="(\w+)"', page.text)
    assert offered == ["nl", "fr", "ar", "en", "es"]  # the canteen's own languages first
    # A diner picks a language: the next screens speak it.
    start = await client.get("/kiosk/start?lang=ar", headers=device)
    assert start.status_code in (302, 303)
    checkin = await client.get("/kiosk/checkin", headers=device)
    assert '<html lang="ar" dir="rtl">' in checkin.text
    assert "كم عددكم؟" in checkin.text


async def test_the_welcome_screen_looks_again_for_the_meal_until_it_opens(
    client: Any, lyon: int
) -> None:
    device = await pair(client, lyon)
    waiting = await client.get("/kiosk/", headers=device)
    assert REFRESH.search(waiting.text)
    assert "hreflang" not in waiting.text
    await open_today(lyon)
    open_page = await client.get("/kiosk/", headers=device)
    assert not REFRESH.search(open_page.text)
    assert open_page.text.count("hreflang=") == 5


@pytest.mark.parametrize(
    ("path", "most_seconds"),
    [
        ("/kiosk/checkin", 120),
        ("/kiosk/pay", 120),
        ("/kiosk/thanks", 30),
        ("/kiosk/survey", 120),
        ("/kiosk/coordinator", 120),
    ],
)
async def test_a_screen_left_alone_goes_back_to_the_welcome_screen(
    client: Any, lyon: int, path: str, most_seconds: int
) -> None:
    await open_today(lyon)
    device = await pair(client, lyon)
    page = await client.get(path, headers=device)
    assert page.status_code == 200
    refresh = REFRESH.search(page.text)
    assert refresh and 5 <= int(refresh.group(1)) <= most_seconds


QUICK_AMOUNTS = [
    # currency, groceries, covers expected, the tiles' values (minor units) and words
    ("EUR", 11200, 40, ["100", "200", "300", "500"], ["1 €", "2 €", "3 €", "5 €"]),
    ("CAD", 16800, 40, ["200", "300", "500", "1000"], ["2 $CA", "3 $CA", "5 $CA", "10 $CA"]),
    (
        "XOF",
        14000,
        40,
        ["200", "300", "500", "1000"],
        ["200 F CFA", "300 F CFA", "500 F CFA", "1 000 F CFA"],
    ),
    ("PEN", 14000, 40, ["200", "300", "500", "1000"], ["2 PEN", "3 PEN", "5 PEN", "10 PEN"]),
]


@pytest.mark.parametrize(("currency", "groceries", "covers", "values", "words"), QUICK_AMOUNTS)
async def test_quick_amounts_are_coins_and_notes_around_the_cost_of_a_portion(
    client: Any,
    db: str,
    currency: str,
    groceries: int,
    covers: int,
    values: list[str],
    words: list[str],
) -> None:
    canteen = await make_canteen(
        f"canteen-{currency.lower()}", currency=currency, max_contribution_minor=500_000
    )
    service_id = await open_today(canteen, groceries_minor=groceries, covers_expected=covers)
    device = await pair(client, canteen)
    page = await client.get("/kiosk/pay", headers={**device, "Accept-Language": "fr"})
    shown = tiles(page.text, "amount")
    assert [value for value, _ in shown] == values
    assert [" ".join(text.replace("\u202f", " ").split()) for _, text in shown] == words
    # Touching a tile gives exactly that amount, in the canteen's currency.
    given = await post_form(
        client,
        "/kiosk/pay",
        {**device, "Accept-Language": "fr"},
        {"id": client_id(), "amount": values[2], "method": "cash", "choice": "give"},
    )
    assert given.status_code in (302, 303)
    rows = await Contribution.select().where(Contribution.service == service_id)
    assert [(r["amount_minor"], r["currency"]) for r in rows] == [(int(values[2]), currency)]


async def test_francs_cfa_have_no_cents(client: Any, db: str) -> None:
    canteen = await make_canteen("bamako", currency="XOF", max_contribution_minor=10_000)
    service_id = await open_today(canteen, groceries_minor=14000)
    device = await pair(client, canteen)
    headers = {**device, "Accept-Language": "fr"}
    refused = await post_form(
        client,
        "/kiosk/pay",
        headers,
        {"id": client_id(), "amount_custom": "250,50", "method": "cash", "choice": "give"},
    )
    assert refused.status_code == 422
    assert "Ce montant n'est pas valide." in html.unescape(refused.text)
    assert await Contribution.count().where(Contribution.service == service_id) == 0
    given = await post_form(
        client,
        "/kiosk/pay",
        headers,
        {"id": client_id(), "amount_custom": "1 500", "method": "cash", "choice": "give"},
    )
    assert given.status_code in (302, 303)
    row = await Contribution.select().where(Contribution.service == service_id).first()
    assert (row["amount_minor"], row["currency"]) == (1500, "XOF")


async def test_a_meal_paid_forward_waits_for_a_stranger_who_can_use_it(
    client: Any, lyon: int
) -> None:
    await open_today(lyon)
    device = await pair(client, lyon)
    headers = device
    await client.get("/kiosk/start?lang=en", headers=device)
    before = await client.get("/kiosk/pay", headers=headers)
    assert 'value="credit"' not in before.text
    await post_form(
        client,
        "/kiosk/pay",
        headers,
        {
            "id": client_id(),
            "amount": "500",
            "method": "card",
            "pay_forward": "1",
            "choice": "give",
        },
    )
    offered = await client.get("/kiosk/pay", headers=headers)
    assert "Use a meal paid forward (1 waiting)" in offered.text
    used = await post_form(
        client, "/kiosk/pay", headers, {"id": client_id(), "choice": "credit", "amount": ""}
    )
    assert used.status_code in (302, 303)
    after = await client.get("/kiosk/pay", headers=headers)
    assert 'value="credit"' not in after.text
    assert await contributions.credits_available(lyon) == 0


def _coordinator_token(secret: str, device: Any, canteen: int, age_seconds: int) -> str:
    """The token the PIN gives, as if it had been typed age_seconds ago."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - age_seconds)
        value = {"d": device.id, "c": canteen}
        return str(security.signer(secret, "coordinator").dumps(value))


async def test_coordinator_mode_ends_by_itself(client: Any, lyon: int, settings: Any) -> None:
    await open_today(lyon)
    device = await pair(client, lyon)
    (row,) = await network.list_devices(lyon)
    session = settings.coordinator_session_minutes * 60
    fresh = _coordinator_token(settings.secret_key, row, lyon, 60)
    page = await client.get(
        "/kiosk/coordinator/service", headers={**device, "X-Coordinator-Token": fresh}
    )
    assert page.status_code == 200
    refresh = REFRESH.search(page.text)
    # The screen hands itself back to the diners when the session runs out, not later.
    assert refresh and session - 70 <= int(refresh.group(1)) <= session - 58
    stale = _coordinator_token(settings.secret_key, row, lyon, session + 1)
    expired = await client.get(
        "/kiosk/coordinator/service", headers={**device, "X-Coordinator-Token": stale}
    )
    assert expired.status_code in (302, 303)
    assert expired.headers["location"] == "/kiosk/coordinator"


async def test_the_groceries_cost_saves_back_as_shown(client: Any, lyon: int) -> None:
    service_id = await open_today(lyon, groceries_minor=11250)
    device = await pair(client, lyon)
    code_device = await client.post(
        "/api/v1/coordinator/sessions", json={"pin": "246810"}, headers=device
    )
    headers = {**device, "X-Coordinator-Token": code_device.json()["token"]}
    for language, shown in (("fr", "112,50"), ("en", "112.50"), ("ar", "112.50")):
        await post_form(client, "/kiosk/coordinator/language", headers, {"lang": language})
        page = await client.get("/kiosk/coordinator/service", headers=headers)
        assert f'name="groceries" inputmode="decimal" value="{shown}"' in page.text
        saved = await post_form(
            client, "/kiosk/coordinator/groceries", headers, {"groceries": shown}
        )
        assert saved.status_code in (302, 303), saved.text
        service = await MealService.select().where(MealService.id == service_id).first()
        assert service["groceries_minor"] == 11250


async def test_the_summary_shows_the_day_in_words(client: Any, lyon: int) -> None:
    service_id = await open_today(lyon)
    device = await pair(client, lyon)
    session = await client.post(
        "/api/v1/coordinator/sessions", json={"pin": "246810"}, headers=device
    )
    headers = {**device, "X-Coordinator-Token": session.json()["token"], "Accept-Language": "fr"}
    service = await MealService.select().where(MealService.id == service_id).first()
    page = await client.get(f"/kiosk/coordinator/summary/{service_id}", headers=headers)
    day: date = service["date"]
    visible = re.sub(r"<[^>]+>", " ", page.text.split("<main", 1)[1])  # what a reader sees
    assert format_date(day, format="full", locale="fr") in visible
    assert day.isoformat() not in visible


async def test_static_files_are_kept_a_year_under_versioned_urls(client: Any, lyon: int) -> None:
    await open_today(lyon)
    device = await pair(client, lyon)
    page = await client.get("/kiosk/checkin", headers=device)
    urls = re.findall(r'(?:href)="(/static/kiosk/[^"#]+)', page.text)
    assert {url.split("?")[0] for url in urls} >= {
        "/static/kiosk/kiosk.css",
        "/static/kiosk/icons.svg",
        "/static/kiosk/favicon.svg",
    }
    assert all(re.search(r"\?v=[\w.]+-[0-9a-f]{10}$", url) for url in urls), urls
    for url in set(urls):
        response = await client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        cache = response.headers["cache-control"]
        assert "max-age=31536000" in cache and "immutable" in cache
        assert "set-cookie" not in response.headers
