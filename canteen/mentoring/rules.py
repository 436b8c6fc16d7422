"""Mentoring's rules: who may be paired at all (hard filters: the mentor speaks the project's main
language, has a free place and is within the network's maximum distance), how well an allowed
mentor fits (nearby first, then distance, kind of place, size, experience, free places), the
facts that explain a proposal, and why a project got no mentor. Pure (numpy): the solver is in
match.py, what each proposal traded away in tradeoffs.py, the words in words.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import numpy as np

from canteen import geo, text
from canteen.errors import N_

# The parts of the fit, in points (a perfect pair scores about 1000).
DISTANCE_POINTS = 400  # 400 / (1 + km / DISTANCE_SCALE_KM): 12 km → 357, 100 km → 200
DISTANCE_SCALE_KM = 100.0
SHARED_LANGUAGE_POINTS = 60  # required anyway; a base so every allowed pair scores > 0
MAIN_LANGUAGE_POINTS = 40  # the mentor speaks the project's main language
PREMISES_POINTS = 80
AREA_POINTS = 70
MODEL_POINTS = 80
SIZE_POINTS = 70  # × (1 − |covers difference| / larger covers)
EXPERIENCE_POINTS = 120  # × min(months running, 36) / 36
EXPERIENCE_FULL_MONTHS = 36
LOAD_POINTS = 80  # × free share of the mentor's capacity before this match
SIMILAR_SIZE = 0.3  # covers differing by at most 30 % of the larger are "similar"
DAYS_PER_MONTH = 30.44
# Distances are computed this many projects at a time: a network-sized match stays small.
DISTANCE_ROWS = 512
# A nearby pair (same country, or within the nearby radius) outranks any far one: mentoring from
# abroad is proposed only when no nearby mentor speaking the main language can take the project.
NEARBY_POINTS = 10_000
# The defaults of the network's settings CANTEEN_MENTOR_MAX_KM and CANTEEN_MENTOR_NEARBY_KM.
MAX_KM = 8_000.0
NEARBY_KM = 1_000.0
# An open proposal kept when the match runs again (staff are not shown a reshuffled list).
KEEP_POINTS = 300

# Why a project got no mentor in a run.
Reason = Literal["no_language", "too_far", "rejected", "full", "taken", "no_mentor"]
UNMATCHED_REASONS: dict[str, str] = {
    "no_language": N_("No mentor speaks its main language ({language})."),
    "too_far": N_(
        "The mentors who speak its main language ({language}) are all further than {km} km."
    ),
    "rejected": N_("Every mentor who speaks its main language was rejected for it."),
    "full": N_("Every mentor who speaks its main language is full."),
    "taken": N_(
        "The free places of the mentors who speak its main language went to other projects."
    ),
    "no_mentor": N_("No canteen has opted in as a mentor yet."),
}


@dataclass(frozen=True)
class Limits:
    """The network's hard limit on distance and what it calls nearby (kilometres)."""

    max_km: float = MAX_KM
    nearby_km: float = NEARBY_KM


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    latitude: float
    longitude: float
    languages: tuple[str, ...]  # the first is the main language
    premises: str
    area: str
    model: str
    covers: int
    country: str = ""


@dataclass(frozen=True)
class MentorInfo:
    id: int
    latitude: float
    longitude: float
    languages: tuple[str, ...]
    premises: str
    area: str
    model: str
    covers: int
    months_running: int
    capacity: int  # projects at once
    load: int = 0  # projects mentored now
    country: str = ""


# Capacity -----------------------------------------------------------------------------------


def free_places(capacity: int, load: int) -> int:
    """Projects a mentor may still take (never below zero)."""
    return max(0, capacity - load)


def is_full(capacity: int, load: int) -> bool:
    return load >= capacity


def months_running(opened_on: datetime | None, moment: datetime) -> int:
    """Whole months since the mentor's canteen opened (0 when unknown or in the future)."""
    if opened_on is None:
        return 0
    return max(0, int((moment - opened_on).days / DAYS_PER_MONTH))


