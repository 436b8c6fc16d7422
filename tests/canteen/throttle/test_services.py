"""Guessable things lock out after repeated failures, per device or address, on both engines."""

from __future__ import annotations

from typing import Any

import pytest

from canteen.network import errors as network_errors
from canteen.network import services as network
from canteen.network.schemas import PairIn
from canteen.throttle import services as throttle
from canteen.throttle.errors import TooManyAttempts
from tests.factories import client_id, make_canteen


async def test_five_wrong_pins_lock_that_device_out_even_for_the_right_pin(db: str) -> None:
    canteen = await make_canteen(pin="246810")
    for _ in range(5):
        with pytest.raises(network_errors.WrongPin):
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
        with pytest.raises(network_errors.WrongPin):
            await network.check_coordinator_pin(canteen, "111111", "device:1")
    await network.check_coordinator_pin(canteen, "246810", "device:1")
    for _ in range(5):
        with pytest.raises(network_errors.WrongPin):
            await network.check_coordinator_pin(canteen, "111111", "device:1")


async def test_guessing_pairing_codes_is_locked_out(db: str) -> None:
    canteen = await make_canteen()
    code, _ = await network.create_pairing_code(canteen)
    for _ in range(10):
        with pytest.raises(network_errors.PairingCodeInvalid):
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


async def _second_worker(settings: Any, engine: Any, address: str) -> Any:
    """Another instance of the app on the same database, as a second worker would be."""
    import httpx

    from canteen.server import create_app

    other = create_app(settings, engine=engine)
    transport = httpx.ASGITransport(app=other, client=(address, 4321))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")


async def test_a_script_hammering_the_sign_up_api_is_stopped_across_workers(
    client: Any, settings: Any, engine: Any
) -> None:
    from canteen.volunteers.tables import SignUp
    from tests.canteen.volunteers.factories import make_shift, make_volunteer_canteen

    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, places=200)
    limit = throttle.PUBLIC_SIGN_UPS.attempts
    other = await _second_worker(settings, engine, "127.0.0.1")  # the same address, another worker
    async with other:
        for n in range(limit):
            http = client if n % 2 else other
            answer = await http.post(
                f"/api/v1/shifts/{shift}/signups",
                json={"id": client_id(), "first_name": "Robot"},
            )
            assert answer.status_code == 201, answer.text
        refused = await client.post(
            f"/api/v1/shifts/{shift}/signups",
            json={"id": client_id(), "first_name": "Bot"},
            headers={"Accept-Language": "en"},
        )
        assert refused.status_code == 429
        assert "Too many tries. Wait 60 minutes" in refused.json()["message"]
        again = await other.post(
            f"/api/v1/shifts/{shift}/signups", json={"id": client_id(), "first_name": "Robot"}
        )
        assert again.status_code == 429
    assert await SignUp.count() == limit
    # Someone else, from another address, still signs up.
    async with await _second_worker(settings, engine, "192.0.2.7") as elsewhere:
        fine = await elsewhere.post(
            f"/api/v1/shifts/{shift}/signups", json={"id": client_id(), "first_name": "Amina"}
        )
        assert fine.status_code == 201


async def test_the_public_sign_up_page_says_so_in_the_volunteers_language(client: Any) -> None:
    from canteen.throttle.tables import Throttle
    from tests.canteen.volunteers.factories import make_shift, make_volunteer_canteen

    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, places=5)
    await Throttle.insert(
        Throttle(name="sign-up:127.0.0.1", window_start=0, attempts=99, locked_until=2**40)
    )
    form = await client.get(f"/v/lyon-croix-rousse/shifts/{shift}?lang=fr")
    assert form.status_code == 200
    answer = await client.post(
        f"/v/lyon-croix-rousse/shifts/{shift}",
        data={"id": client_id(), "first_name": "Amina"},
        headers={"x-csrftoken": client.cookies.get("tablee_csrf", ""), "Accept-Language": "fr"},
    )
    assert answer.status_code == 429
    assert "Trop d&#39;essais" in answer.text or "Trop d'essais" in answer.text
    from canteen.volunteers.tables import SignUp

    assert await SignUp.count() == 0


async def test_failed_sign_ins_from_one_address_are_limited_whatever_the_account(
    client: Any,
) -> None:
    from canteen.accounts import services as accounts
    from tests.admin.conftest import csrf_token

    await accounts.create_account("real@example.org", "a long pass phrase 42", "staff")
    token = await csrf_token(client)
    for n in range(throttle.LOGIN_FAILURES.attempts):
        wrong = await client.post(
            "/admin/login",
            data={"email": f"guess{n}@example.org", "password": "x" * 12, "_csrf_token": token},
        )
        assert wrong.status_code in (401, 403, 422), wrong.status_code
    right = await client.post(
        "/admin/login",
        data={
            "email": "real@example.org",
            "password": "a long pass phrase 42",
            "_csrf_token": token,
        },
        headers={"Accept-Language": "en"},
    )
    assert right.status_code == 429 and "Too many tries" in right.text
    account = await accounts.authenticate("real@example.org", "a long pass phrase 42")
    assert account.email == "real@example.org"  # the account itself is not locked
