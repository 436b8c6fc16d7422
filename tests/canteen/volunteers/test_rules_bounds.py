"""A volunteer's details at their exact limits, and shift times as the coordinator typed them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from canteen.volunteers import errors, rules


def test_a_one_letter_first_name_and_names_with_combining_marks_are_kept() -> None:
    assert rules.clean_first_name("J") == "J"
    assert rules.clean_first_name("x" * rules.FIRST_NAME_MAX) == "x" * rules.FIRST_NAME_MAX
    assert rules.clean_first_name("Anne-Marie O’Neil Jr.") == "Anne-Marie O’Neil Jr."
    assert rules.clean_first_name("देवी") == "देवी"  # a vowel sign (Mc)
    assert rules.clean_first_name("Ya\u0327") == "Ya\u0327"  # no precomposed form: a mark (Mn)
    for wrong in ("x" * (rules.FIRST_NAME_MAX + 1), "Jo3", "a@b", "<b>", "Jo_", "Jo;"):
        with pytest.raises(errors.FirstNameInvalid):
            rules.clean_first_name(wrong)


def test_phone_numbers_at_their_limits() -> None:
    assert rules.clean_phone("123456") == "123456"
    assert rules.clean_phone("+" + "1" * 15) == "+" + "1" * 15
    longest = "+1 " + " ".join(["12"] * 7) + " 0"  # 16 digits: too many
    with pytest.raises(errors.PhoneInvalid):
        rules.clean_phone(longest)
    dotted = "12.34.56.78".ljust(rules.PHONE_MAX, ".")  # 32 characters, 8 digits
    assert rules.clean_phone(dotted) == dotted
    with pytest.raises(errors.PhoneInvalid):
        rules.clean_phone(dotted + ".")
    assert rules.clean_phone("1" * 15) == "1" * 15
    for wrong in ("12345", "1+23456789", "+1+23456789"):
        with pytest.raises(errors.PhoneInvalid):
            rules.clean_phone(wrong)


def test_an_email_of_the_longest_allowed_length_is_kept() -> None:
    longest = "a" * (rules.EMAIL_MAX - len("@example.org")) + "@example.org"
    assert rules.clean_email(longest) == longest
    with pytest.raises(errors.EmailInvalid):
        rules.clean_email("a" + longest)


def test_clock_times_and_shift_lengths() -> None:
    assert rules.parse_clock(" 9:05 ") == 545
    for wrong in ("9:05:00", "24:00", "9:60", "9h00", "9:5"):
        with pytest.raises(errors.TimesInvalid):
            rules.parse_clock(wrong)
    start = rules.moment(date(2026, 3, 28), 9 * 60 + 30, "Europe/Paris")
    assert start == datetime(2026, 3, 28, 8, 30, tzinfo=UTC)
    assert start.utcoffset() is not None and start.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert str(start.tzinfo) == "UTC"
    end = datetime(2026, 3, 28, 11, 0, 59, tzinfo=UTC)
    assert rules.shift_minutes(start, end) == 150
    assert isinstance(rules.shift_minutes(start, end), int)


def test_too_many_weeks_ahead_names_the_limit() -> None:
    with pytest.raises(errors.WeeksOutOfRange) as refused:
        rules.check_weeks(rules.MAX_WEEKS + 1)
    assert refused.value.params == {"max": rules.MAX_WEEKS}
