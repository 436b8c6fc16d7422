"""Mentors opt in; the match proposes; staff accept, reject or pin; mentorings keep a log."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from canteen import i18n
from canteen.accounts.schemas import SessionUser
from canteen.errors import Forbidden, NotFound
from canteen.mentoring import queries, visibility
from canteen.mentoring import services as mentoring
from canteen.mentoring.schemas import MentorIn
from canteen.mentoring.tables import MatchProposal, Mentoring
from canteen.mentoring.words import explanation
from tests.factories import make_canteen
from tests.staff_factories import make_coordinator, make_project, make_staff


async def mentor(
    staff: SessionUser, slug: str, lat: float, lon: float, languages: str, capacity: int = 1
) -> tuple[int, int]:
    canteen_id = await make_canteen(slug, latitude=lat, longitude=lon, languages=languages)
    mentor_id = await mentoring.opt_in(
        canteen_id,
        MentorIn(capacity=capacity, languages=languages.split(","), typical_covers=40),
        staff,
    )
    return canteen_id, mentor_id


async def proposals_by_project() -> dict[int, dict[str, Any]]:
    run = await queries.latest_run()
    assert run is not None
    return {p["project"]: p for p in run["proposals"] if p["status"] == "proposed"}


async def test_the_match_proposes_the_best_total_and_explains_itself(db: str) -> None:
    staff = await make_staff()
    _lyon, lyon_mentor = await mentor(staff, "lyon", 45.77, 4.83, "fr,ar")
    _lille, lille_mentor = await mentor(staff, "lille", 50.63, 3.07, "fr,nl")
    romans = await make_project(staff, name="Romans", latitude=45.04, longitude=5.05)
    gent = await make_project(
        staff, name="Gent", latitude=51.05, longitude=3.72, languages=["nl", "en"]
    )
    await mentoring.run_match(staff)
    proposals = await proposals_by_project()
    assert proposals[romans]["mentor"] == lyon_mentor
    assert proposals[gent]["mentor"] == lille_mentor
    token = i18n.current_language.set("en")
    try:
        words = explanation(proposals[romans]["details"])
    finally:
        i18n.current_language.reset(token)
    assert words.startswith("83 km away, both speak French, same model (diners cook together)")
    assert words.endswith("mentoring 0 of 1 projects now")


async def test_a_project_no_mentor_can_serve_is_listed_with_the_reason(db: str) -> None:
    staff = await make_staff()
    await mentor(staff, "lyon", 45.77, 4.83, "fr")
    await make_project(staff, name="Quechua only", languages=["qu"])
    first = await make_project(staff, name="First", latitude=45.7, longitude=4.8)
    second = await make_project(staff, name="Second", latitude=48.8, longitude=2.3)
    await mentoring.run_match(staff)
    run = await queries.latest_run()
    assert run is not None
    reasons = {u["name"]: u["reason"] for u in run["unmatched"]}
    assert reasons == {"Quechua only": "no_language", "Second": "taken"}
    assert [p["project"] for p in run["proposals"]] == [first]
    # Once the place is taken for good, the reason becomes "full".
    await mentoring.accept_proposal(run["proposals"][0]["id"], staff)
    await mentoring.run_match(staff)
    run = await queries.latest_run()
    assert run is not None
    assert {u["name"]: u["reason"] for u in run["unmatched"]} == {
        "Quechua only": "no_language",
        "Second": "full",
    }
    assert second in {u["project"] for u in run["unmatched"]}


async def test_accepting_makes_a_mentoring_with_its_own_contact_log(db: str) -> None:
    staff = await make_staff()
    lyon, _mentor_id = await mentor(staff, "lyon", 45.77, 4.83, "fr", capacity=2)
    project = await make_project(staff)
    await mentoring.run_match(staff)
    proposal = (await proposals_by_project())[project]
    mentoring_id = await mentoring.accept_proposal(proposal["id"], staff)
    with pytest.raises(mentoring.ProposalClosed):
        await mentoring.accept_proposal(proposal["id"], staff)
    coordinator = await make_coordinator(lyon)
    other = await make_coordinator(await make_canteen("lille"), "other@example.org")
    await mentoring.add_mentoring_contact(
        mentoring_id, date.today(), "visit", "Visite", coordinator
    )
    contacts = await queries.list_mentoring_contacts(mentoring_id)
    assert [(c["channel"], c["notes"]) for c in contacts] == [("visit", "Visite")]
    with pytest.raises(NotFound):
        await mentoring.add_mentoring_contact(mentoring_id, date.today(), "phone", "", other)
    # The mentor's coordinator now sees the project; the other canteen does not.
    await visibility.get_project(project, coordinator)
    with pytest.raises(NotFound):
        await visibility.get_project(project, other)
    # A mentored project is not proposed again.
    await mentoring.run_match(staff)
    assert project not in await proposals_by_project()


async def test_rejected_pairs_are_never_proposed_again(db: str) -> None:
    staff = await make_staff()
    _near, near_mentor = await mentor(staff, "lyon", 45.77, 4.83, "fr")
    _far, far_mentor = await mentor(staff, "paris", 48.85, 2.35, "fr")
    project = await make_project(staff, latitude=45.7, longitude=4.8)
    await mentoring.run_match(staff)
    assert (await proposals_by_project())[project]["mentor"] == near_mentor
    await mentoring.reject_proposal((await proposals_by_project())[project]["id"], staff)
    for _ in range(2):
        await mentoring.run_match(staff)
        assert (await proposals_by_project())[project]["mentor"] == far_mentor


async def test_pinned_pairs_are_kept_when_the_match_runs_again(db: str) -> None:
    staff = await make_staff()
    _lyon, lyon_mentor = await mentor(staff, "lyon", 45.77, 4.83, "fr")
    await mentor(staff, "paris", 48.85, 2.35, "fr")
    near = await make_project(staff, name="Near Lyon", latitude=45.7, longitude=4.8)
    await mentoring.run_match(staff)
    await mentoring.pin_proposal((await proposals_by_project())[near]["id"], staff)
    # A closer project appears: without the pin, Lyon would go to it.
    closer = await make_project(staff, name="In Lyon", latitude=45.77, longitude=4.83)
    await mentoring.run_match(staff)
    proposals = await proposals_by_project()
    assert proposals[near]["mentor"] == lyon_mentor and proposals[near]["pinned"]
    assert proposals[closer]["mentor"] != lyon_mentor
    old = await MatchProposal.count().where(MatchProposal.status == "superseded")
    assert old == 1


async def test_a_full_mentor_cannot_take_one_more(db: str) -> None:
    staff = await make_staff()
    _lyon, mentor_id = await mentor(staff, "lyon", 45.77, 4.83, "fr", capacity=1)
    first = await make_project(staff, name="First")
    second = await make_project(staff, name="Second")
    await mentoring.run_match(staff)
    ((project, proposal),) = (await proposals_by_project()).items()
    # Meanwhile the mentor took the other project on (another staff member, another tab).
    other = second if project == first else first
    await Mentoring.insert(Mentoring(project=other, mentor=mentor_id, started_at=mentoring.now()))
    with pytest.raises(mentoring.MentorFull) as full:
        await mentoring.accept_proposal(proposal["id"], staff)
    assert full.value.params == {"capacity": 1}
    assert await Mentoring.count() == 1


async def test_only_staff_run_the_match_and_canteens_opt_in_for_themselves(db: str) -> None:
    lyon, lille = await make_canteen("lyon"), await make_canteen("lille")
    coordinator = await make_coordinator(lyon)
    with pytest.raises(Forbidden):
        await mentoring.run_match(coordinator)
    offer = MentorIn(capacity=2, languages=["fr"])
    await mentoring.opt_in(lyon, offer, coordinator)
    with pytest.raises(Forbidden):
        await mentoring.opt_in(lille, offer, coordinator)
    mentor_row = await queries.get_mentor_for_canteen(lyon)
    assert mentor_row is not None and mentor_row["capacity"] == 2
    await mentoring.opt_out(lyon, coordinator)
    mentor_row = await queries.get_mentor_for_canteen(lyon)
    assert mentor_row is not None and not mentor_row["active"]
