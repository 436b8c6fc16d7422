"""The coordinator marks days on the forecast page; the page says which mark moved the number."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from canteen.clock import local_today
from canteen.forecast.tables import MarkedDay
from tests.kiosk.forecast.test_pages import csrf, kiosk  # noqa: F401 - the fixture

FORM = "/kiosk/coordinator/forecast/mark"


async def _mark(client: Any, kiosk: dict[str, Any], **fields: str) -> Any:  # noqa: F811
    page = await client.get("/kiosk/coordinator/forecast", headers=kiosk["coord"])
    return await client.post(
        FORM + "?lang=en", headers=kiosk["coord"], data={"_csrf_token": csrf(page.text), **fields}
    )


def _row(page: str, day: str) -> str:
    found = re.search(rf'<tr[^>]*data-date="{day}">(.*?)</tr>', page, re.S)
    assert found, f"{day} is a service on the page"
    return found.group(1)


@pytest.mark.parametrize(
    ("kind", "label"),
    [("holiday", "Holiday"), ("special", "Special day"), ("strike", "Strike")],
)
async def test_each_kind_can_be_marked_and_is_shown(
    client: Any,
    kiosk: dict[str, Any],  # noqa: F811
    kind: str,
    label: str,
) -> None:
    day = (local_today("Europe/Paris") + timedelta(days=7)).isoformat()
    saved = await _mark(client, kiosk, date=day, kind=kind, note="")
    assert saved.status_code in (302, 303), saved.text
    page = await client.get("/kiosk/coordinator/forecast?lang=en", headers=kiosk["coord"])
    row = _row(page.text, day)
    assert label in row and f"{label}: " in row  # which mark moved the number, and by how much


async def test_a_school_trip_removes_its_covers_and_says_so(
    client: Any,
    kiosk: dict[str, Any],  # noqa: F811
) -> None:
    day = (local_today("Europe/Paris") + timedelta(days=7)).isoformat()
    saved = await _mark(client, kiosk, date=day, kind="change", change="-30", note="school trip")
    assert saved.status_code in (302, 303), saved.text
    page = await client.get("/kiosk/coordinator/forecast?lang=en", headers=kiosk["coord"])
    row = _row(page.text, day)
    assert re.search(r"data-expected>12<", row)  # 42 − 30
    assert "Expected change: −30 covers" in row and "school trip" in row
    cooks = await client.get("/kiosk/forecast?lang=fr", headers=kiosk["device"])
    assert "Changement prévu : −30 couverts" in cooks.text


async def test_a_closed_day_leaves_the_services(
    client: Any,
    kiosk: dict[str, Any],  # noqa: F811
) -> None:
    day = (local_today("Europe/Paris") + timedelta(days=7)).isoformat()
    saved = await _mark(client, kiosk, date=day, kind="closed")
    assert saved.status_code in (302, 303)
    page = await client.get("/kiosk/coordinator/forecast?lang=en", headers=kiosk["coord"])
    assert f'data-date="{day}"' not in page.text and "Closed: no service" in page.text


@pytest.mark.parametrize("change", ["", "0", "many"])
async def test_a_change_without_its_number_is_refused_in_words(
    client: Any,
    kiosk: dict[str, Any],  # noqa: F811
    change: str,
) -> None:
    day = (local_today("Europe/Paris") + timedelta(days=7)).isoformat()
    refused = await _mark(client, kiosk, date=day, kind="change", change=change)
    assert refused.status_code == 422
    assert "covers" in refused.text
    assert await MarkedDay.count() == 0
