"""The match is optimal: on small random instances it equals brute force, pair by pair total."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from canteen.mentoring import match, rules
from canteen.mentoring.rules import MentorInfo, ProjectInfo

LANGUAGES = ("fr", "en", "es", "nl", "ar")
PREMISES = ("community_centre", "church_hall", "school", "restaurant")


def brute_force(fit: np.ndarray, capacity: list[int]) -> int:
    """The best total over every assignment (each project: no mentor, or one allowed mentor)."""
    projects, mentors = fit.shape
    options = [[-1] + [m for m in range(mentors) if fit[p, m] > 0] for p in range(projects)]
    best = 0
    for choice in itertools.product(*options):
        used = np.bincount([m for m in choice if m >= 0], minlength=mentors)
        if (used <= np.array(capacity)).all():
            best = max(best, sum(int(fit[p, m]) for p, m in enumerate(choice) if m >= 0))
    return best


def random_project(rng: random.Random, index: int) -> ProjectInfo:
    return ProjectInfo(
        id=index,
        latitude=rng.uniform(40, 52),
        longitude=rng.uniform(-5, 10),
        languages=tuple(rng.sample(LANGUAGES, rng.randint(1, 2))),
        premises=rng.choice(PREMISES),
        area=rng.choice(("urban", "rural")),
        model=rng.choice(("cook_together", "served")),
        covers=rng.randint(10, 90),
    )


def random_mentor(rng: random.Random, index: int) -> MentorInfo:
    capacity = rng.randint(1, 2)
    return MentorInfo(
        id=index,
        latitude=rng.uniform(40, 52),
        longitude=rng.uniform(-5, 10),
        languages=tuple(rng.sample(LANGUAGES, rng.randint(1, 3))),
        premises=rng.choice(PREMISES),
        area=rng.choice(("urban", "rural")),
        model=rng.choice(("cook_together", "served")),
        covers=rng.randint(10, 90),
        months_running=rng.randint(0, 80),
        capacity=capacity,
        load=rng.randint(0, capacity),
    )


def check(fit: np.ndarray, capacity: list[int], k: int) -> match.Assignment:
    result = match.solve(fit, capacity, k=k)
    mentor_of = result.mentor_of
    # Feasible: only allowed pairs, capacities respected, total as reported.
    assert all(fit[p, m] > 0 for p, m in enumerate(mentor_of) if m >= 0)
    used = np.bincount(mentor_of[mentor_of >= 0], minlength=fit.shape[1])
    assert (used <= np.maximum(capacity, 0)).all()
    assert result.total == sum(int(fit[p, m]) for p, m in enumerate(mentor_of) if m >= 0)
    # Optimal.
    assert result.total == brute_force(fit, capacity)
    return result


@pytest.mark.parametrize("seed", range(60))
def test_the_match_equals_brute_force_on_small_networks(seed: int) -> None:
    rng = random.Random(seed)
    projects = [random_project(rng, i) for i in range(rng.randint(1, 6))]
    mentors = [random_mentor(rng, j) for j in range(rng.randint(1, 4))]
    forbidden = {
        (p, m) for p in range(len(projects)) for m in range(len(mentors)) if rng.random() < 0.15
    }
    fit = rules.fit_matrix(projects, mentors, forbidden)
    free = [m.capacity - m.load for m in mentors]
    for k in (1, 2, match.CANDIDATES_PER_PROJECT):  # k=1 forces the certificate to add pairs
        check(fit, free, k)


@pytest.mark.parametrize("seed", range(60))
def test_the_solver_equals_brute_force_on_arbitrary_fits(seed: int) -> None:
    rng = np.random.default_rng(seed)
    projects, mentors = int(rng.integers(1, 8)), int(rng.integers(1, 5))
    fit = rng.integers(0, 40, (projects, mentors)) * (rng.random((projects, mentors)) < 0.7)
    capacity = [int(c) for c in rng.integers(0, 3, mentors)]
    for k in (1, 3):
        check(fit, capacity, k)


def test_the_certificate_rounds_make_a_too_small_candidate_list_still_optimal() -> None:
    # Every project's best mentor is the same one, with a single place: the pruned first
    # round cannot be optimal, the duality check must bring the second choices in.
    fit = np.array([[90, 50, 0], [80, 70, 10], [85, 0, 60]])
    result = check(fit, [1, 1, 1], k=1)
    assert result.rounds > 1
    assert result.total == 90 + 70 + 60


def test_fit_prefers_close_and_similar_and_requires_a_language() -> None:
    project = ProjectInfo(1, 45.76, 4.84, ("fr",), "community_centre", "urban", "served", 40)
    near = MentorInfo(1, 45.77, 4.85, ("fr",), "community_centre", "urban", "served", 40, 36, 2)
    far = MentorInfo(2, 48.85, 2.35, ("fr",), "community_centre", "urban", "served", 40, 36, 2)
    unlike = MentorInfo(3, 45.77, 4.85, ("fr",), "school", "rural", "cook_together", 200, 2, 2, 2)
    mute = MentorInfo(4, 45.77, 4.85, ("nl",), "community_centre", "urban", "served", 40, 36, 2)
    fit = rules.fit_matrix([project], [near, far, unlike, mute])
    assert fit[0, 0] > fit[0, 1] > 0
    assert fit[0, 0] > fit[0, 2] > 0
    assert fit[0, 3] == 0
    assert rules.fit_matrix([project], [near], {(0, 0)})[0, 0] == 0


def test_a_proposal_carries_what_explains_it() -> None:
    project = ProjectInfo(1, 45.76, 4.84, ("fr", "ar"), "community_centre", "urban", "served", 40)
    mentor = MentorInfo(7, 45.8, 4.9, ("fr",), "community_centre", "urban", "served", 46, 37, 3, 1)
    details = rules.explain(project, mentor)
    assert details["km"] == 6
    assert details["languages"] == ["fr"] and details["main_language"]
    assert details["premises"] == "community_centre" and details["similar_size"]
    assert (details["months"], details["load"], details["capacity"]) == (37, 1, 3)


def test_greedy_never_beats_the_optimum() -> None:
    rng = random.Random(3)
    projects = [random_project(rng, i) for i in range(60)]
    mentors = [random_mentor(rng, j) for j in range(30)]
    fit = rules.fit_matrix(projects, mentors)
    free = [m.capacity - m.load for m in mentors]
    optimum = match.solve(fit, free)
    greedy = match.greedy_nearest(fit, rules.distances_km(projects, mentors), free)
    assert optimum.total >= greedy.total
