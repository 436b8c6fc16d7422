"""Mentoring's pure rules: capacity, shared language, distance, the fit and why a project got no
mentor. No database."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from canteen import geo
from canteen.mentoring import rules
from canteen.mentoring.rules import MentorInfo, ProjectInfo

LYON = (45.76, 4.84)
PARIS = (48.86, 2.35)


def project(languages: tuple[str, ...] = ("fr",), place: tuple[float, float] = LYON) -> ProjectInfo:
    return ProjectInfo(1, *place, languages, "community_centre", "urban", "served", 40)


def mentor(
    languages: tuple[str, ...] = ("fr",),
    place: tuple[float, float] = LYON,
    capacity: int = 2,
    load: int = 0,
    months: int = 36,
) -> MentorInfo:
    return MentorInfo(
        1, *place, languages, "community_centre", "urban", "served", 40, months, capacity, load
    )


def test_free_places_and_full() -> None:
    assert rules.free_places(3, 1) == 2 and rules.free_places(1, 4) == 0
    assert rules.is_full(2, 2) and rules.is_full(1, 3) and not rules.is_full(2, 1)


def test_months_running() -> None:
    now = datetime(2026, 7, 1, tzinfo=UTC)
    assert rules.months_running(None, now) == 0
    assert rules.months_running(datetime(2026, 1, 1, tzinfo=UTC), now) == 5  # 181 days
    assert rules.months_running(datetime(2027, 1, 1, tzinfo=UTC), now) == 0


def test_distances_are_canteen_geo_s() -> None:
    km = rules.distances_km([project()], [mentor(place=PARIS)])
    assert km.shape == (1, 1)
    assert km[0, 0] == geo.distance_km(*LYON, *PARIS)
    assert 390 < km[0, 0] < 395


def test_a_pair_needs_the_project_s_main_language() -> None:
    shared, main = rules.language_matrices(
        [project(("ar", "fr"))], [mentor(("fr",)), mentor(("nl",)), mentor(("ar",))]
    )
    assert shared.tolist() == [[True, False, True]]
    assert main.tolist() == [[False, False, True]]  # the main language is Arabic
    fit = rules.fit_matrix(
        [project(("ar", "fr"))], [mentor(("fr",)), mentor(("nl",)), mentor(("ar",))]
    )
    # Sharing a second language is not enough.
    assert fit[0, 0] == 0 and fit[0, 1] == 0 and fit[0, 2] > 0


LIMA, AREQUIPA, MONTREAL = (-12.05, -77.04), (-16.41, -71.54), (45.50, -73.57)


def test_beyond_the_network_s_maximum_distance_no_pair_is_allowed() -> None:
    far = mentor(place=MONTREAL)
    assert rules.fit_matrix([project()], [far])[0, 0] > 0  # 5,800 km: within the default
    limits = rules.Limits(max_km=2_000)
    assert rules.fit_matrix([project()], [far], limits=limits)[0, 0] == 0


def test_a_nearby_mentor_outranks_any_far_one() -> None:
    arequipa = ProjectInfo(1, *AREQUIPA, ("es",), "school", "rural", "served", 40, "PE")
    lima = MentorInfo(1, *LIMA, ("es",), "restaurant", "urban", "cook_together", 200, 0, 1, 0, "PE")
    montreal = MentorInfo(
        2, *MONTREAL, ("fr", "es"), "school", "rural", "served", 40, 80, 3, 0, "CA"
    )
    fit = rules.fit_matrix([arequipa], [lima, montreal])
    assert fit[0, 0] > rules.NEARBY_POINTS > fit[0, 1] > 0
    assert rules.shown_fit(int(fit[0, 0])) < 1000


def test_an_open_proposal_moves_only_for_a_mentor_no_further_than_the_next_best() -> None:
    fit = np.array([[500, 400, 900]])
    km = np.array([[100.0, 300.0, 9000.0]])
    rules.keep_open_proposals(fit, km, {0: 0})
    # Mentor 2 fits better but is further than the next best (mentor 2 is the next best: 9000).
    assert fit.tolist() == [[500 + rules.KEEP_POINTS, 400, 900]]
    fit = np.array([[500, 900, 400]])
    km = np.array([[100.0, 300.0, 9000.0]])
    rules.keep_open_proposals(fit, km, {0: 0})
    assert fit.tolist() == [[500 + rules.KEEP_POINTS, 900, 0]]


def test_the_perfect_pair_scores_every_part() -> None:
    fit = rules.fit_matrix([project()], [mentor(capacity=2, load=0, months=36)])
    perfect = (
        rules.DISTANCE_POINTS
        + rules.SHARED_LANGUAGE_POINTS
        + rules.MAIN_LANGUAGE_POINTS
        + rules.PREMISES_POINTS
        + rules.AREA_POINTS
        + rules.MODEL_POINTS
        + rules.SIZE_POINTS
        + rules.EXPERIENCE_POINTS
        + rules.LOAD_POINTS
    )
    assert int(fit[0, 0]) == rules.NEARBY_POINTS + perfect
    assert rules.shown_fit(int(fit[0, 0])) == perfect == 1000


def test_distance_load_and_rejection_lower_the_fit() -> None:
    here, far, busy = mentor(), mentor(place=PARIS), mentor(capacity=2, load=1)
    fit = rules.fit_matrix([project()], [here, far, busy])
    assert fit[0, 0] - fit[0, 2] == rules.LOAD_POINTS // 2
    # 392 km: 400 / (1 + 3.92) = 81 points of distance instead of 400.
    assert fit[0, 0] - fit[0, 1] == rules.DISTANCE_POINTS - 81
    assert rules.fit_matrix([project()], [here], {(0, 0)})[0, 0] == 0


def test_the_explanation_names_what_the_pair_shares() -> None:
    details = rules.explain(project(("fr", "ar")), mentor(("ar",), place=PARIS, load=1))
    assert details["km"] == round(geo.distance_km(*LYON, *PARIS))
    assert details["languages"] == ["ar"] and not details["main_language"]
    assert details["similar_size"] and (details["load"], details["capacity"]) == (1, 2)


def test_only_the_first_allowed_pin_of_a_project_is_kept_and_takes_a_place() -> None:
    fit = np.array([[10, 20], [30, 0], [5, 5]])
    free = [1, 1]
    kept = rules.first_pins([(0, 0), (0, 1), (1, 1), (2, 0)], fit, free)
    assert kept == {0: 0}  # (1, 1) is not allowed, (2, 0) finds mentor 0 full
    assert free == [0, 1]


def test_why_a_project_got_no_mentor() -> None:
    near = [True, True]
    assert rules.unmatched_reason([], [], [], set()) == "no_mentor"
    assert rules.unmatched_reason([False, False], near, [1, 1], set()) == "no_language"
    assert rules.unmatched_reason([True, False], [False, True], [1, 1], set()) == "too_far"
    assert rules.unmatched_reason([True, False], near, [1, 1], {0}) == "rejected"
    assert rules.unmatched_reason([True, True], near, [0, 0], set()) == "full"
    assert rules.unmatched_reason([True, True], near, [0, 1], set()) == "taken"
    assert set(rules.UNMATCHED_REASONS) == {
        "no_mentor",
        "no_language",
        "too_far",
        "rejected",
        "full",
        "taken",
    }
