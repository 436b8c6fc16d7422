"""Covers expected at the tablet: the cooks' page, the coordinator's page, the open-service form
prefilled with today's forecast, the shopping list, and the same through the JSON API."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from canteen.clock import local_today
from canteen.demo.recipes import load_recipe_sheets
from canteen.forecast.tables import CoversForecast
from tests.canteen.forecast.conftest import add_history, weekly
from tests.factories import make_canteen
from tests.kiosk.test_api import coordinator, pair


@pytest.fixture
async def kiosk(client: Any) -> dict[str, Any]:
    """A canteen serving today's weekday and two days later, with 12 weeks of history."""
    canteen = await make_canteen()
    today = local_today("Europe/Paris").weekday()
    await add_history(canteen, weekly(12, {today: 42, (today + 2) % 7: 18})())
    device = await pair(client, canteen)
    return {"canteen": canteen, "device": device, "coord": await coordinator(client, device)}


def csrf(page: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


async def test_cooks_see_the_covers_expected_from_the_welcome_screen(
    client: Any, kiosk: dict[str, Any]
) -> None:
    welcome = await client.get("/kiosk/", headers=kiosk["device"])
    assert 'href="/kiosk/forecast"' in welcome.text
    page = await client.get("/kiosk/forecast?lang=en", headers=kiosk["device"])
    assert page.status_code == 200
    assert "How many to cook for" in page.text
    assert re.search(r"data-covers>42<", page.text) and re.search(r"data-covers>18<", page.text)
    assert "<form" not in page.text.split("<main", 1)[1]  # read-only for the cooks


async def test_the_coordinator_page_needs_coordinator_mode(
    client: Any, kiosk: dict[str, Any]
) -> None:
    refused = await client.get("/kiosk/coordinator/forecast", headers=kiosk["device"])
    assert refused.status_code in (302, 303) and refused.headers["location"] == "/kiosk/coordinator"
    page = await client.get("/kiosk/coordinator/forecast?lang=en", headers=kiosk["coord"])
    assert page.status_code == 200 and "Covers expected" in page.text
    assert "/kiosk/coordinator/recipes/?covers=42" in page.text


async def test_an_override_typed_on_the_page_is_kept_and_prefills_the_opening(
    client: Any, kiosk: dict[str, Any]
) -> None:
    service = await client.get("/kiosk/coordinator/service?lang=en", headers=kiosk["coord"])
    assert 'name="covers_expected"' in service.text and 'value="42"' in service.text
    assert 'href="/kiosk/coordinator/forecast"' in service.text
    page = await client.get("/kiosk/coordinator/forecast", headers=kiosk["coord"])
    today = local_today("Europe/Paris").isoformat()
    saved = await client.post(
        "/kiosk/coordinator/forecast/override",
        headers=kiosk["coord"],
        data={"_csrf_token": csrf(page.text), "date": today, "covers": "55"},
    )
    assert saved.status_code in (302, 303), saved.text
    row = await CoversForecast.select().where(CoversForecast.date == date.fromisoformat(today))
    assert (row[0]["expected"], row[0]["override"]) == (42, 55)
    service = await client.get("/kiosk/coordinator/service", headers=kiosk["coord"])
    assert 'value="55"' in service.text
    bad = await client.post(
        "/kiosk/coordinator/forecast/override?lang=en",
        headers=kiosk["coord"],
        data={"_csrf_token": csrf(page.text), "date": today, "covers": "-4"},
    )
    assert bad.status_code == 422 and "between 0 and" in bad.text
    row = await CoversForecast.select().where(CoversForecast.date == date.fromisoformat(today))
    assert row[0]["override"] == 55


async def test_the_shopping_list_is_scaled_to_the_covers(
    client: Any, kiosk: dict[str, Any]
) -> None:
    await load_recipe_sheets(None)
    choose = await client.get("/kiosk/coordinator/recipes/?covers=32", headers=kiosk["coord"])
    assert choose.status_code == 200 and 'value="dhal-lentilles-corail"' in choose.text
    page = await client.get(
        "/kiosk/coordinator/recipes/shopping-list?covers=32&recipe=dhal-lentilles-corail"
        "&recipe=crumble-pommes&lang=fr",
        headers=kiosk["coord"],
    )
    assert page.status_code == 200
    assert "Liste de courses pour 32 couverts" in page.text
    assert re.search(r'data-quantity="Lentilles corail">3,2 kg<', page.text)
    assert re.search(r"data-figure=\"total\">91,73\s€<", page.text)  # (31,57 + 14,295) × 2
    assert re.search(r"data-figure=\"per_portion\">2,87\s€<", page.text)
    assert "print.js" in page.text and "2 grandes casseroles (10 litres)" in page.text
    wrong = await client.get(
        "/kiosk/coordinator/recipes/shopping-list?covers=0&recipe=dhal-lentilles-corail&lang=en",
        headers=kiosk["coord"],
    )
    assert wrong.status_code == 422 and "between 1 and" in wrong.text


async def test_the_api_gives_the_same_forecast(client: Any, kiosk: dict[str, Any]) -> None:
    outlook = (await client.get("/api/v1/forecast", headers=kiosk["device"])).json()
    assert outlook["basis"] == "history" and outlook["services"][0]["expected"] == 42
    day = outlook["services"][1]["date"]
    refused = await client.put(
        f"/api/v1/forecast/{day}/override", headers=kiosk["device"], json={"covers": 25}
    )
    assert refused.status_code == 401
    done = await client.put(
        f"/api/v1/forecast/{day}/override", headers=kiosk["coord"], json={"covers": 25}
    )
    assert done.status_code == 200 and done.json()["services"][1]["covers_expected"] == 25
    marked = await client.put(
        f"/api/v1/forecast/{day}/mark", headers=kiosk["coord"], json={"kind": "closed"}
    )
    assert all(s["date"] != day for s in marked.json()["services"])
    wrong = await client.put(
        f"/api/v1/forecast/{day}/mark", headers=kiosk["coord"], json={"kind": "party"}
    )
    assert wrong.status_code == 400


async def test_the_api_gives_the_shopping_list_and_documents_it(
    client: Any, kiosk: dict[str, Any]
) -> None:
    await load_recipe_sheets(None)
    sheets = (await client.get("/api/v1/recipes", headers=kiosk["coord"])).json()
    assert {sheet["slug"] for sheet in sheets} >= {"dhal-lentilles-corail", "crumble-pommes"}
    found = await client.get(
        "/api/v1/recipes/shopping-list?covers=16&recipe=dhal-lentilles-corail",
        headers=kiosk["coord"],
    )
    assert found.status_code == 200
    assert found.json()["total_cost_minor"] == 3157 and found.json()["currency"] == "EUR"
    assert (await client.get("/api/v1/recipes", headers=kiosk["device"])).status_code == 401
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert "/api/v1/forecast" in paths and "/api/v1/recipes/shopping-list" in paths
