"""What the mentoring pages read: mentors and their loads, the last match, running mentorings."""

from __future__ import annotations

import json
from typing import Any

from piccolo.query import Select

from canteen import access
from canteen.accounts.schemas import SessionUser
from canteen.errors import NotFound
from canteen.meals.tables import CheckIn, MealService
from canteen.mentoring.tables import MatchProposal, MatchRun, Mentor, Mentoring, MentoringContact
from canteen.onboarding.rules import SETTLED
from canteen.onboarding.tables import CanteenProject

DEFAULT_COVERS = 30
COVERS_SERVICES = 30  # closed services averaged for a mentor's typical covers


async def get_mentor_for_canteen(canteen_id: int) -> dict[str, Any] | None:
    return await Mentor.select().where(Mentor.canteen == canteen_id).first()


async def loads() -> dict[int, int]:
    """Running mentorings per mentor."""
    rows = await Mentoring.select(Mentoring.mentor).where(Mentoring.ended_at.is_null())
    counted: dict[int, int] = {}
    for row in rows:
        counted[row["mentor"]] = counted.get(row["mentor"], 0) + 1
    return counted


async def mentor_loads() -> list[dict[str, Any]]:
    """Every mentor with its canteen, capacity and current load."""
    current = await loads()
    rows = await Mentor.select(
        *Mentor.all_columns(),
        Mentor.canteen.name.as_alias("canteen_name"),
        Mentor.canteen.city.as_alias("city"),
    ).order_by(Mentor.canteen.name)
    for row in rows:
        row["load"] = current.get(row["id"], 0)
    return rows


async def typical_covers(canteen_id: int) -> int:
    """Average covers of the canteen's last 30 closed services (a default for the opt-in form)."""
    services = (
        await MealService.select(MealService.id)
        .where((MealService.canteen == canteen_id) & (MealService.status == "closed"))
        .order_by(MealService.date, ascending=False)
        .limit(COVERS_SERVICES)
    )
    if not services:
        return DEFAULT_COVERS
    ids = [row["id"] for row in services]
    total = await CheckIn.select(CheckIn.party_size.as_alias("covers")).where(
        CheckIn.service.is_in(ids)
    )
    return max(1, round(sum(row["covers"] for row in total) / len(ids)))


async def match_data() -> tuple[list[dict], list[dict], dict[int, int]]:
    """Projects waiting for a mentor, active mentors (with coordinates), current loads."""
    busy = {
        row["project"]
        for row in await Mentoring.select(Mentoring.project).where(Mentoring.ended_at.is_null())
    }
    projects = [
        row
        for row in await CanteenProject.select().order_by(CanteenProject.id)
        if row["stage"] not in SETTLED
        and row["id"] not in busy
        and row["latitude"] is not None
        and row["longitude"] is not None
    ]
    mentors = [
        row
        for row in await Mentor.select(
            *Mentor.all_columns(),
            Mentor.canteen.latitude.as_alias("latitude"),
            Mentor.canteen.longitude.as_alias("longitude"),
            Mentor.canteen.opened_on.as_alias("opened_on"),
            Mentor.canteen.name.as_alias("canteen_name"),
            Mentor.canteen.city.as_alias("city"),
            Mentor.canteen.country.as_alias("country"),
        )
        .where(Mentor.active == True)  # noqa: E712
        .order_by(Mentor.id)
        if row["latitude"] is not None and row["longitude"] is not None
    ]
    return projects, mentors, await loads()


async def latest_run() -> dict[str, Any] | None:
    """The last match: its proposals (with names and words) and the projects left without."""
    run = await MatchRun.select().order_by(MatchRun.id, ascending=False).first()
    if run is None:
        return None
    run["proposals"] = (
        await MatchProposal.select(
            *MatchProposal.all_columns(),
            MatchProposal.project.name.as_alias("project_name"),
            MatchProposal.project.city.as_alias("project_city"),
            MatchProposal.mentor._.canteen._.name.as_alias("mentor_name"),
            MatchProposal.mentor._.canteen._.city.as_alias("mentor_city"),
        )
        .where(MatchProposal.run == run["id"])
        .order_by(MatchProposal.fit, ascending=False)
    )
    for proposal in run["proposals"]:
        proposal["details"] = json.loads(proposal["details"])
    unmatched = json.loads(run["unmatched"])
    names = {
        row["id"]: row
        for row in await CanteenProject.select(
            CanteenProject.id, CanteenProject.name, CanteenProject.city, CanteenProject.languages
        ).where(CanteenProject.id.is_in([u["project"] for u in unmatched] or [0]))
    }
    run["unmatched"] = [{**u, **names[u["project"]]} for u in unmatched if u["project"] in names]
    return run


def _named_proposals() -> Select:
    return MatchProposal.select(
        *MatchProposal.all_columns(),
        MatchProposal.project.name.as_alias("project_name"),
        MatchProposal.mentor._.canteen._.name.as_alias("mentor_name"),
        MatchProposal.mentor.capacity.as_alias("capacity"),
    )


async def proposal_summary(proposal_id: int) -> dict[str, Any] | None:
    """One proposal with its names, its mentor's load now and the project's open proposal."""
    row = await _named_proposals().where(MatchProposal.id == proposal_id).first()
    if row is None:
        return None
    row["load"] = (await loads()).get(row["mentor"], 0)
    row["next"] = (
        await _named_proposals()
        .where((MatchProposal.project == row["project"]) & (MatchProposal.status == "proposed"))
        .first()
    )
    return row


async def list_mentorings(
    user: SessionUser, canteen_id: int | None = None, project_id: int | None = None
) -> list[dict[str, Any]]:
    """Running mentorings this user may see (a coordinator: their canteen's)."""
    query = Mentoring.select(
        *Mentoring.all_columns(),
        Mentoring.project.name.as_alias("project_name"),
        Mentoring.project.city.as_alias("project_city"),
        Mentoring.project.stage.as_alias("project_stage"),
        Mentoring.mentor.canteen.as_alias("mentor_canteen"),
        Mentoring.mentor._.canteen._.name.as_alias("mentor_name"),
    ).where(Mentoring.ended_at.is_null())
    if not access.is_staff(user):
        query = query.where(Mentoring.mentor.canteen == user.canteen)
    if canteen_id is not None:
        query = query.where(Mentoring.mentor.canteen == canteen_id)
    if project_id is not None:
        query = query.where(Mentoring.project == project_id)
    return await query.order_by(Mentoring.started_at, ascending=False)


async def get_mentoring(mentoring_id: int, user: SessionUser) -> dict[str, Any]:
    """One mentoring, for staff or the mentor canteen's coordinator ('not found' otherwise)."""
    row = (
        await Mentoring.select(
            *Mentoring.all_columns(),
            Mentoring.project.name.as_alias("project_name"),
            Mentoring.mentor.canteen.as_alias("mentor_canteen"),
            Mentoring.mentor._.canteen._.name.as_alias("mentor_name"),
        )
        .where(Mentoring.id == mentoring_id)
        .first()
    )
    if row is None:
        raise NotFound()
    access.require_visible(user, row["mentor_canteen"])
    return row


async def list_mentoring_contacts(mentoring_id: int) -> list[dict[str, Any]]:
    return (
        await MentoringContact.select(
            *MentoringContact.all_columns(),
            MentoringContact.recorded_by.name.as_alias("by_name"),
            MentoringContact.recorded_by.email.as_alias("by_email"),
        )
        .where(MentoringContact.mentoring == mentoring_id)
        .order_by(MentoringContact.contacted_on, ascending=False)
    )
