"""Rate limits and lock-outs, pure: how many attempts in which window, locked for how long.

Times are whole seconds since the epoch (the throttle table stores integers).
"""

from __future__ import annotations

from dataclasses import dataclass

NAME_LENGTH = 200  # a throttle's name (kind:who) is cut to this many characters


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
# Wrong passwords for one email (an account or not: a lock-out must not tell which emails exist):
# the eighth within an hour locks that email for a quarter of an hour, from any address.
ACCOUNT_FAILURES = Limit(attempts=8, window=60 * 60, lock=15 * 60)


# A counter whose window and lock are over counts for nothing: it is deleted once this old (the
# longest window and lock are an hour), so an address or an e-mail's hash is kept a day at most.
FORGET_AFTER = 24 * 60 * 60


def forgotten_before(now: int) -> int:
    """Counters whose window started at or before this moment (and not locked) are deleted."""
    return now - FORGET_AFTER


def key(name: str) -> str:
    return name[:NAME_LENGTH]


def window_expired_before(now: int, limit: Limit) -> int:
    """A window that started at or before this moment is over: counting starts again at 1."""
    return now - limit.window


def is_locked(locked_until: int, now: int) -> bool:
    return locked_until > now


def allowed(attempts: int, limit: Limit) -> bool:
    """Whether the attempt counted as this one (1 = the first in the window) may be checked.

    Attempts are counted before they are checked, refused ones included: the limit-th is the
    last one checked (and locks the name), every later one is refused until the lock ends."""
    return attempts <= limit.attempts


def locks(attempts: int, limit: Limit) -> bool:
    """Whether this many attempts in the window lock the name out (from the next attempt on)."""
    return attempts >= limit.attempts


def locked_until(now: int, limit: Limit) -> int:
    return now + limit.lock


def minutes_left(locked_until: int, now: int) -> int:
    """The minutes to wait, rounded up, at least one."""
    return max(1, (locked_until - now + 59) // 60)
