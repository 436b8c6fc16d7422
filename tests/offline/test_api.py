"""What the offline kiosk relies on from the server: replays, refusals, its shell and strings."""

from __future__ import annotations

from typing import Any

import pytest

from canteen.meals.tables import CheckIn, Contribution, PayForwardCredit, SurveyAnswer
from tests.factories import client_id, make_canteen, open_today
from tests.offline.conftest import device_token

SCRIPT = {"X-Requested-With": "tablee"}


@pytest.fixture
async def tablet(client: Any) -> dict[str, Any]:
    """A paired tablet with today's service open; the device token as the kiosk's cookie."""
    canteen = await make_canteen(max_contribution_minor=5000)
    service = await open_today(canteen)
    token = await device_token(canteen)
    client.cookies.set("tablee_device", token)
    return {"canteen": canteen, "base": f"/api/v1/services/{service}"}


WRITES = [
    ("checkins", {"party_size": 3, "children": 1, "first_visit": True}, {"party_size": 4}),
    (
        "contributions",
        {"amount_minor": 600, "currency": "EUR", "method": "cash", "pay_forward": 1},
        {"amount_minor": 700, "currency": "EUR", "method": "cash", "pay_forward": 1},
    ),
    (
        "survey-responses",
        {"answers": {"welcome": 4, "met_someone": 2}},
        {"answers": {"welcome": 1}},
    ),
]


async def recorded() -> tuple[int, int, int, int]:
    credits = await PayForwardCredit.select(PayForwardCredit.given).first()
    return (
        await CheckIn.count(),
        await Contribution.count(),
        await SurveyAnswer.count(),
        credits["given"] if credits else 0,
    )


@pytest.mark.parametrize(("path", "body", "other"), WRITES, ids=[w[0] for w in WRITES])
async def test_a_replayed_write_gets_the_first_answer_and_records_once(
    client: Any, tablet: Any, path: str, body: dict[str, Any], other: dict[str, Any]
) -> None:
    payload = {"id": client_id(), **body}
    first = await client.post(f"{tablet['base']}/{path}", json=payload, headers=SCRIPT)
    after_first = await recorded()
    replays = [
        await client.post(f"{tablet['base']}/{path}", json=payload, headers=SCRIPT)
        for _ in range(3)
    ]
    assert first.status_code == 201, first.text
    assert [r.status_code for r in replays] == [201, 201, 201]
    assert all(r.json() == first.json() for r in replays)
    assert first.json()["id"] == payload["id"]  # the outbox checks the echo before letting go
    assert await recorded() == after_first


@pytest.mark.parametrize(("path", "body", "other"), WRITES, ids=[w[0] for w in WRITES])
async def test_the_same_id_with_another_body_is_refused_and_changes_nothing(
    client: Any, tablet: Any, path: str, body: dict[str, Any], other: dict[str, Any]
) -> None:
    record_id = client_id()
    first = await client.post(
        f"{tablet['base']}/{path}", json={"id": record_id, **body}, headers=SCRIPT
    )
    assert first.status_code == 201
    before = await recorded()
    clash = await client.post(
        f"{tablet['base']}/{path}",
        json={"id": record_id, **other},
        headers={**SCRIPT, "Accept-Language": "en"},
    )
    assert clash.status_code == 422
    assert clash.json()["message"] == "This record was already sent with different content."
    assert await recorded() == before


async def test_a_cookie_authenticated_write_needs_the_kiosk_header(
    client: Any, tablet: Any
) -> None:
    """A forged cross-site form cannot set a custom header; the kiosk's script always does."""
    body = {"id": client_id(), "party_size": 2}
    forged = await client.post(
        f"{tablet['base']}/checkins",
        content=b'{"id": "abcdefgh1", "party_size": 2}',
        headers={"Content-Type": "text/plain", "Accept-Language": "en"},
    )
    assert forged.status_code == 403
    assert forged.json()["error"] == "cross_site_write_refused"
    bare = await client.post(f"{tablet['base']}/checkins", json=body)
    assert bare.status_code == 403
    assert await CheckIn.count() == 0
    # Reading needs no header, and the script's writes go through.
    assert (await client.get("/api/v1/kiosk")).status_code == 200
    assert (
        await client.post(f"{tablet['base']}/checkins", json=body, headers=SCRIPT)
    ).status_code == 201
    assert await CheckIn.count() == 1


async def test_a_bearer_token_write_needs_no_header(client: Any, tablet: Any) -> None:
    token = client.cookies.get("tablee_device")
    client.cookies.clear()
    response = await client.post(
        f"{tablet['base']}/checkins",
        json={"id": client_id(), "party_size": 1},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201


async def test_the_service_worker_is_served_for_the_kiosk_scope(client: Any) -> None:
    response = await client.get("/kiosk/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/kiosk/"
    assert response.headers["cache-control"] == "no-cache"
    assert '"/kiosk/checkin"' in response.text and '"ar"' in response.text


async def test_offline_strings_come_in_the_tablets_language(client: Any, tablet: Any) -> None:
    arabic = (await client.get("/kiosk/offline.json?lang=ar")).json()
    assert arabic["language"] == "ar"
    assert arabic["currency"] == "EUR" and arabic["exponent"] == 2
    assert arabic["messages"]["waiting"] == "في انتظار الإرسال: {n}"
    french = (await client.get("/kiosk/offline.json?lang=fr")).json()
    assert french["messages"]["party_size"] == "Le nombre de personnes doit être entre 1 et 30."
    assert (french["decimal"], french["max_contribution_minor"]) == (",", 5000)


async def test_offline_strings_need_a_paired_tablet(client: Any) -> None:
    response = await client.get("/kiosk/offline.json", follow_redirects=False)
    assert response.status_code in (302, 303, 307)
    assert response.headers["location"] == "/kiosk/pair"


async def test_pages_say_their_language_so_the_worker_files_them(client: Any, tablet: Any) -> None:
    dutch = await client.get("/kiosk/checkin?lang=nl")
    assert dutch.headers["content-language"] == "nl"
    assert 'data-service-status="open"' in dutch.text
    # As the worker fetches it (a kiosk page follows the party or ?lang=, not the browser's).
    offline = await client.get("/kiosk/offline?lang=es")
    assert offline.status_code == 200
    assert "Sin conexión por ahora" in offline.text
