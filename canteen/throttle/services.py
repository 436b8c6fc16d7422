"""Rate limits and lock-outs for guessable things (PINs, pairing codes, logins, public forms).

One upsert per attempt decides atomically on both engines, so a limit holds across workers.
"""

from __future__ import annotations

from canteen import clock
from canteen.throttle import rules
from canteen.throttle.errors import TooManyAttempts
from canteen.throttle.rules import (
    LOGIN_FAILURES,
    PAIRING_FAILURES,
    PIN_FAILURES,
    PUBLIC_SIGN_UPS,
    Limit,
)
from canteen.throttle.tables import Throttle

# The limits are decided in canteen.throttle.rules; callers name them through this module.
__all__ = [
    "LOGIN_FAILURES",
    "PAIRING_FAILURES",
    "PIN_FAILURES",
    "PUBLIC_SIGN_UPS",
    "Limit",
    "TooManyAttempts",
    "clear",
    "count",
    "ensure_allowed",
]

_UPSERT = (
    "INSERT INTO throttle (name, window_start, attempts, locked_until) VALUES ({}, {}, 1, 0) "
    "ON CONFLICT (name) DO UPDATE SET "
    "attempts = CASE WHEN throttle.window_start <= {} THEN 1 ELSE throttle.attempts + 1 END, "
    "window_start = CASE WHEN throttle.window_start <= {} THEN {} ELSE throttle.window_start END "
    "RETURNING attempts, locked_until"
)


def _now() -> int:
    """Whole seconds since the epoch, from canteen.clock."""
    return int(clock.now().timestamp())


def _refuse(locked_until: int) -> TooManyAttempts:
    return TooManyAttempts(minutes=rules.minutes_left(locked_until, _now()))


async def ensure_allowed(name: str) -> None:
    """Raise TooManyAttempts while this name is locked out."""
    row = await Throttle.select(Throttle.locked_until).where(Throttle.name == name).first()
    if row and rules.is_locked(row["locked_until"], _now()):
        raise _refuse(row["locked_until"])


async def count(name: str, limit: Limit) -> None:
    """Count one attempt; at the limit the name is locked out from the next attempt on.

    Raises TooManyAttempts while locked out (the upsert returns the lock): for attempts that
    are limited whether they succeed or not (a public sign-up), this call alone is the check."""
    now = _now()
    expired = rules.window_expired_before(now, limit)
    rows = await Throttle.raw(_UPSERT, rules.key(name), now, expired, expired, now)
    attempts, locked_until = int(rows[0]["attempts"]), int(rows[0]["locked_until"])
    if rules.is_locked(locked_until, now):
        raise _refuse(locked_until)
    if rules.locks(attempts, limit):
        until = rules.locked_until(now, limit)
        await Throttle.update({Throttle.locked_until: until}).where(
            Throttle.name == rules.key(name)
        )


async def clear(name: str) -> None:
    """Forget the attempts (after a success)."""
    await Throttle.delete().where(Throttle.name == rules.key(name))
