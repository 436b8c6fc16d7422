"""Diners' answers as published: first visits and survey results, protected across the network.

The grids always span every canteen with data in the period, with the network totals as published
sums, so a canteen's own page hides at least what the network report hides for it: putting the
two side by side gives nothing away.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from canteen.meals.services import QUESTIONS
from canteen.reports.rules import Grid, has_small_group, shown
from canteen.reports.schemas import SMILEYS, FirstVisits, SurveyResult

NETWORK = None  # the key of the network's own figures


def first_visits(rows: Iterable[dict[str, Any]]) -> dict[int | None, FirstVisits]:
    """Per canteen (and None for the network): parties answering, first visits (parties, people).

    rows: per canteen sums with first_visit_parties / returning_parties / first_visit_covers.
    """
    grid = Grid()
    totals: dict[str, int] = {"F": 0, "R": 0, "people": 0}
    people: dict[Hashable, int] = {}
    canteens = []
    for row in rows:
        c = row["canteen"]
        canteens.append(c)
        first, returning = row["first_visit_parties"], row["returning_parties"]
        grid.cell(("F", c), first)
        grid.cell(("R", c), returning)
        grid.cell(("A", c), first + returning, fixed=True)
        grid.add_sum(("A", c), [("F", c), ("R", c)], base=True)
        people[c] = row["first_visit_covers"]
        totals["F"] += first
        totals["R"] += returning
        totals["people"] += row["first_visit_covers"]
    grid.cell(("F", NETWORK), totals["F"])
    grid.cell(("R", NETWORK), totals["R"])
    grid.cell(("A", NETWORK), totals["F"] + totals["R"], fixed=True)
    grid.add_sum(("A", NETWORK), [("F", NETWORK), ("R", NETWORK)], base=True)
    for kind in ("F", "R", "A"):
        grid.add_sum((kind, NETWORK), [(kind, c) for c in canteens])
    people[NETWORK] = totals["people"]
    hidden = grid.protect()
    result: dict[int | None, FirstVisits] = {}
    for c in [*canteens, NETWORK]:
        first = grid.counts[("F", c)]
        result[c] = FirstVisits(
            answers=grid.counts[("A", c)],
            first_parties=shown(first, ("F", c), hidden),
            first_covers=shown(people[c], ("F", c), hidden),
        )
    return result


def survey(rows: Iterable[dict[str, Any]]) -> dict[int | None, list[SurveyResult]]:
    """Per canteen (and None for the network): answers per smiley for each question.

    rows: per canteen and question_key, with answers and v1..v4.
    """
    grid = Grid()
    counts: dict[tuple[int | None, str], list[int]] = {}
    canteens: list[int] = []
    for row in rows:
        if row["question_key"] not in QUESTIONS:
            continue
        key = (row["canteen"], row["question_key"])
        counts[key] = [row[f"v{v}"] for v in SMILEYS]
        if row["canteen"] not in canteens:
            canteens.append(row["canteen"])
    questions = [q for q in QUESTIONS if any(k[1] == q for k in counts)]
    for q in questions:
        counts[(NETWORK, q)] = [
            sum(counts.get((c, q), [0, 0, 0, 0])[i] for c in canteens) for i in range(4)
        ]
    if not any(has_small_group(values) for values in counts.values()):
        # Nothing small anywhere (a network's usual year): nothing to hide or to complete.
        return _survey_results(counts, questions, canteens, set())
    for (c, q), values in counts.items():
        _question_cells(grid, c, q, values)
    for q in questions:
        for part in [*(("s", v) for v in SMILEYS), ("P",), ("Q",)]:
            grid.add_sum((*part, NETWORK, q), [(*part, c, q) for c in canteens if (c, q) in counts])
    return _survey_results(counts, questions, canteens, grid.protect())


def _survey_results(
    counts: dict[tuple[int | None, str], list[int]],
    questions: list[str],
    canteens: list[int],
    hidden: set[Hashable],
) -> dict[int | None, list[SurveyResult]]:
    result: dict[int | None, list[SurveyResult]] = {c: [] for c in [*canteens, NETWORK]}
    for q in questions:
        for c in [*canteens, NETWORK]:
            if (c, q) not in counts:
                continue
            values = counts[(c, q)]
            result[c].append(
                SurveyResult(
                    question=q,
                    answers=sum(values),
                    counts=[shown(values[v - 1], ("s", v, c, q), hidden) for v in SMILEYS],
                    positive=shown(values[2] + values[3], ("P", c, q), hidden),
                )
            )
    return result


def _question_cells(grid: Grid, c: int | None, q: str, values: list[int]) -> None:
    """Smileys 1-4, "yes" (P = 3 + 4) and "not yes" (Q = 1 + 2, known as N - P): all protected."""
    smileys = [("s", v, c, q) for v in SMILEYS]
    for key, value in zip(smileys, values, strict=True):
        grid.cell(key, value)
    grid.cell(("N", c, q), sum(values), fixed=True)
    grid.cell(("P", c, q), values[2] + values[3])
    grid.cell(("Q", c, q), values[0] + values[1])
    grid.add_sum(("N", c, q), smileys, base=True)
    grid.add_sum(("P", c, q), smileys[2:])
    grid.add_sum(("Q", c, q), smileys[:2])
    grid.add_sum(("N", c, q), [("P", c, q), ("Q", c, q)])
