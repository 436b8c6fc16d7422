"""Rate limits and lock-outs for guessable things (PINs, pairing codes, logins, public forms).

One upsert per attempt decides atomically on both engines, so a limit holds across workers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from canteen.errors import N_, DomainError
from canteen.throttle.tables import Throttle


class TooManyAttempts(DomainError):
    status = 429
    message = N_("Too many tries. Wait {minutes} minutes and try again.")


@dataclass(frozen=True)
class Limit:
    """At most `attempts` in `window` seconds; past that, locked for `lock` seconds."""

    attempts: int
    window: int
    lock: int


PIN_FAILURES = Limit(attempts=5, window=15 * 60, lock=15 * 60)
PAIRING_FAILURES = Limit(attempts=10, window=15 * 60, lock=15 * 60)
# Failed sign-ins from one address, whatever the account (each account also locks itself after
# eight): guessing across many accounts is slowed to twenty tries a quarter of an hour.
LOGIN_FAILURES = Limit(attempts=20, window=15 * 60, lock=15 * 60)
# Volunteer sign-ups from one address (the public page and the API): a hall full of volunteers
# behind one router stays well under it; a script filling shifts with fake names is stopped for
# an hour after sixty.
PUBLIC_SIGN_UPS = Limit(attempts=60, window=10 * 60, lock=60 * 60)

_UPSERT = (
    "INSERT INTO throttle (name, window_start, attempts, locked_until) VALUES ({}, {}, 1, 0) "
    "ON CONFLICT (name) DO UPDATE SET "
    "attempts = CASE WHEN throttle.window_start <= {} THEN 1 ELSE throttle.attempts + 1 END, "
    "window_start = CASE WHEN throttle.window_start <= {} THEN {} ELSE throttle.window_start END "
    "RETURNING attempts, locked_until"
)


def _now() -> int:
    return int(time.time())


def _refuse(locked_until: int) -> TooManyAttempts:
    return TooManyAttempts(minutes=max(1, (locked_until - _now() + 59) // 60))


async def ensure_allowed(name: str) -> None:
    """Raise TooManyAttempts while this name is locked out."""
    row = await Throttle.select(Throttle.locked_until).where(Throttle.name == name).first()
    if row and row["locked_until"] > _now():
        raise _refuse(row["locked_until"])


async def count(name: str, limit: Limit) -> None:
    """Count one attempt; at the limit the name is locked out from the next attempt on.

    Raises TooManyAttempts while locked out (the upsert returns the lock): for attempts that
    are limited whether they succeed or not (a public sign-up), this call alone is the check."""
    now = _now()
    expired = now - limit.window
    rows = await Throttle.raw(_UPSERT, name[:200], now, expired, expired, now)
    attempts, locked_until = int(rows[0]["attempts"]), int(rows[0]["locked_until"])
    if locked_until > now:
        raise _refuse(locked_until)
    if attempts >= limit.attempts:
        until = now + limit.lock
        await Throttle.update({Throttle.locked_until: until}).where(Throttle.name == name[:200])


async def clear(name: str) -> None:
    """Forget the attempts (after a success)."""
    await Throttle.delete().where(Throttle.name == name[:200])