def project_info(row: Mapping[str, Any]) -> ProjectInfo:
    """What the fit needs of a project row."""
    return ProjectInfo(
        id=row["id"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        languages=tuple(text.split(row["languages"])),
        premises=row["premises"],
        area=row["area"],
        model=row["model"],
        covers=row["expected_covers"],
        country=str(row.get("country") or ""),
    )


def mentor_info(row: Mapping[str, Any], load: int, moment: datetime) -> MentorInfo:
    """What the fit needs of a mentor row (with its canteen's place and opening)."""
    return MentorInfo(
        id=row["id"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        languages=tuple(text.split(row["languages"])),
        premises=row["premises"],
        area=row["area"],
        model=row["model"],
        covers=row["typical_covers"],
        months_running=months_running(row["opened_on"], moment),
        capacity=row["capacity"],
        load=load,
        country=str(row.get("country") or ""),
    )


# The fit ------------------------------------------------------------------------------------


def distances_km(projects: Sequence[ProjectInfo], mentors: Sequence[MentorInfo]) -> np.ndarray:
    """P × M great-circle distances (canteen.geo)."""
    return geo.distances_km(
        [p.latitude for p in projects],
        [p.longitude for p in projects],
        [m.latitude for m in mentors],
        [m.longitude for m in mentors],
    )


def _same(left: list[str], right: list[str]) -> np.ndarray:
    table: dict[str, int] = {}
    codes = np.array([table.setdefault(v, len(table)) for v in left + right], dtype=np.int32)
    return codes[: len(left), None] == codes[None, len(left) :]  # type: ignore[no-any-return]


def language_matrices(
    projects: Sequence[ProjectInfo], mentors: Sequence[MentorInfo]
) -> tuple[np.ndarray, np.ndarray]:
    """(shares any language, speaks the project's main language), both P × M booleans."""
    table: dict[str, int] = {}
    for codes in [p.languages for p in projects] + [m.languages for m in mentors]:
        for code in codes:
            table.setdefault(code, len(table))
    spoken_p = np.zeros((len(projects), max(1, len(table))), dtype=np.float32)
    spoken_m = np.zeros((len(mentors), max(1, len(table))), dtype=np.float32)
    main = np.full(len(projects), -1, dtype=np.int64)
    for i, p in enumerate(projects):
        spoken_p[i, [table[c] for c in p.languages]] = 1
        main[i] = table[p.languages[0]] if p.languages else -1
    for j, m in enumerate(mentors):
        spoken_m[j, [table[c] for c in m.languages]] = 1
    shared = (spoken_p @ spoken_m.T) > 0
    speaks_main = spoken_m.T[np.maximum(main, 0)] > 0
    speaks_main &= (main >= 0)[:, None]
    return shared, speaks_main


def _distance_points(
    projects: Sequence[ProjectInfo],
    mentors: Sequence[MentorInfo],
    out: np.ndarray,
    limits: Limits,
) -> tuple[np.ndarray, np.ndarray]:
    """out ← DISTANCE_POINTS / (1 + km / DISTANCE_SCALE_KM), a block of projects at a time;
    returns (too far, nearby) as P × M booleans."""
    too_far = np.zeros(out.shape, dtype=bool)
    nearby = np.zeros(out.shape, dtype=bool)
    for start in range(0, len(projects), DISTANCE_ROWS):
        block = out[start : start + DISTANCE_ROWS]
        block[...] = distances_km(projects[start : start + DISTANCE_ROWS], mentors)
        np.greater(block, limits.max_km, out=too_far[start : start + DISTANCE_ROWS])
        np.less_equal(block, limits.nearby_km, out=nearby[start : start + DISTANCE_ROWS])
        block /= DISTANCE_SCALE_KM
        block += 1.0
        np.divide(np.float32(DISTANCE_POINTS), block, out=block)
    countries = _same([p.country for p in projects], [m.country for m in mentors])
    nearby |= countries & (np.array([bool(p.country) for p in projects])[:, None])
    return too_far, nearby


def _mentor_points(mentors: Sequence[MentorInfo]) -> np.ndarray:
    """What a mentor brings whatever the project: experience and free share of its capacity
    (plus the size part's base, from which the covers gap is taken)."""
    experience = np.array(
        [min(m.months_running, EXPERIENCE_FULL_MONTHS) for m in mentors], dtype=np.float64
    )
    free_share = np.array(
        [free_places(m.capacity, m.load) / max(1, m.capacity) for m in mentors], dtype=np.float64
    )
    return (  # type: ignore[no-any-return]
        SIZE_POINTS
        + EXPERIENCE_POINTS * experience / EXPERIENCE_FULL_MONTHS
        + LOAD_POINTS * free_share
    )


def fit_matrix(
    projects: Sequence[ProjectInfo],
    mentors: Sequence[MentorInfo],
    forbidden: set[tuple[int, int]] | None = None,
    limits: Limits = Limits(),
) -> np.ndarray:
    """P × M integer fit points; 0 where the pair is not allowed (the mentor does not speak the
    project's main language, is further than limits.max_km, or staff rejected the pair). A
    nearby pair (same country or within limits.nearby_km) gets NEARBY_POINTS on top.

    `forbidden` holds (project index, mentor index) pairs staff rejected. Computed in place in
    one float32 buffer: a network-sized match stays within a few dozen megabytes.
    """
    if not projects or not mentors:
        return np.zeros((len(projects), len(mentors)), dtype=np.int32)
    score = np.empty((len(projects), len(mentors)), dtype=np.float32)
    too_far, nearby = _distance_points(projects, mentors, score, limits)
    _shared, speaks_main = language_matrices(projects, mentors)
    del _shared
    score += SHARED_LANGUAGE_POINTS + MAIN_LANGUAGE_POINTS
    np.add(score, NEARBY_POINTS, out=score, where=nearby)
    del nearby
    for points, attribute in (
        (PREMISES_POINTS, "premises"),
        (AREA_POINTS, "area"),
        (MODEL_POINTS, "model"),
    ):
        same = _same(
            [getattr(p, attribute) for p in projects], [getattr(m, attribute) for m in mentors]
        )
        np.add(score, points, out=score, where=same)
    del same
    covers_p = np.array([max(1, p.covers) for p in projects], dtype=np.float32)[:, None]
    covers_m = np.array([max(1, m.covers) for m in mentors], dtype=np.float32)[None, :]
    gap = np.abs(covers_p - covers_m)
    gap /= np.maximum(covers_p, covers_m)
    gap *= SIZE_POINTS
    score -= gap
    del gap
    score += _mentor_points(mentors).astype(np.float32)[None, :]
    np.rint(score, out=score)
    fit = score.astype(np.int32)
    del score
    fit[~speaks_main | too_far] = 0
    for p, m in forbidden or ():
        fit[p, m] = 0
    return fit


def shown_fit(fit: int) -> int:
    """The fit staff see: without the nearby tier's NEARBY_POINTS."""
    return fit - NEARBY_POINTS if fit >= NEARBY_POINTS else fit


def explain(project: ProjectInfo, mentor: MentorInfo) -> dict[str, object]:
    """The parts of one pair's fit, for the words that explain a proposal to staff."""
    distance = float(distances_km([project], [mentor])[0, 0])
    shared = [code for code in project.languages if code in mentor.languages]
    larger = max(project.covers, mentor.covers, 1)
    return {
        "km": round(distance),
        "languages": shared,
        "main_language": bool(project.languages) and project.languages[0] in mentor.languages,
        "premises": project.premises if project.premises == mentor.premises else "",
        "area": project.area if project.area == mentor.area else "",
        "model": project.model if project.model == mentor.model else "",
        "project_covers": project.covers,
        "mentor_covers": mentor.covers,
        "similar_size": abs(project.covers - mentor.covers) / larger <= SIMILAR_SIZE,
        "months": mentor.months_running,
        "load": mentor.load,
        "capacity": mentor.capacity,
    }


# Staff decisions and the unmatched ----------------------------------------------------------


def first_pins(pins: Sequence[tuple[int, int]], fit: np.ndarray, free: list[int]) -> dict[int, int]:
    """The pinned pairs kept (project index → mentor index): the first pin of each project,
    when the pair is still allowed and the mentor still has a place (taken from `free`)."""
    kept: dict[int, int] = {}
    for p, m in pins:
        if p in kept or fit[p, m] <= 0 or free[m] <= 0:
            continue
        kept[p] = m
        free[m] -= 1
    return kept


def unmatched_reason(
    speaks_main: Sequence[bool],
    in_range: Sequence[bool],
    free: Sequence[int],
    rejected: set[int],
) -> Reason:
    """Why a project got no mentor: `speaks_main[m]` whether mentor m speaks its main language,
    `in_range[m]` whether m is within the maximum distance, `free[m]` its places left,
    `rejected` the mentors staff refused for it."""
    if not len(free):
        return "no_mentor"
    speaking = [m for m in range(len(free)) if speaks_main[m]]
    if not speaking:
        return "no_language"
    reachable = [m for m in speaking if in_range[m]]
    if not reachable:
        return "too_far"
    open_to_it = [m for m in reachable if m not in rejected]
    if not open_to_it:
        return "rejected"
    if all(free[m] <= 0 for m in open_to_it):
        return "full"
    return "taken"


def keep_open_proposals(fit: np.ndarray, km: np.ndarray, keep: dict[int, int]) -> None:
    """When the match runs again, each project p with an open proposal to mentor keep[p] keeps
    it unless something clearly better appears (KEEP_POINTS), and may only move to a mentor no
    further than its next best acceptable one. `km` holds the rows of the projects in `keep`,
    in the order of `keep`. Changes `fit` in place."""
    for row, (p, current) in enumerate(keep.items()):
        kept = int(fit[p, current])
        if kept <= 0:
            continue
        others = fit[p].copy()
        others[current] = 0
        if (others > 0).any():
            next_best = int(np.argmax(others))
            fit[p, km[row] > km[row, next_best]] = 0
        else:
            fit[p, :] = 0
        fit[p, current] = kept + KEEP_POINTS
