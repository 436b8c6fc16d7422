"""The throttle's pure rules: windows, lock-outs and the minutes left."""

from __future__ import annotations

from canteen.throttle import rules
from canteen.throttle.rules import Limit

LIMIT = Limit(attempts=5, window=900, lock=900)


def test_the_limits_are_the_documented_ones() -> None:
    assert Limit(attempts=5, window=900, lock=900) == rules.PIN_FAILURES
    assert Limit(attempts=10, window=900, lock=900) == rules.PAIRING_FAILURES
    assert Limit(attempts=20, window=900, lock=900) == rules.LOGIN_FAILURES
    assert Limit(attempts=60, window=600, lock=3600) == rules.PUBLIC_SIGN_UPS
    assert Limit(attempts=8, window=3600, lock=900) == rules.ACCOUNT_FAILURES


def test_the_limit_th_attempt_locks_for_the_lock_time() -> None:
    assert not rules.locks(4, LIMIT)
    assert rules.locks(5, LIMIT)
    assert rules.locked_until(1000, LIMIT) == 1900
    assert rules.window_expired_before(1000, LIMIT) == 100
    # Counted before being checked: the fifth is still checked, the sixth is not.
    assert rules.allowed(5, LIMIT) and not rules.allowed(6, LIMIT)


def test_a_lock_holds_until_its_second_and_tells_whole_minutes() -> None:
    assert rules.is_locked(1001, 1000)
    assert not rules.is_locked(1000, 1000)
    assert rules.minutes_left(1900, 1000) == 15
    assert rules.minutes_left(1901, 1000) == 16
    assert rules.minutes_left(1001, 1000) == 1
    assert rules.minutes_left(1000, 1000) == 1  # never "wait 0 minutes"


def test_names_are_cut_to_what_the_table_stores() -> None:
    assert rules.key("x" * 500) == "x" * 200
    assert rules.key("pin:1:abc") == "pin:1:abc"


def test_a_counter_is_forgotten_a_day_after_its_window_started() -> None:
    assert rules.forgotten_before(100_000) == 100_000 - 86_400
