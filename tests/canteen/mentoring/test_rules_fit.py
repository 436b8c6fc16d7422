"""The fit of a mentor to a project, part by part, as staff read it in a proposal: distance,
languages, kind of place, size, experience and free places, each worth what the rules say."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from canteen import geo
from canteen.mentoring import rules
from canteen.mentoring.rules import MentorInfo, ProjectInfo

LYON = (45.76, 4.84)
PARIS = (48.86, 2.35)
NOW = datetime(2026, 7, 1, tzinfo=UTC)


def project(
    languages: tuple[str, ...] = ("fr",),
    place: tuple[float, float] = LYON,
    kind: tuple[str, str, str] = ("community_centre", "urban", "served"),
    covers: int = 40,
    pid: int = 1,
) -> ProjectInfo:
    return ProjectInfo(pid, *place, languages, *kind, covers)


def mentor(
    languages: tuple[str, ...] = ("fr",),
    place: tuple[float, float] = LYON,
    kind: tuple[str, str, str] = ("community_centre", "urban", "served"),
    covers: int = 40,
    months: int = 36,
    capacity: int = 2,
    load: int = 0,
    mid: int = 1,
) -> MentorInfo:
    return MentorInfo(mid, *place, languages, *kind, covers, months, capacity, load)


def fit_points(
    projects: list[ProjectInfo], mentors: list[MentorInfo], forbidden: set | None = None
) -> np.ndarray:
    """The fit staff read in a proposal: the matrix without the nearby tier's bonus points
    (which only order nearby pairs first for the solver)."""
    fit = rules.fit_matrix(projects, mentors, forbidden)
    return np.where(fit >= rules.NEARBY_POINTS, fit - rules.NEARBY_POINTS, fit)


def expected_points(p: ProjectInfo, m: MentorInfo) -> float:
    """The fit as documented, written out plainly: nothing unless the mentor speaks the
    project's main language and is within the network's maximum distance."""
    if not p.languages or p.languages[0] not in m.languages:
        return 0
    km = geo.distance_km(p.latitude, p.longitude, m.latitude, m.longitude)
    if km > rules.Limits().max_km:
        return 0
    points = 400 / (1 + km / 100) + 60
    points += 40 if p.languages and p.languages[0] in m.languages else 0
    points += 80 if p.premises == m.premises else 0
    points += 70 if p.area == m.area else 0
    points += 80 if p.model == m.model else 0
    a, b = max(1, p.covers), max(1, m.covers)
    points += 70 * (1 - abs(a - b) / max(a, b))
    points += 120 * min(m.months_running, 36) / 36
    points += 80 * max(0, m.capacity - m.load) / max(1, m.capacity)
    return points


def test_a_perfect_pair_scores_a_thousand() -> None:
    assert fit_points([project()], [mentor()]).tolist() == [[1000]]


def test_each_part_counts_what_it_says() -> None:
    far = mentor(place=PARIS)
    km = geo.distance_km(*LYON, *PARIS)
    assert fit_points([project()], [far])[0, 0] == round(600 + 400 / (1 + km / 100))
    other = mentor(languages=("en", "fr"), kind=("kitchen", "rural", "buffet"))
    assert fit_points([project(("fr",))], [other])[0, 0] == 1000 - 80 - 70 - 80
    not_main = mentor(languages=("fr",))  # speaks the project's second language only
    assert fit_points([project(("ar", "fr"))], [not_main])[0, 0] == 0
    bigger = mentor(covers=60)
    assert fit_points([project(covers=40)], [bigger])[0, 0] == round(1000 - 70 * 20 / 60)
    assert fit_points([project()], [mentor(months=18)])[0, 0] == 940
    assert fit_points([project()], [mentor(months=60)])[0, 0] == 1000  # 36 months is full
    assert fit_points([project()], [mentor(capacity=2, load=1)])[0, 0] == 960
    assert fit_points([project()], [mentor(capacity=1, load=3)])[0, 0] == 920
    assert fit_points([project()], [mentor(capacity=0, load=0)])[0, 0] == 920
    assert fit_points([project()], [mentor(capacity=1, load=0)])[0, 0] == 1000
    assert rules.fit_matrix([project()], [mentor()]).dtype.kind == "i"  # whole points
    assert rules.fit_matrix([], [mentor()]).dtype.kind == "i"


PLACES = st.tuples(st.floats(-60, 60), st.floats(-170, 170))
LANGS = st.lists(st.sampled_from(["fr", "en", "es", "ar", "nl"]), max_size=3, unique=True)
KINDS = st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["u", "r"]), st.sampled_from(["s"]))


@given(
    st.lists(st.tuples(LANGS, PLACES, KINDS, st.integers(0, 300)), min_size=1, max_size=3),
    st.lists(
        st.tuples(LANGS, PLACES, KINDS, st.integers(0, 300), st.integers(0, 80), st.integers(0, 3)),
        min_size=1,
        max_size=3,
    ),
)
def test_the_fit_of_every_pair_is_the_documented_sum(
    projects: list[tuple], mentors: list[tuple]
) -> None:
    ps = [project(tuple(lang), place, kind, covers) for lang, place, kind, covers in projects]
    ms = [
        mentor(tuple(lang), place, kind, covers, months, capacity=2, load=load)
        for lang, place, kind, covers, months, load in mentors
    ]
    fit = fit_points(ps, ms)
    assert fit.shape == (len(ps), len(ms))
    for i, p in enumerate(ps):
        for j, m in enumerate(ms):
            assert fit[i, j] == pytest.approx(expected_points(p, m), abs=1.0)


def test_rejected_pairs_score_nothing_and_empty_sides_give_an_empty_matrix() -> None:
    fit = fit_points([project(), project(pid=2)], [mentor(), mentor(mid=2)], {(0, 1)})
    assert fit.tolist() == [[1000, 0], [1000, 1000]]
    assert rules.fit_matrix([], [mentor()]).shape == (0, 1)
    assert rules.fit_matrix([project()], []).shape == (1, 0)


def test_language_matrices_for_several_projects_and_mentors() -> None:
    shared, main = rules.language_matrices(
        [project(("nl", "fr")), project(("es",)), project(())],
        [mentor(("fr", "nl")), mentor(("es", "ar")), mentor(())],
    )
    assert shared.tolist() == [[True, False, False], [False, True, False], [False] * 3]
    assert main.tolist() == [[True, False, False], [False, True, False], [False] * 3]


def test_the_explanation_names_each_shared_fact() -> None:
    p = project(("ar", "fr"), kind=("kitchen", "urban", "served"), covers=40)
    m = mentor(("fr", "ar"), place=PARIS, kind=("kitchen", "rural", "served"), covers=52)
    m = MentorInfo(**{**m.__dict__, "months_running": 14, "load": 1, "capacity": 3})
    assert rules.explain(p, m) == {
        "km": round(geo.distance_km(*LYON, *PARIS)),
        "languages": ["ar", "fr"],
        "main_language": True,
        "premises": "kitchen",
        "area": "",
        "model": "served",
        "project_covers": 40,
        "mentor_covers": 52,
        "similar_size": True,  # 12 of 52: within 30 %
        "months": 14,
        "load": 1,
        "capacity": 3,
    }
    assert rules.explain(project(covers=30), mentor(covers=50))["similar_size"] is False
    assert rules.explain(project(covers=35), mentor(covers=50))["similar_size"] is True
    assert rules.explain(project(covers=0), mentor(covers=0))["similar_size"] is True
    assert rules.explain(project(covers=50), mentor(covers=35))["similar_size"] is True  # 15/50
    assert rules.explain(project(covers=35), mentor(covers=50))["similar_size"] is True
    differ = rules.explain(project(kind=("a", "b", "c")), mentor(kind=("x", "y", "z")))
    assert (differ["premises"], differ["area"], differ["model"]) == ("", "", "")
    same = rules.explain(project(kind=("a", "b", "c")), mentor(kind=("a", "b", "c")))
    assert (same["premises"], same["area"], same["model"]) == ("a", "b", "c")
    assert rules.explain(project(()), mentor())["main_language"] is False
    assert rules.explain(project(("nl", "fr")), mentor())["languages"] == ["fr"]


def test_rows_become_what_the_fit_needs() -> None:
    row = {
        "id": 4,
        "latitude": 45.0,
        "longitude": 4.0,
        "languages": "fr,ar",
        "premises": "kitchen",
        "area": "rural",
        "model": "buffet",
        "expected_covers": 30,
        "typical_covers": 55,
        "opened_on": datetime(2026, 1, 1, tzinfo=UTC),
        "capacity": 2,
    }
    assert rules.project_info(row) == ProjectInfo(
        4, 45.0, 4.0, ("fr", "ar"), "kitchen", "rural", "buffet", 30
    )
    assert rules.mentor_info(row, 1, NOW) == MentorInfo(
        4, 45.0, 4.0, ("fr", "ar"), "kitchen", "rural", "buffet", 55, 5, 2, 1
    )


def test_pins_keep_the_first_allowed_pair_while_places_last() -> None:
    fit = np.array([[500, 0], [400, 300], [200, 100]])
    free = [1, 1]
    kept = rules.first_pins([(0, 1), (0, 0), (0, 1), (1, 0), (1, 1), (2, 1)], fit, free)
    assert kept == {0: 0, 1: 1}  # (0, 1) not allowed; (1, 0) mentor 0 full; (2, 1) full
    assert free == [0, 0]


def test_distances_are_worked_out_a_block_of_projects_at_a_time() -> None:
    many = [project(place=(40 + i / 1000, 3.0), pid=i) for i in range(2 * rules.DISTANCE_ROWS + 3)]
    fit = fit_points(many, [mentor(place=(40.0, 3.0))])
    for i in (0, rules.DISTANCE_ROWS - 1, rules.DISTANCE_ROWS, 2 * rules.DISTANCE_ROWS + 2):
        assert fit[i, 0] == pytest.approx(
            expected_points(many[i], mentor(place=(40.0, 3.0))), abs=1
        )
