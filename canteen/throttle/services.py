"""Rate limits and lock-outs for guessable things (PINs, pairing codes, logins, public forms).

Every attempt is counted BEFORE the secret is checked, by one conditional upsert that decides and
counts in the same statement (INSERT … ON CONFLICT DO UPDATE … RETURNING): however many attempts
arrive at once, from however many workers, the database hands out the numbers 1, 2, 3…, and only
those up to the limit are checked. The limit-th sets the lock in that same statement. The same
SQL runs on SQLite and PostgreSQL (an upsert is atomic on both: a row lock on PostgreSQL, the
single writer on SQLite).
"""

from __future__ import annotations

from canteen import clock
from canteen.throttle import rules
from canteen.throttle.errors import TooManyAttempts
from canteen.throttle.rules import (
    ACCOUNT_FAILURES,
    LOGIN_FAILURES,
    PAIRING_FAILURES,
    PIN_FAILURES,
    PUBLIC_SIGN_UPS,
    Limit,
)
from canteen.throttle.tables import Throttle

# The limits are decided in canteen.throttle.rules; callers name them through this module.
__all__ = [
    "ACCOUNT_FAILURES",
    "LOGIN_FAILURES",
    "PAIRING_FAILURES",
    "PIN_FAILURES",
    "PUBLIC_SIGN_UPS",
    "Limit",
    "TooManyAttempts",
    "clear",
    "count",
    "ensure_allowed",
    "refund",
]

# The old row's values on the right-hand side (both engines evaluate SET against the row as it
# was). :locked = a lock still running; :restart = the window is over or a past lock ended, so
# this attempt is the first of a new window.
_LOCKED = "throttle.locked_until > {now}"
_RESTART = "(throttle.window_start <= {expired} OR throttle.locked_until > 0)"
_UPSERT = (
    "INSERT INTO throttle (name, window_start, attempts, locked_until) "
    "VALUES ({name}, {now}, 1, {first_lock}) "
    "ON CONFLICT (name) DO UPDATE SET "
    f"attempts = CASE WHEN {_LOCKED} THEN throttle.attempts + 1 "
    f"WHEN {_RESTART} THEN 1 ELSE throttle.attempts + 1 END, "
    f"window_start = CASE WHEN {_LOCKED} THEN throttle.window_start "
    f"WHEN {_RESTART} THEN {{now}} ELSE throttle.window_start END, "
    f"locked_until = CASE WHEN {_LOCKED} THEN throttle.locked_until "
    f"WHEN {_RESTART} THEN {{first_lock}} "
    "WHEN throttle.attempts + 1 >= {limit} THEN {until} ELSE 0 END "
    "RETURNING attempts, locked_until"
)
# A success that should not use up the budget (a right pairing code, a right password from a
# shared address): one attempt less; the lock goes if that brings the count under the limit.
_REFUND = (
    "UPDATE throttle SET attempts = attempts - 1, "
    "locked_until = CASE WHEN attempts - 1 < {limit} THEN 0 ELSE locked_until END "
    "WHERE name = {name} AND attempts > 0"
)


def _now() -> int:
    """Whole seconds since the epoch, from canteen.clock."""
    return int(clock.now().timestamp())


def _sql(template: str, **values: object) -> tuple[str, list[object]]:
    """Piccolo's raw() takes positional {} placeholders: the named ones, in order, repeated."""
    names: list[str] = []
    parts = template.split("{")
    text = parts[0]
    for part in parts[1:]:
        name, rest = part.split("}", 1)
        names.append(name)
        text += "{}" + rest
    return text, [values[name] for name in names]


def _refuse(locked_until: int) -> TooManyAttempts:
    return TooManyAttempts(minutes=rules.minutes_left(locked_until, _now()))


async def ensure_allowed(name: str) -> None:
    """Raise TooManyAttempts while this name is locked out (a read: it counts nothing)."""
    row = (
        await Throttle.select(Throttle.locked_until).where(Throttle.name == rules.key(name)).first()
    )
    if row and rules.is_locked(row["locked_until"], _now()):
        raise _refuse(row["locked_until"])


async def count(name: str, limit: Limit) -> None:
    """Count one attempt before it is made; raise TooManyAttempts if it must not be made.

    Call it before checking the secret: the attempt is allowed only if the database numbered it
    within the limit, and the limit-th one locks the name from the next attempt on."""
    now = _now()
    until = rules.locked_until(now, limit)
    text, args = _sql(
        _UPSERT,
        name=rules.key(name),
        now=now,
        expired=rules.window_expired_before(now, limit),
        first_lock=until if rules.locks(1, limit) else 0,
        limit=limit.attempts,
        until=until,
    )
    rows = await Throttle.raw(text, *args)
    attempts, locked_until = int(rows[0]["attempts"]), int(rows[0]["locked_until"])
    await Throttle.delete().where(
        (Throttle.window_start <= rules.forgotten_before(now)) & (Throttle.locked_until <= now)
    )
    if not rules.allowed(attempts, limit):
        raise _refuse(locked_until)


async def refund(name: str, limit: Limit) -> None:
    """Give back an attempt counted by count() that turned out to be a success."""
    text, args = _sql(_REFUND, limit=limit.attempts, name=rules.key(name))
    await Throttle.raw(text, *args)


async def clear(name: str) -> None:
    """Forget the attempts (after a success that proves the secret: a right PIN, a password)."""
    await Throttle.delete().where(Throttle.name == rules.key(name))
