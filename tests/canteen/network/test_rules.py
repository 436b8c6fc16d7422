"""The network's pure rules: pairing codes, their life, PINs and who is throttled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from canteen.network import rules

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_a_pairing_code_is_two_groups_of_four_without_look_alikes() -> None:
    code = rules.new_pairing_code()
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(rules.CODE_ALPHABET)
    assert not set(rules.CODE_ALPHABET) & set("01OIL")


def test_a_code_is_read_back_however_it_was_typed() -> None:
    assert rules.normalise_code("abcd efgh") == "ABCD-EFGH"
    assert rules.normalise_code(" ab-cd-ef-gh ") == "ABCD-EFGH"
    assert rules.normalise_code("abc") == "ABC"  # too short: left as typed, never matches


def test_a_code_works_until_its_expiry_moment_included() -> None:
    expires = rules.pairing_expires_at(NOON, 30)
    assert expires == NOON + timedelta(minutes=30)
    assert not rules.pairing_code_expired(expires, expires)
    assert rules.pairing_code_expired(expires, expires + timedelta(seconds=1))


def test_only_the_same_tablet_replays_a_used_code() -> None:
    device = {"client_id": "tablet-1", "revoked_at": None}
    assert rules.may_replay(device, "tablet-1")
    assert not rules.may_replay(device, "tablet-2")
    assert not rules.may_replay({**device, "revoked_at": NOON}, "tablet-1")
    assert not rules.may_replay(None, "tablet-1")


def test_a_pin_has_six_digits_and_is_compared_without_spaces() -> None:
    pins = {rules.new_pin() for _ in range(50)}
    assert all(len(pin) == 6 and pin.isdigit() for pin in pins)
    assert rules.clean_pin(" 012345 ") == "012345"


def test_failures_are_counted_per_canteen_and_device_or_per_address() -> None:
    assert rules.pin_throttle(3, "device:7") == "pin:3:device:7"
    assert rules.pairing_throttle("203.0.113.5") == "pair:203.0.113.5"
