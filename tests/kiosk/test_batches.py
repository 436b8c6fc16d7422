"""Conservation batches at the tablet: a cook records one and gets a label whose QR code opens
it on a phone; portions served or thrown away; the coordinator sees what expires within 2 days."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from canteen.clock import local_today
from canteen.conservation.tables import BatchMove, ConservationBatch
from canteen.demo.recipes import load_recipe_sheets
from tests.factories import client_id, make_canteen
from tests.kiosk.forecast.test_pages import csrf
from tests.kiosk.test_api import coordinator, pair


@pytest.fixture
async def tablet(client: Any) -> dict[str, Any]:
    canteen = await make_canteen()
    await load_recipe_sheets(None)
    device = await pair(client, canteen)
    return {"device": device, "coord": await coordinator(client, device)}


async def record(client: Any, tablet: dict[str, Any], lang: str = "en", **fields: str) -> Any:
    page = await client.get(f"/kiosk/batches/new?lang={lang}", headers=tablet["device"])
    found = re.search(r'name="id" value="([^"]+)"', page.text)
    assert found
    data = {"_csrf_token": csrf(page.text), "id": found.group(1), **fields}
    return await client.post(f"/kiosk/batches/?lang={lang}", headers=tablet["device"], data=data)


async def test_a_cook_records_a_batch_and_its_label_opens_it_on_any_phone(
    client: Any, tablet: dict[str, Any]
) -> None:
    saved = await record(client, tablet, recipe="soupe-potiron", method="chilled", portions="12")
    assert saved.status_code in (302, 303), saved.text
    label = await client.get(saved.headers["location"] + "?lang=en", headers=tablet["device"])
    assert label.status_code == 200 and "<svg" in label.text and "data-print" in label.text
    url = re.search(r'<p class="url" dir="ltr">([^<]+)</p>', label.text)
    assert url and "/batch/" in url.group(1)
    use_by = (local_today("Europe/Paris") + timedelta(days=3)).isoformat()
    # A phone that scans the label: no tablet, no account; it reads the batch.
    scanned = await client.get("/batch/" + url.group(1).split("/batch/")[1] + "?lang=en")
    assert scanned.status_code == 200
    assert "Soupe de potiron et pain" in scanned.text and f'data-use-by="{use_by}"' in scanned.text
    assert "Milk" in scanned.text and "Sesame" in scanned.text  # from the recipe sheet
    assert 'action="/kiosk/batches/' not in scanned.text  # read only
    assert (await client.get("/batch/not-a-batch")).status_code == 404


async def test_portions_served_and_thrown_away_never_exceed_the_batch(
    client: Any, tablet: dict[str, Any]
) -> None:
    saved = await record(client, tablet, dish="Bouillon", method="frozen", portions="10")
    batch = saved.headers["location"].removesuffix("/label")
    page = await client.get(batch + "?lang=en", headers=tablet["device"])
    move = re.search(r'name="id" value="([^"]+)"', page.text)
    assert move
    data = {"_csrf_token": csrf(page.text), "id": move.group(1), "portions": "7", "kind": "used"}
    done = await client.post(batch + "/move", headers=tablet["device"], data=data)
    assert done.status_code in (302, 303)
    again = await client.post(batch + "/move", headers=tablet["device"], data=data)
    assert again.status_code in (302, 303)  # the same form sent twice: recorded once
    too_many = {**data, "id": client_id(), "portions": "4", "kind": "discarded"}
    refused = await client.post(batch + "/move?lang=en", headers=tablet["device"], data=too_many)
    assert refused.status_code == 409 or refused.status_code == 422
    assert "Only 3 portions are left" in refused.text
    assert await BatchMove.count() == 1
    page = await client.get(batch + "?lang=en", headers=tablet["device"])
    assert 'data-left="3"' in page.text


async def test_bad_batches_get_a_clear_answer_in_the_users_language_and_change_nothing(
    client: Any, tablet: dict[str, Any]
) -> None:
    refused = await record(client, tablet, "fr", dish="Soupe", method="smoked", portions="3")
    assert refused.status_code == 422 and "Choisissez comment" in refused.text
    tomorrow = (local_today("Europe/Paris") + timedelta(days=1)).isoformat()
    late = await record(
        client, tablet, "en", dish="Soupe", method="chilled", portions="3", made=tomorrow
    )
    assert late.status_code == 422 and "cannot be in the future" in late.text
    zero = await record(client, tablet, "en", dish="Soupe", method="chilled", portions="0")
    assert zero.status_code == 422 and "between 1 and 1000" in zero.text
    assert await ConservationBatch.count() == 0


async def test_the_coordinator_sees_what_expires_and_sets_the_canteens_own_rules(
    client: Any, tablet: dict[str, Any]
) -> None:
    refused = await client.get("/kiosk/coordinator/batches/", headers=tablet["device"])
    assert refused.status_code in (302, 303)
    page = await client.get("/kiosk/coordinator/batches/?lang=en", headers=tablet["coord"])
    saved = await client.post(
        "/kiosk/coordinator/batches/rules",
        headers=tablet["coord"],
        data={"_csrf_token": csrf(page.text), "method": "chilled", "days": "2"},
    )
    assert saved.status_code in (302, 303)
    await record(client, tablet, dish="Riz au lait", method="chilled", portions="6")
    await record(client, tablet, dish="Bocaux de tomates", method="canned", portions="20")
    page = await client.get("/kiosk/coordinator/batches/?lang=en", headers=tablet["coord"])
    expiring = page.text.split('id="expiring-title"', 1)[1].split('id="all-title"', 1)[0]
    assert "Riz au lait" in expiring and "Bocaux de tomates" not in expiring
    assert 'value="2"' in page.text
    listing = await client.get("/api/v1/batches?expiring=true", headers=tablet["coord"])
    assert [batch["dish"] for batch in listing.json()] == ["Riz au lait"]
