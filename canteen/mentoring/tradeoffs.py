"""What a proposal traded away, and the near misses of a project left without a mentor. Pure.

Staff trust a proposal when it says why the obvious choice was not made: "a closer mentor in Lyon
is full", "the mentor in Lima is closer but does not speak French", "mentoring from abroad: no
nearby mentor speaking French has a free place". Each mentor nearer than the one proposed (or,
for a project with no mentor, the nearest few) gets the one obstacle that ruled it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from canteen.mentoring.rules import Limits, MentorInfo, ProjectInfo, distances_km

Obstacle = Literal["language", "too_far", "rejected", "full", "taken", "fit"]
SHOWN = 3  # obstacles shown per project


@dataclass(frozen=True)
class Outcome:
    """The mentors of one run, their free places before and after it, the rejected pairs
    (project index, mentor index) and the network's limits."""

    mentors: Sequence[MentorInfo]
    free_before: Sequence[int]
    free_after: Sequence[int]
    rejected: set[tuple[int, int]]
    limits: Limits


def obstacle(project: ProjectInfo, p: int, m: int, km: float, outcome: Outcome) -> Obstacle:
    """The first reason mentor m is not project p's mentor in this run."""
    mentor = outcome.mentors[m]
    if not project.languages or project.languages[0] not in mentor.languages:
        return "language"
    if km > outcome.limits.max_km:
        return "too_far"
    if (p, m) in outcome.rejected:
        return "rejected"
    if outcome.free_before[m] <= 0:
        return "full"
    if outcome.free_after[m] <= 0:
        return "taken"
    return "fit"


def is_nearby(project: ProjectInfo, mentor: MentorInfo, km: float, limits: Limits) -> bool:
    """Same country, or within the network's nearby radius."""
    return bool(project.country) and project.country == mentor.country or km <= limits.nearby_km


def _missed(
    project: ProjectInfo, p: int, outcome: Outcome, within_km: float | None
) -> list[dict[str, object]]:
    km = distances_km([project], outcome.mentors)[0]
    order = np.argsort(km, kind="stable")
    found: list[dict[str, object]] = []
    for m in order:
        if within_km is not None and km[m] >= within_km:
            break
        found.append(
            {
                "mentor": int(m),
                "km": round(float(km[m])),
                "why": obstacle(project, p, int(m), float(km[m]), outcome),
            }
        )
        if len(found) == SHOWN:
            break
    return found


def traded_away(project: ProjectInfo, p: int, m: int, outcome: Outcome) -> dict[str, object]:
    """For the proposal p → m: is it from afar, and which closer mentors were passed over and
    why (mentor index, km, obstacle), nearest first."""
    km = float(distances_km([project], [outcome.mentors[m]])[0, 0])
    return {
        "far": not is_nearby(project, outcome.mentors[m], km, outcome.limits),
        "closer": _missed(project, p, outcome, km),
    }


def near_misses(project: ProjectInfo, p: int, outcome: Outcome) -> list[dict[str, object]]:
    """For a project with no mentor: its nearest mentors and what ruled each out."""
    return _missed(project, p, outcome, None)
