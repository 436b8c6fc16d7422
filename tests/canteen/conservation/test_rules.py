"""Conservation rules without a database: use-by per method (the canteen's own table over the
defaults), portions left, and what the coordinator must see expiring."""

from __future__ import annotations

from datetime import date

import pytest

from canteen.conservation import errors, rules

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("method", "last"),
    [
        ("chilled", date(2026, 12, 10)),
        ("frozen", date(2027, 3, 7)),
        ("pasteurised", date(2026, 12, 17)),
        ("canned", date(2027, 12, 7)),
    ],
)
def test_use_by_follows_the_method_by_default(method: str, last: date) -> None:
    assert rules.use_by(TODAY, method, {}, TODAY) == last
    assert rules.DEFAULTS[method].source  # every default names where it comes from


def test_the_canteens_own_rule_wins_over_the_default() -> None:
    assert rules.use_by(TODAY, "chilled", {"chilled": 2}, TODAY) == date(2026, 12, 9)
    assert rules.use_by(TODAY, "frozen", {"chilled": 2}, TODAY) == date(2027, 3, 7)


def test_a_batch_made_tomorrow_or_already_past_its_use_by_is_refused() -> None:
    with pytest.raises(errors.MadeDateInvalid):
        rules.use_by(date(2026, 12, 8), "chilled", {}, TODAY)
    with pytest.raises(errors.MadeDateInvalid):
        rules.use_by(date(2026, 12, 1), "chilled", {}, TODAY)
    assert rules.use_by(date(2026, 12, 4), "chilled", {}, TODAY) == TODAY  # last day: today


def test_unknown_methods_and_absurd_numbers_are_refused() -> None:
    with pytest.raises(errors.MethodUnknown):
        rules.use_by(TODAY, "smoked", {}, TODAY)
    for portions in (0, -1, rules.MAX_PORTIONS + 1):
        with pytest.raises(errors.PortionsInvalid):
            rules.check_portions(portions)
    with pytest.raises(errors.KeepDaysInvalid):
        rules.check_keep_days(0)


def test_portions_used_or_discarded_never_exceed_what_is_left() -> None:
    left = rules.portions_left(12, [{"portions": 5}, {"portions": 3}])
    assert left == 4
    rules.check_take(4, left)
    with pytest.raises(errors.NotEnoughPortions) as refused:
        rules.check_take(5, left)
    assert refused.value.params == {"left": 4}


def test_the_coordinator_sees_what_expires_within_two_days_while_portions_are_left() -> None:
    assert rules.expiring(date(2026, 12, 9), TODAY, left=3)
    assert rules.expiring(date(2026, 12, 6), TODAY, left=3)  # already past: still to act on
    assert not rules.expiring(date(2026, 12, 10), TODAY, left=3)
    assert not rules.expiring(date(2026, 12, 8), TODAY, left=0)
