"""Guessable things lock out after repeated failures, per device or address, on both engines."""

from __future__ import annotations

from typing import Any

import pytest

from canteen.network import services as network
from canteen.network.schemas import PairIn
from canteen.throttle.services import TooManyAttempts
from tests.factories import client_id, make_canteen


async def test_five_wrong_pins_lock_that_device_out_even_for_the_right_pin(db: str) -> None:
    canteen = await make_canteen(pin="246810")
    for _ in range(5):
        with pytest.raises(network.WrongPin):
            await network.check_coordinator_pin(canteen, "000000", "device:1")
    with pytest.raises(TooManyAttempts):
        await network.check_coordinator_pin(canteen, "000000", "device:1")
    with pytest.raises(TooManyAttempts):
        await network.check_coordinator_pin(canteen, "246810", "device:1")
    # Another tablet of the canteen is not locked out by the first one's mistakes.
    await network.check_coordinator_pin(canteen, "246810", "device:2")


async def test_a_right_pin_clears_the_count(db: str) -> None:
    canteen = await make_canteen(pin="246810")
    for _ in range(4):
        with pytest.raises(network.WrongPin):
            await network.check_coordinator_pin(canteen, "111111", "device:1")
    await network.check_coordinator_pin(canteen, "246810", "device:1")
    for _ in range(5):
        with pytest.raises(network.WrongPin):
            await network.check_coordinator_pin(canteen, "111111", "device:1")


async def test_guessing_pairing_codes_is_locked_out(db: str) -> None:
    canteen = await make_canteen()
    code, _ = await network.create_pairing_code(canteen)
    for _ in range(10):
        with pytest.raises(network.PairingCodeInvalid):
            await network.pair_device(PairIn(id=client_id(), code="AAAA-AAAA"), source="10.9.9.9")
    with pytest.raises(TooManyAttempts):
        await network.pair_device(PairIn(id=client_id(), code=code), source="10.9.9.9")
    assert await network.list_devices(canteen) == []
    await network.pair_device(PairIn(id=client_id(), code=code), source="10.9.9.10")


async def test_the_api_answers_429_in_the_tablets_language(client: Any) -> None:
    canteen = await make_canteen()
    code, _ = await network.create_pairing_code(canteen)
    paired = await client.post("/api/v1/devices/pair", json={"id": client_id(), "code": code})
    headers = {"Authorization": f"Bearer {paired.json()['token']}", "Accept-Language": "fr"}
    statuses = [
        (
            await client.post(
                "/api/v1/coordinator/sessions", json={"pin": "999999"}, headers=headers
            )
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [403] * 5 + [429]
    locked = await client.post(
        "/api/v1/coordinator/sessions", json={"pin": "246810"}, headers=headers
    )
    assert locked.status_code == 429
    assert "Trop d'essais" in locked.json()["message"]
