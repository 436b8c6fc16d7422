"""The shopping list offers the portions that are enough, and records the one chosen."""

from __future__ import annotations

import re
from typing import Any

from canteen.clock import local_today
from canteen.demo.recipes import load_recipe_sheets
from canteen.forecast import cooking
from canteen.forecast.tables import CoversForecast
from tests.factories import client_id, open_today
from tests.kiosk.forecast.test_pages import csrf, kiosk  # noqa: F401 - the fixture

LIST = "/kiosk/coordinator/recipes/shopping-list?recipe=dhal-lentilles-corail"


async def test_the_list_offers_enough_and_records_the_choice(
    client: Any,
    kiosk: dict[str, Any],  # noqa: F811
) -> None:
    await load_recipe_sheets(None)
    today = local_today("Europe/Paris")
    page = await client.get(f"{LIST}&covers=42&day={today}&lang=en", headers=kiosk["coord"])
    assert page.status_code == 200 and "How many portions to cook" in page.text
    rows = dict(re.findall(r'data-confidence="(\d+)".*?data-portions>(\d+)<', page.text, re.S))
    assert set(rows) == {"50", "80", "90", "95"} and int(rows["50"]) == 42
    assert int(rows["50"]) <= int(rows["80"]) <= int(rows["90"]) <= int(rows["95"])
    assert "Suggested" in page.text and "Leftovers expected" in page.text
    assert re.search(r"data-leftovers>about \d+ portions?, €", page.text)
    chosen = await client.post(
        "/kiosk/coordinator/recipes/cook",
        headers=kiosk["coord"],
        data={
            "_csrf_token": csrf(page.text),
            "day": today.isoformat(),
            "portions": rows["90"],
            "confidence": "90",
            "recipe": "dhal-lentilles-corail",
        },
    )
    assert chosen.status_code in (302, 303), chosen.text
    assert f"covers={rows['90']}" in chosen.headers["location"]
    row = await CoversForecast.select().where(CoversForecast.date == today).first()
    assert row is not None and (row["cooked"], row["cooked_confidence"]) == (int(rows["90"]), 90)
    summary = await cooking.cooking_summary(kiosk["canteen"], today)
    assert summary.cooked == int(rows["90"]) and summary.served is None and summary.left is None
    again = await client.get(f"{LIST}&covers=42&day={today}&lang=en", headers=kiosk["coord"])
    assert f"Chosen: {rows['90']} portions." in again.text


async def test_a_bad_choice_is_refused_and_changes_nothing(
    client: Any,
    kiosk: dict[str, Any],  # noqa: F811
) -> None:
    await load_recipe_sheets(None)
    today = local_today("Europe/Paris")
    page = await client.get(f"{LIST}&covers=42&day={today}&lang=en", headers=kiosk["coord"])
    refused = await client.post(
        "/kiosk/coordinator/recipes/cook?lang=en",
        headers=kiosk["coord"],
        data={"_csrf_token": csrf(page.text), "day": today.isoformat(), "portions": "-5"},
    )
    assert refused.status_code == 422 and "between 0 and" in refused.text
    assert await CoversForecast.count().where(CoversForecast.cooked.is_not_null()) == 0


async def test_the_close_summary_shows_portions_cooked_served_and_left(
    client: Any,
    kiosk: dict[str, Any],  # noqa: F811
) -> None:
    await load_recipe_sheets(None)
    today = local_today("Europe/Paris")
    page = await client.get(f"{LIST}&covers=42&day={today}&lang=en", headers=kiosk["coord"])
    cook = {"day": today.isoformat(), "portions": "50", "confidence": "90"}
    chosen = await client.post(
        "/kiosk/coordinator/recipes/cook",
        headers=kiosk["coord"],
        data={"_csrf_token": csrf(page.text), **cook, "recipe": "dhal-lentilles-corail"},
    )
    assert chosen.status_code in (302, 303), chosen.text
    service_id = await open_today(kiosk["canteen"])
    base = f"/api/v1/services/{service_id}"
    for party in (3, 2, 4):
        body = {"id": client_id(), "party_size": party}
        assert (
            await client.post(f"{base}/checkins", headers=kiosk["device"], json=body)
        ).is_success
    closed = await client.post(
        f"{base}/close",
        headers=kiosk["coord"],
        json={"id": client_id(), "counted_cash_minor": 2000},
    )
    assert closed.status_code == 200, closed.text
    summary = await client.get(
        f"/kiosk/coordinator/summary/{service_id}?lang=en", headers=kiosk["coord"]
    )
    assert "Portions cooked / served / left" in summary.text
    assert re.search(r'data-figure="portions">50 / 9 / 41<', summary.text)
