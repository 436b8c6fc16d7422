"""Published results never show groups smaller than 5, nor let them be recovered by subtraction."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any

import pytest

from canteen.reports import protect, rules, services
from canteen.reports.rules import Grid
from tests.canteen.reports.data import answers, past_service

SPRING = rules.make(date(2026, 3, 1), date(2026, 4, 30))


def recoverable(grid: Grid, hidden: set[Hashable]) -> list[Hashable]:
    """What an attacker gets by subtracting: a sum with exactly one hidden member gives it away."""
    known = {key for key in grid.counts if key not in hidden}
    found = []
    changed = True
    while changed:
        changed = False
        for total, parts in grid.sums:
            unknown = [key for key in (total, *parts) if key not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                found.append(unknown[0])
                changed = True
    return found


def breakdown(values: list[int]) -> Grid:
    grid = Grid()
    parts = [f"v{i}" for i in range(1, len(values) + 1)]
    for key, value in zip(parts, values, strict=True):
        grid.cell(key, value)
    grid.cell("answers", sum(values), fixed=True)
    grid.add_sum("answers", parts, base=True)
    return grid


def test_a_table_with_one_small_cell_hides_a_second_cell() -> None:
    grid = breakdown([2, 10, 30, 40])
    hidden = grid.protect()
    # 2 is hidden; alone it would be 82 - 10 - 30 - 40: the smallest other cell goes with it.
    assert hidden == {"v1", "v2"}
    assert recoverable(grid, hidden) == []


def test_two_small_cells_protect_each_other() -> None:
    grid = breakdown([1, 3, 30, 40])
    assert grid.protect() == {"v1", "v2"}


def test_every_figure_of_a_breakdown_under_five_answers_is_hidden_even_zeros() -> None:
    grid = breakdown([1, 0, 2, 0])
    assert grid.protect() == {"v1", "v2", "v3", "v4"}


def test_nothing_is_hidden_when_every_group_has_five_or_more() -> None:
    grid = breakdown([5, 0, 12, 40])
    assert grid.protect() == set()


def test_complementary_suppression_reaches_across_canteens_and_the_network_total() -> None:
    # Rows: canteens; columns: smileys; the network row is published too.
    grid = Grid()
    rows = {"a": [2, 9, 30, 40], "b": [20, 30, 50, 60], "c": [15, 6, 25, 35]}
    for canteen, values in rows.items():
        parts = [(canteen, v) for v in range(4)]
        for key, value in zip(parts, values, strict=True):
            grid.cell(key, value)
        grid.cell((canteen, "n"), sum(values), fixed=True)
        grid.add_sum((canteen, "n"), parts, base=True)
    for v in range(4):
        grid.cell(("network", v), sum(values[v] for values in rows.values()))
        grid.add_sum(("network", v), [(canteen, v) for canteen in rows])
    hidden = grid.protect()
    assert ("a", 0) in hidden  # the small cell
    assert ("a", 1) in hidden  # its complement in the row
    # In the network's column, another canteen's cell is hidden with it.
    assert ("c", 0) in hidden and ("c", 1) in hidden
    assert ("b", 0) not in hidden and ("network", 0) not in hidden
    assert recoverable(grid, hidden) == []


@pytest.mark.parametrize(
    "values",
    [[1, 2, 3, 4], [0, 4, 90, 10], [7, 1, 1, 50], [3, 30, 0, 2], [6, 6, 6, 6], [0, 0, 0, 9]],
)
def test_no_protected_figure_can_be_recovered_from_a_question(values: list[int]) -> None:
    grid = Grid()
    protect._question_cells(grid, 1, "welcome", values)
    hidden = grid.protect()
    assert recoverable(grid, hidden) == []
    small = {key for key, n in grid.counts.items() if 0 < n < 5 and key not in grid.fixed}
    assert small <= hidden


async def _survey_canteen(slug: str, city: str, values: list[int]) -> int:
    from tests.factories import make_canteen

    canteen = await make_canteen(slug, city=city)
    smileys = [v for v, n in zip((1, 2, 3, 4), values, strict=True) for _ in range(n)]
    await past_service(
        canteen,
        date(2026, 3, 10),
        parties=[(1, True)] * 3 + [(2, False)] * 6,
        surveys=answers("welcome", smileys),
    )
    return canteen


async def test_survey_results_hide_small_groups_on_both_dashboards(db: str) -> None:
    lyon = await _survey_canteen("lyon", "Lyon", [2, 9, 30, 40])  # 2 sad: hidden
    await _survey_canteen("lille", "Lille", [20, 30, 50, 60])
    await _survey_canteen("vaise", "Lyon", [15, 6, 25, 35])
    network = await services.dashboard(SPRING)
    mine = await services.dashboard(SPRING, lyon)
    welcome = mine.totals.survey[0]
    assert welcome.question == "welcome" and welcome.answers == 81
    assert welcome.counts[0] is None and welcome.counts[1] is None  # 2, and 9 with it
    assert welcome.counts[2:] == [30, 40] and welcome.positive == 70
    net = network.totals.survey[0]
    assert net.answers == 81 + 160 + 81 and net.counts[0] == 37
    by_slug = {c.canteen.slug: c.figures.survey[0] for c in network.canteens}
    assert by_slug["lille"].counts == [20, 30, 50, 60]
    # The network's 37 sad faces minus Lille's 20 would give Lyon's 2 if Vaise's 15 showed.
    assert by_slug["vaise"].counts[0] is None
    assert by_slug["lyon"].counts == welcome.counts  # the same on the canteen's own page


async def test_first_visits_hide_a_small_group_and_its_complement(db: str) -> None:
    from tests.factories import make_canteen

    small = await make_canteen("small", city="Lille")
    big = await make_canteen("big", city="Lyon")
    other = await make_canteen("other", city="Lyon")
    await past_service(small, date(2026, 3, 10), parties=[(2, True)] * 2 + [(1, False)] * 8)
    await past_service(big, date(2026, 3, 10), parties=[(1, True)] * 9 + [(1, False)] * 30)
    await past_service(other, date(2026, 3, 11), parties=[(3, True)] * 6 + [(1, False)] * 7)
    network = await services.dashboard(SPRING)
    by_slug: dict[str, Any] = {c.canteen.slug: c.figures.first_visits for c in network.canteens}
    assert by_slug["small"].answers == 10
    assert by_slug["small"].first_parties is None and by_slug["small"].first_covers is None
    # Network 17 first-visit parties - big's 9 - other's 6 would give small's 2: one more hides.
    assert by_slug["other"].first_parties is None
    assert by_slug["big"].first_parties == 9 and by_slug["big"].first_covers == 9
    assert network.totals.first_visits.first_covers == 4 + 9 + 18
    own = (await services.dashboard(SPRING, small)).totals.first_visits
    assert own.first_covers is None and own.answers == 10


def test_a_period_without_any_answer_shows_nothing_and_does_not_hang() -> None:
    """A canteen without a single meal in the period: no answers, nothing to show, no loop."""
    visits = protect.first_visits([])
    assert visits[protect.NETWORK].answers == 0
    assert visits[protect.NETWORK].first_parties is None
    assert protect.survey([]) == {} or all(not v for v in protect.survey([]).values())


def test_a_sum_whose_parts_are_always_shown_cannot_be_protected() -> None:
    grid = Grid()
    grid.cell("total", 3)
    grid.cell("part", 3, fixed=True)
    grid.add_sum("total", ["part"])
    with pytest.raises(ValueError, match="always shown"):
        grid.protect()
