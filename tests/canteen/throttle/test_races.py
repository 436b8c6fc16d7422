"""Simultaneous guesses cannot overtake a limit: each try is counted before it is checked.

The attack found before: sixty wrong passwords (or PINs) fired at once were all checked, because
the count was read, then written back plus one. Here they are fired at once again, through the
services and through HTTP on two app instances (two workers sharing the database), on both
engines: at most the limit is checked, the target ends locked, and the right secret works again
once the lock is over.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from typing import Any

import httpx
import pytest

from canteen import clock
from canteen.accounts import errors as account_errors
from canteen.accounts import services as accounts
from canteen.network import errors as network_errors
from canteen.network import services as network
from canteen.server import create_app
from canteen.throttle import services as throttle
from canteen.throttle.errors import TooManyAttempts
from tests.admin.conftest import csrf_token
from tests.factories import client_id, make_canteen
from tests.staff_factories import PASSWORD, make_staff
from tests.staff_factories import cheap_passwords as cheap_passwords  # autouse fixture

ATTACKERS = 60
AFTER_THE_LOCK = timedelta(minutes=16)


def _outcome(result: BaseException | object) -> str:
    return type(result).__name__ if isinstance(result, BaseException) else "signed in"


async def test_sixty_wrong_passwords_at_once_check_eight_and_lock_the_account(db: str) -> None:
    await make_staff("amina@example.org")
    tries = [
        accounts.authenticate("amina@example.org", f"wrong guess {n}", source=f"10.0.{n}.1")
        for n in range(ATTACKERS)
    ]
    results = Counter(_outcome(r) for r in await asyncio.gather(*tries, return_exceptions=True))
    limit = throttle.ACCOUNT_FAILURES.attempts
    assert results == {"LoginFailed": limit, "AccountLocked": ATTACKERS - limit}
    with pytest.raises(account_errors.AccountLocked):
        await accounts.authenticate("amina@example.org", PASSWORD, source="192.0.2.50")
    with clock.freeze(clock.now() + AFTER_THE_LOCK):
        user = await accounts.authenticate("amina@example.org", PASSWORD, source="192.0.2.50")
    assert user.email == "amina@example.org"


async def test_an_unknown_email_locks_the_same_way_so_a_lock_tells_nothing(db: str) -> None:
    tries = [accounts.authenticate("nobody@example.org", "guess", source="10.1.1.1")] * 1
    tries += [
        accounts.authenticate("nobody@example.org", f"guess {n}", source=f"10.1.{n}.2")
        for n in range(ATTACKERS - 1)
    ]
    results = Counter(_outcome(r) for r in await asyncio.gather(*tries, return_exceptions=True))
    limit = throttle.ACCOUNT_FAILURES.attempts
    assert results == {"LoginFailed": limit, "AccountLocked": ATTACKERS - limit}


async def test_one_address_guessing_many_accounts_at_once_gets_twenty_checked(db: str) -> None:
    await make_staff("real@example.org")
    tries = [
        accounts.authenticate(f"guess{n}@example.org", "x" * 12, source="203.0.113.9")
        for n in range(ATTACKERS)
    ]
    results = Counter(_outcome(r) for r in await asyncio.gather(*tries, return_exceptions=True))
    limit = throttle.LOGIN_FAILURES.attempts
    assert results == {"LoginFailed": limit, "TooManyAttempts": ATTACKERS - limit}
    with pytest.raises(TooManyAttempts):
        await accounts.authenticate("real@example.org", PASSWORD, source="203.0.113.9")
    # The account itself is not locked: its owner signs in from elsewhere.
    await accounts.authenticate("real@example.org", PASSWORD, source="198.51.100.1")


async def test_sixty_wrong_pins_at_once_check_five_and_lock_the_tablet(db: str) -> None:
    canteen = await make_canteen(pin="246810")
    tries = [
        network.check_coordinator_pin(canteen, f"{n:06d}", "device:1") for n in range(ATTACKERS)
    ]
    results = Counter(_outcome(r) for r in await asyncio.gather(*tries, return_exceptions=True))
    limit = throttle.PIN_FAILURES.attempts
    assert results == {"WrongPin": limit, "TooManyAttempts": ATTACKERS - limit}
    with pytest.raises(TooManyAttempts):
        await network.check_coordinator_pin(canteen, "246810", "device:1")
    with clock.freeze(clock.now() + AFTER_THE_LOCK):
        await network.check_coordinator_pin(canteen, "246810", "device:1")
        with pytest.raises(network_errors.WrongPin):  # the count started again at zero
            await network.check_coordinator_pin(canteen, "000000", "device:1")


async def test_sixty_wrong_pairing_codes_at_once_check_ten(db: str) -> None:
    from canteen.network.schemas import PairIn

    canteen = await make_canteen()
    code, _ = await network.create_pairing_code(canteen)
    tries = [
        network.pair_device(PairIn(id=client_id(), code=f"AAAA-{n:04d}"), source="10.9.9.9")
        for n in range(ATTACKERS)
    ]
    results = Counter(_outcome(r) for r in await asyncio.gather(*tries, return_exceptions=True))
    limit = throttle.PAIRING_FAILURES.attempts
    assert results == {"PairingCodeInvalid": limit, "TooManyAttempts": ATTACKERS - limit}
    with pytest.raises(TooManyAttempts):
        await network.pair_device(PairIn(id=client_id(), code=code), source="10.9.9.9")


def _worker(app: Any, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 4321))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")


async def test_sixty_pins_over_http_on_two_workers_at_once(
    client: Any, settings: Any, engine: Any
) -> None:
    canteen = await make_canteen(pin="246810")
    code, _ = await network.create_pairing_code(canteen)
    paired = await client.post("/api/v1/devices/pair", json={"id": client_id(), "code": code})
    headers = {"Authorization": f"Bearer {paired.json()['token']}"}
    workers = [client, _worker(create_app(settings, engine=engine), "127.0.0.1")]
    async with workers[1]:
        answers = await asyncio.gather(
            *(
                workers[n % 2].post(
                    "/api/v1/coordinator/sessions", json={"pin": f"{n:06d}"}, headers=headers
                )
                for n in range(ATTACKERS)
            )
        )
        statuses = Counter(answer.status_code for answer in answers)
        limit = throttle.PIN_FAILURES.attempts
        assert statuses == {403: limit, 429: ATTACKERS - limit}
        right = {"pin": "246810"}
        locked = await workers[1].post("/api/v1/coordinator/sessions", json=right, headers=headers)
        assert locked.status_code == 429
        with clock.freeze(clock.now() + AFTER_THE_LOCK):
            fine = await client.post("/api/v1/coordinator/sessions", json=right, headers=headers)
        assert fine.status_code == 201


async def test_sixty_sign_ins_over_http_from_sixty_addresses_at_once(
    app: Any, settings: Any, engine: Any
) -> None:
    await make_staff("amina@example.org")
    other = create_app(settings, engine=engine)
    attackers = [_worker(app if n % 2 else other, f"10.2.{n}.1") for n in range(ATTACKERS)]
    tokens = [await csrf_token(attacker) for attacker in attackers]
    answers = await asyncio.gather(
        *(
            attacker.post(
                "/admin/login",
                data={"email": "amina@example.org", "password": "wrong!", "_csrf_token": token},
            )
            for attacker, token in zip(attackers, tokens, strict=True)
        )
    )
    for attacker in attackers:
        await attacker.aclose()
    limit = throttle.ACCOUNT_FAILURES.attempts
    assert Counter(answer.status_code for answer in answers) == {401: limit, 429: ATTACKERS - limit}
    async with _worker(app, "192.0.2.80") as owner:
        right = {"email": "amina@example.org", "password": PASSWORD}
        right["_csrf_token"] = await csrf_token(owner)
        assert (await owner.post("/admin/login", data=right)).status_code == 429
        with clock.freeze(clock.now() + AFTER_THE_LOCK):
            signed_in = await owner.post("/admin/login", data=right)
        assert signed_in.status_code in (302, 303)
        assert (await owner.get("/admin/")).status_code == 200


async def test_old_counters_are_forgotten_after_a_day(db: str) -> None:
    from canteen.throttle.tables import Throttle

    canteen = await make_canteen(pin="246810")
    with pytest.raises(network_errors.WrongPin):
        await network.check_coordinator_pin(canteen, "000000", "device:1")
    assert await Throttle.count() == 1
    a_day_later = clock.now() + timedelta(days=1, seconds=1)
    with clock.freeze(a_day_later), pytest.raises(network_errors.WrongPin):
        await network.check_coordinator_pin(canteen, "000000", "device:2")
    names = [row["name"] for row in await Throttle.select(Throttle.name)]
    assert names == [f"pin:{canteen}:device:2"]
