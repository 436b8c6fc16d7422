"""The tablet's JSON API: pairing, the diner's writes, coordinator mode, every bad input."""

from __future__ import annotations

from typing import Any

import pytest

from canteen.meals.tables import CheckIn, Contribution, MealService, SurveyResponse
from canteen.network import services as network
from tests.factories import client_id, make_canteen


async def pair(client: Any, canteen_id: int) -> dict[str, str]:
    code, _ = await network.create_pairing_code(canteen_id)
    response = await client.post("/api/v1/devices/pair", json={"id": client_id(), "code": code})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def coordinator(client: Any, device: dict[str, str], pin: str = "246810") -> dict[str, str]:
    response = await client.post("/api/v1/coordinator/sessions", json={"pin": pin}, headers=device)
    assert response.status_code == 201, response.text
    return {**device, "X-Coordinator-Token": response.json()["token"]}


async def open_service(client: Any, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    payload = {
        "id": client_id(),
        "menu": "Soupe",
        "groceries_minor": 9000,
        "covers_expected": 30,
        "cash_float_minor": 1000,
        **body,
    }
    response = await client.post("/api/v1/services", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.fixture
async def tablet(client: Any) -> dict[str, Any]:
    canteen = await make_canteen(max_contribution_minor=5000)
    device = await pair(client, canteen)
    coord = await coordinator(client, device)
    service = await open_service(client, coord)
    return {"canteen": canteen, "device": device, "coord": coord, "service": service}


async def counts() -> tuple[int, int, int]:
    return await CheckIn.count(), await Contribution.count(), await SurveyResponse.count()


async def test_a_paired_tablet_runs_a_service_through_the_api(client: Any, tablet: Any) -> None:
    device, service = tablet["device"], tablet["service"]
    base = f"/api/v1/services/{service['id']}"
    state = (await client.get("/api/v1/kiosk", headers=device)).json()
    assert state["service"]["status"] == "open"
    assert state["service"]["cost_per_portion_minor"] == 300  # 90.00 ÷ 30 expected
    assert [q["key"] for q in state["questions"]][:3] == ["welcome", "met_someone", "changed_idea"]
    assert (
        await client.post(
            f"{base}/checkins",
            headers=device,
            json={"id": client_id(), "party_size": 3, "first_visit": True},
        )
    ).status_code == 201
    body = {"id": client_id(), "amount_minor": 450, "currency": "EUR", "method": "cash"}
    first = await client.post(f"{base}/contributions", headers=device, json=body)
    replay = await client.post(f"{base}/contributions", headers=device, json=body)
    assert first.status_code == replay.status_code == 201
    assert first.json() == replay.json()
    survey = await client.post(
        f"{base}/survey-responses",
        headers=device,
        json={"id": client_id(), "answers": {"welcome": 4}},
    )
    assert survey.status_code == 201
    close = await client.post(
        f"{base}/close",
        headers=tablet["coord"],
        json={"id": client_id(), "counted_cash_minor": 1450},
    )
    assert close.status_code == 200, close.text
    summary = close.json()
    assert (summary["covers"], summary["takings_minor"], summary["cash_gap_minor"]) == (3, 450, 0)
    assert await counts() == (1, 1, 1)


BAD_CONTRIBUTIONS = [
    (
        {"amount_minor": -100},
        422,
        "An amount cannot be negative.",
        "Un montant ne peut pas être négatif.",
    ),
    ({"amount_minor": 5001}, 422, "above the most", "au-dessus du maximum"),
    ({"currency": "USD"}, 422, "This canteen takes EUR only.", "Cette cantine n'accepte que"),
    ({"unexpected": 1}, 400, "could not be read", "n'a pas pu être lue"),
    ({"method": "bitcoin"}, 400, "could not be read", "n'a pas pu être lue"),
]


@pytest.mark.parametrize(("change", "status", "english", "french"), BAD_CONTRIBUTIONS)
async def test_bad_contributions_get_a_clear_answer_and_change_nothing(
    client: Any, tablet: Any, change: dict[str, Any], status: int, english: str, french: str
) -> None:
    body = {"id": client_id(), "amount_minor": 300, "currency": "EUR", "method": "cash", **change}
    url = f"/api/v1/services/{tablet['service']['id']}/contributions"
    for language, expected in (("en", english), ("fr", french)):
        response = await client.post(
            url, json=body, headers={**tablet["device"], "Accept-Language": language}
        )
        assert response.status_code == status
        assert expected in response.json()["message"]
    assert await counts() == (0, 0, 0)


@pytest.mark.parametrize("size", [0, -1, 31, 1000])
async def test_absurd_party_sizes_are_refused(client: Any, tablet: Any, size: int) -> None:
    response = await client.post(
        f"/api/v1/services/{tablet['service']['id']}/checkins",
        json={"id": client_id(), "party_size": size},
        headers={**tablet["device"], "Accept-Language": "fr"},
    )
    assert response.status_code == 422
    assert "entre 1 et 30" in response.json()["message"]
    assert await counts() == (0, 0, 0)


async def test_malformed_json_is_refused(client: Any, tablet: Any) -> None:
    response = await client.post(
        f"/api/v1/services/{tablet['service']['id']}/checkins",
        content=b'{"id": "abcdefgh", "party_size": ',
        headers={**tablet["device"], "Content-Type": "application/json", "Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "could not be read" in response.json()["message"]
    assert await counts() == (0, 0, 0)


async def test_a_closed_service_accepts_nothing(client: Any, tablet: Any) -> None:
    url = f"/api/v1/services/{tablet['service']['id']}"
    await client.post(
        f"{url}/close",
        headers=tablet["coord"],
        json={"id": client_id(), "counted_cash_minor": 1000},
    )
    response = await client.post(
        f"{url}/checkins", headers=tablet["device"], json={"id": client_id(), "party_size": 2}
    )
    assert response.status_code == 409
    assert await counts() == (0, 0, 0)


async def test_a_tablet_cannot_touch_another_canteens_service(client: Any, tablet: Any) -> None:
    other = await make_canteen("lille-fives", pin="135790")
    other_device = await pair(client, other)
    other_coord = await coordinator(client, other_device, pin="135790")
    other_service = await open_service(client, other_coord)
    url = f"/api/v1/services/{other_service['id']}"
    response = await client.post(
        f"{url}/contributions",
        headers=tablet["device"],
        json={"id": client_id(), "amount_minor": 100, "currency": "EUR", "method": "cash"},
    )
    assert response.status_code == 403
    assert (await client.get(f"{url}/summary", headers=tablet["coord"])).status_code == 403
    assert await counts() == (0, 0, 0)


async def test_unknown_revoked_and_missing_device_tokens_are_refused(
    client: Any, tablet: Any
) -> None:
    url = f"/api/v1/services/{tablet['service']['id']}/checkins"
    body = {"id": client_id(), "party_size": 1}
    assert (await client.post(url, json=body)).status_code == 401
    assert (
        await client.post(url, json=body, headers={"Authorization": "Bearer nope"})
    ).status_code == 401
    device = (await network.list_devices(tablet["canteen"]))[0]
    await network.revoke_device(tablet["canteen"], device.id)
    response = await client.post(
        url, json=body, headers={**tablet["device"], "Accept-Language": "en"}
    )
    assert response.status_code == 401
    assert "withdrawn" in response.json()["message"]
    assert await counts() == (0, 0, 0)


async def test_coordinator_actions_need_the_pin(client: Any) -> None:
    canteen = await make_canteen()
    device = await pair(client, canteen)
    wrong = await client.post(
        "/api/v1/coordinator/sessions",
        json={"pin": "000000"},
        headers={**device, "Accept-Language": "fr"},
    )
    assert wrong.status_code == 403
    assert "PIN" in wrong.json()["message"]
    response = await client.post(
        "/api/v1/services", headers=device, json={"id": client_id(), "menu": "x"}
    )
    assert response.status_code == 401
    assert await MealService.count() == 0


async def test_pairing_codes_are_single_use(client: Any) -> None:
    canteen = await make_canteen()
    code, _ = await network.create_pairing_code(canteen)
    first = await client.post("/api/v1/devices/pair", json={"id": client_id(), "code": code})
    assert first.status_code == 201
    second = await client.post("/api/v1/devices/pair", json={"id": client_id(), "code": code})
    assert second.status_code == 400


async def test_openapi_schema_and_health(client: Any) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/services/{service_id}/contributions" in schema["paths"]
    assert (await client.get("/health")).json()["status"] == "ok"
