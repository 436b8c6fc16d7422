"""Accounts' pure rules: passwords, emails, lock-outs and session lifetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from canteen.accounts import rules
from canteen.accounts.errors import EmailInvalid, PasswordTooShort

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_a_password_needs_ten_characters() -> None:
    rules.check_password("x" * 10)
    with pytest.raises(PasswordTooShort) as short:
        rules.check_password("x" * 9)
    assert short.value.params == {"min": 10}


def test_a_generated_password_is_long_enough_and_has_no_look_alikes() -> None:
    password = rules.new_password()
    assert len(password) == 19 and password.count("-") == 3
    rules.check_password(password)
    assert not set(password) & set("01lIoO")


def test_an_email_is_stored_trimmed_in_lower_case_and_checked() -> None:
    assert rules.check_email("  Amina@Example.ORG ") == "amina@example.org"
    for wrong in ("amina", "amina@example", "a b@example.org", "@example.org"):
        with pytest.raises(EmailInvalid):
            rules.check_email(wrong)
    with pytest.raises(EmailInvalid):
        rules.check_email("a@" + "x" * 250 + ".org")


def test_wrong_passwords_are_counted_per_email_as_stored_without_keeping_it() -> None:
    name = rules.login_throttle("  Amina@Example.ORG ")
    assert name == rules.login_throttle("amina@example.org")
    assert "amina" not in name and len(name) <= 200
    long_one, other = "a" * 240 + "@example.org", "a" * 240 + "@example.net"
    assert rules.login_throttle(long_one) != rules.login_throttle(other)


def test_a_session_ends_after_its_lifetime_or_when_idle() -> None:
    expires = rules.session_expires_at(NOON, 12)
    assert expires == NOON + timedelta(hours=12)
    assert not rules.session_over(expires, NOON, NOON + timedelta(minutes=59), 60)
    assert rules.session_over(expires, NOON, NOON + timedelta(minutes=60), 60)
    late = expires - timedelta(minutes=1)
    assert not rules.session_over(expires, late, late, 60)
    assert rules.session_over(expires, late, expires, 60)


def test_last_seen_is_written_at_most_once_a_minute() -> None:
    assert not rules.worth_touching(NOON, NOON + timedelta(seconds=59))
    assert rules.worth_touching(NOON, NOON + timedelta(seconds=60))
