"""The issue's cases: a match staff would make themselves. Nearby mentors who speak the project's
main language first; abroad only when none can take it, and said so; a rejection moves no one
else; a project with no acceptable mentor is listed with its near misses."""

from __future__ import annotations

from typing import Any

from canteen import i18n
from canteen.accounts.schemas import SessionUser
from canteen.mentoring import queries, rules
from canteen.mentoring import services as mentoring
from canteen.mentoring.schemas import MentorIn
from canteen.mentoring.words import explanation, near_miss_words
from tests.factories import make_canteen
from tests.staff_factories import make_project, make_staff

PLACES: dict[str, tuple[float, float, str]] = {
    "Nantes": (47.22, -1.55, "FR"),
    "Lyon": (45.76, 4.84, "FR"),
    "Lima": (-12.05, -77.04, "PE"),
    "Arequipa": (-16.41, -71.54, "PE"),
    "Montréal": (45.50, -73.57, "CA"),
    "Bamako": (12.64, -8.00, "ML"),
    "Ségou": (13.43, -6.26, "ML"),
    "Koulikoro": (12.86, -7.56, "ML"),
    "Sikasso": (11.32, -5.67, "ML"),
}


async def mentor(staff: SessionUser, city: str, languages: str, capacity: int = 1) -> int:
    lat, lon, country = PLACES[city]
    canteen_id = await make_canteen(
        city.lower().replace("é", "e"),
        name=f"Cantine {city}",
        city=city,
        latitude=lat,
        longitude=lon,
        country=country,
        languages=languages,
    )
    return await mentoring.opt_in(
        canteen_id, MentorIn(capacity=capacity, languages=languages.split(",")), staff
    )


async def project(staff: SessionUser, city: str, languages: list[str]) -> int:
    lat, lon, country = PLACES[city]
    return await make_project(
        staff,
        name=f"Projet {city}",
        city=city,
        latitude=lat,
        longitude=lon,
        country=country,
        languages=languages,
    )


async def open_proposals() -> dict[int, dict[str, Any]]:
    run = await queries.latest_run()
    assert run is not None
    return {p["project"]: p for p in run["proposals"] if p["status"] == "proposed"}


def in_english(function: Any, *args: Any) -> Any:
    token = i18n.current_language.set("en")
    try:
        return function(*args)
    finally:
        i18n.current_language.reset(token)


async def test_nantes_gets_the_french_speaking_mentor_not_lima(db: str) -> None:
    staff = await make_staff()
    lima = await mentor(staff, "Lima", "es,en", capacity=3)
    lyon = await mentor(staff, "Lyon", "fr")
    nantes = await project(staff, "Nantes", ["fr", "en"])
    await mentoring.run_match(staff)
    proposal = (await open_proposals())[nantes]
    assert proposal["mentor"] == lyon != lima
    words = in_english(explanation, proposal["details"])
    assert words.startswith("515 km away, both speak French")
    assert "abroad" not in words


async def test_arequipa_gets_lima_not_montreal(db: str) -> None:
    staff = await make_staff()
    await mentor(staff, "Montréal", "fr,en,es", capacity=3)
    lima = await mentor(staff, "Lima", "es")
    arequipa = await project(staff, "Arequipa", ["es"])
    await mentoring.run_match(staff)
    assert (await open_proposals())[arequipa]["mentor"] == lima


async def test_abroad_only_when_no_nearby_mentor_can_take_it_and_it_says_so(db: str) -> None:
    staff = await make_staff()
    montreal = await mentor(staff, "Montréal", "fr,en", capacity=3)
    await mentor(staff, "Lima", "es,en")
    await mentor(staff, "Bamako", "fr")  # capacity 1: one of the two projects
    segou = await project(staff, "Ségou", ["fr"])
    sikasso = await project(staff, "Sikasso", ["fr"])
    await mentoring.run_match(staff)
    proposals = await open_proposals()
    far = [p for p in proposals.values() if p["mentor"] == montreal]
    assert len(far) == 1 and {segou, sikasso} == set(proposals)
    words = in_english(explanation, far[0]["details"])
    assert "mentoring from abroad" in words
    assert "a closer mentor, Cantine Bamako (Bamako" in words
    assert "its place went to another project" in words


async def test_a_rejection_moves_no_other_project_further_than_its_next_best(db: str) -> None:
    staff = await make_staff()
    montreal = await mentor(staff, "Montréal", "fr", capacity=3)
    bamako = await mentor(staff, "Bamako", "fr")
    await mentor(staff, "Sikasso", "fr")
    segou = await project(staff, "Ségou", ["fr"])
    koulikoro = await project(staff, "Koulikoro", ["fr"])
    await mentoring.run_match(staff)
    before = await open_proposals()
    assert montreal not in {p["mentor"] for p in before.values()}
    # Staff reject the other project's proposal: it gets its next best, Ségou does not move.
    await mentoring.reject_proposal(before[koulikoro]["id"], staff)
    after = await open_proposals()
    assert after[segou]["id"] == before[segou]["id"]
    assert after[koulikoro]["mentor"] not in {before[koulikoro]["mentor"], after[segou]["mentor"]}
    # Running the match again keeps every project nearby: no one is sent to Montréal while a
    # mentor in Mali can take it.
    await mentoring.run_match(staff)
    again = await open_proposals()
    assert again[segou]["mentor"] != montreal
    assert again[segou]["details"]["km"] <= 250
    assert bamako in {p["mentor"] for p in again.values()}


async def test_a_project_with_no_acceptable_mentor_lists_its_near_misses(db: str) -> None:
    staff = await make_staff()
    await mentor(staff, "Lima", "es,en")
    await mentor(staff, "Montréal", "fr")
    nantes = await project(staff, "Nantes", ["fr"])
    await mentoring.run_match(staff, rules.Limits(max_km=3_000))
    run = await queries.latest_run()
    assert run is not None and not run["proposals"]
    (left,) = run["unmatched"]
    assert left["project"] == nantes and left["reason"] == "too_far"
    words = in_english(near_miss_words, left["near"])
    assert words == (
        "Cantine Montréal (Montréal, 5,326 km): further than the network's maximum distance; "
        "Cantine Lima (Lima, 9,923 km): does not speak the main language"
    )
