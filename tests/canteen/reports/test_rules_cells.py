"""The small-cell rule at its edges: which groups are too small, which second cell is hidden so
that a small one cannot be worked out by subtraction, and the periods' month boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from canteen.reports import rules
from canteen.reports.rules import Grid, Period


@pytest.mark.parametrize(
    ("smileys", "hide"),
    [
        ([5, 5, 5, 5], False),
        ([4, 6, 5, 5], True),  # one smiley of four people
        ([6, 4, 5, 5], True),
        ([5, 5, 4, 6], True),
        ([5, 5, 6, 4], True),
        ([0, 0, 5, 5], False),  # nobody is nobody
        ([0, 3, 0, 9], True),  # "not yes" of three
        ([3, 0, 0, 9], True),
        ([0, 9, 0, 3], True),  # "yes" of three
        ([9, 0, 3, 0], True),
        ([0, 0, 5, 0], False),  # every answer the same smiley: five in all
        ([5, 0, 0, 0], False),
        ([0, 0, 0, 0], True),  # nobody answered: fewer than five in all
    ],
)
def test_a_questions_smileys_are_hidden_when_any_group_is_small(
    smileys: list[int], hide: bool
) -> None:
    assert rules.has_small_group(smileys) is hide


def test_another_threshold_moves_every_edge() -> None:
    assert rules.has_small_group([5, 5, 5, 5], threshold=6)
    assert not rules.has_small_group([2, 0, 0, 0], threshold=2)
    assert rules.has_small_group([1, 0, 0, 0], threshold=2)
    grid = Grid()
    grid.cell("a", 6)
    grid.cell("b", 9)
    grid.cell("total", 15)
    grid.add_sum("total", ["a", "b"])
    assert grid.protect(threshold=7) == {"a", "b"}
    assert grid.protect() == set()


def grid(counts: dict[str, int], *, fixed: tuple[str, ...] = ()) -> Grid:
    g = Grid()
    for key, n in counts.items():
        g.cell(key, n, fixed=key in fixed)
    return g


def test_the_second_cell_hidden_is_the_smallest_non_zero_visible_part() -> None:
    g = grid({"a": 2, "zero": 0, "b": 9, "c": 6, "total": 17})
    g.add_sum("total", ["a", "zero", "b", "c"])
    assert g.protect() == {"a", "c"}  # hiding the 0 would tell nothing


def test_only_zeros_left_then_a_zero_is_hidden_else_the_total() -> None:
    g = grid({"a": 3, "z1": 0, "z2": 0, "b": 9, "total": 12}, fixed=("b",))
    g.add_sum("total", ["a", "z2", "z1", "b"])
    assert g.protect() == {"a", "z1"}  # ties go by name
    g = grid({"a": 3, "b": 8, "total": 11}, fixed=("b",))
    g.add_sum("total", ["a", "b"])
    assert g.protect() == {"a", "total"}


def test_ties_between_equal_parts_go_by_name() -> None:
    g = grid({"a": 3, "y": 7, "x": 7, "total": 17})
    g.add_sum("total", ["a", "y", "x"])
    assert g.protect() == {"a", "x"}


def test_hiding_goes_on_until_no_sum_gives_a_cell_away() -> None:
    # Lyon's small cell hides a second one in its row; that one is in a column too, which then
    # needs a second hidden cell of its own.
    g = grid(
        {
            "lyon_yes": 2,
            "lyon_no": 8,
            "lyon": 10,
            "lille_yes": 9,
            "lille_no": 6,
            "lille": 15,
            "no": 14,
        }
    )
    g.add_sum("lyon", ["lyon_yes", "lyon_no"])
    g.add_sum("lille", ["lille_yes", "lille_no"])
    g.add_sum("no", ["lyon_no", "lille_no"])
    assert g.protect() == {"lyon_yes", "lyon_no", "lille_no", "lille_yes"}


def test_a_base_of_exactly_five_shows_its_breakdown() -> None:
    g = grid({"yes": 5, "no": 0, "answers": 5}, fixed=("answers",))
    g.add_sum("answers", ["yes", "no"], base=True)
    assert g.protect() == set()
    g = grid({"yes": 0, "no": 0, "answers": 0}, fixed=("answers",))
    g.add_sum("answers", ["yes", "no"], base=True)
    assert g.protect() == {"yes", "no"}  # a base under five: its breakdown goes, zeros too
    g = grid({"yes": 0, "no": 0})
    g.add_sum("answers", ["yes", "no"], base=True)  # the base was never counted: 0
    assert g.protect() == {"answers", "yes", "no"}


def test_a_plain_sum_is_not_a_base() -> None:
    g = grid({"yes": 0, "no": 0, "answers": 0})
    g.add_sum("answers", ["yes", "no"])
    assert g.protect() == set()


def test_a_protection_that_cannot_be_completed_says_which_cells() -> None:
    g = grid({"a": 2, "b": 8, "total": 10}, fixed=("b", "total"))
    g.add_sum("total", ["a", "b"])
    with pytest.raises(ValueError, match="'total', 'a', 'b'"):
        g.protect()


def test_a_cover_average_with_one_cover_is_the_amount() -> None:
    assert rules.per_cover(250, 1) == 250
    assert rules.per_cover(250, -1) is None


@pytest.mark.parametrize(
    ("start", "end", "whole", "edges"),
    [
        (date(2026, 3, 1), date(2026, 3, 31), (date(2026, 3, 1), date(2026, 4, 1)), []),
        (
            date(2026, 3, 1),
            date(2026, 4, 29),
            (date(2026, 3, 1), date(2026, 4, 1)),
            [(date(2026, 4, 1), date(2026, 4, 29))],
        ),
        (date(2026, 3, 1), date(2026, 3, 30), None, None),
        (date(2026, 3, 31), date(2026, 4, 30), (date(2026, 4, 1), date(2026, 5, 1)), "left"),
    ],
)
def test_whole_months_at_their_boundary_days(
    start: date, end: date, whole: tuple[date, date] | None, edges: object
) -> None:
    period = Period(start=start, end=end)
    found, around = rules.whole_months(period)
    assert found == whole
    if edges is None:
        assert around == [period]
    elif edges == "left":
        assert around == [Period(start=start, end=date(2026, 3, 31))]
    else:
        assert around == [Period(start=a, end=b) for a, b in edges]  # type: ignore[union-attr]
