"""Coordinator mode is short: an expired or forged coordinator token is refused at once."""

from __future__ import annotations

import time
from typing import Any

from itsdangerous import TimestampSigner

from canteen import security
from canteen.meals.tables import MealService
from tests.factories import client_id, make_canteen
from tests.kiosk.test_api import pair


async def test_an_expired_coordinator_token_is_refused(
    client: Any, settings: Any, monkeypatch: Any
) -> None:
    canteen = await make_canteen()
    device = await pair(client, canteen)
    state = (await client.get("/api/v1/kiosk", headers=device)).json()
    assert state["canteen"]["id"] == canteen
    login = await client.post(
        "/api/v1/coordinator/sessions", json={"pin": "246810"}, headers=device
    )
    fresh = login.json()["token"]
    value = security.signer(settings.secret_key, "coordinator").loads(fresh)

    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 3600)
        expired = security.signer(settings.secret_key, "coordinator").dumps(value)
    body = {"id": client_id(), "menu": "Soupe"}
    refused = await client.post(
        "/api/v1/services",
        json=body,
        headers={**device, "X-Coordinator-Token": expired, "Accept-Language": "en"},
    )
    assert refused.status_code == 401
    assert "Coordinator mode has ended" in refused.json()["message"]
    forged = await client.post(
        "/api/v1/services", json=body, headers={**device, "X-Coordinator-Token": fresh + "x"}
    )
    assert forged.status_code == 401
    assert await MealService.count() == 0
    accepted = await client.post(
        "/api/v1/services", json=body, headers={**device, "X-Coordinator-Token": fresh}
    )
    assert accepted.status_code == 201


async def test_a_coordinator_token_is_bound_to_its_tablet(client: Any) -> None:
    canteen = await make_canteen()
    first = await pair(client, canteen)
    second = await pair(client, canteen)
    login = await client.post("/api/v1/coordinator/sessions", json={"pin": "246810"}, headers=first)
    stolen = {**second, "X-Coordinator-Token": login.json()["token"]}
    response = await client.post("/api/v1/services", json={"id": client_id()}, headers=stolen)
    assert response.status_code == 401
