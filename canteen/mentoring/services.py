"""Mentors opt in; the match proposes, staff decide; an accepted match becomes a mentoring.

The fit of a pair is decided in rules.py and the optimal assignment (with its proof) in match.py;
this module gathers the data (queries.py), honours staff decisions (rejected pairs are never
proposed again, pinned pairs are kept), stores the proposals with what explains them, and says
why a project got no mentor.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from typing import Any

from canteen import access, text
from canteen.accounts.schemas import SessionUser
from canteen.clock import now, utc_today
from canteen.db import engine, is_sqlite, is_unique_violation, write_transaction
from canteen.errors import NotFound
from canteen.mentoring import planning, rules
from canteen.mentoring.errors import AlreadyMentored, MentorFull, ProposalClosed
from canteen.mentoring.queries import get_mentor_for_canteen, get_mentoring, match_data
from canteen.mentoring.schemas import MentorIn
from canteen.mentoring.tables import (
    MatchProposal,
    MatchRun,
    Mentor,
    Mentoring,
    MentoringContact,
    PairDecision,
)
from canteen.network.tables import Canteen
from canteen.onboarding import rules as onboarding_rules
from canteen.onboarding.errors import field_invalid

__all__ = ["AlreadyMentored", "MentorFull", "ProposalClosed", "now"]

# Mentors ------------------------------------------------------------------------------------


async def opt_in(canteen_id: int, data: MentorIn, user: SessionUser) -> int:
    """A running canteen offers to mentor projects (or changes its offer)."""
    access.require_canteen(user, canteen_id)
    if not await Canteen.exists().where(Canteen.id == canteen_id):
        raise NotFound()
    values: dict[Any, Any] = {
        Mentor.capacity: data.capacity,
        Mentor.languages: text.join(data.languages),
        Mentor.premises: data.premises,
        Mentor.area: data.area,
        Mentor.model: data.model,
        Mentor.typical_covers: data.typical_covers,
        Mentor.notes: data.notes.strip(),
        Mentor.active: True,
    }
    async with write_transaction():
        existing = await get_mentor_for_canteen(canteen_id)
        if existing:
            await Mentor.update(values).where(Mentor.id == existing["id"])
            return int(existing["id"])
        row = {column._meta.name: value for column, value in values.items()}
        rows = await Mentor.insert(Mentor(**row, canteen=canteen_id, opted_in_at=now())).returning(
            Mentor.id
        )
        return int(rows[0]["id"])


async def opt_out(canteen_id: int, user: SessionUser) -> None:
    """No new projects; running mentorings go on."""
    access.require_canteen(user, canteen_id)
    await Mentor.update({Mentor.active: False}).where(Mentor.canteen == canteen_id)


# The match ----------------------------------------------------------------------------------


async def _store(plan: planning.Plan, moment: datetime, seconds: float, user: SessionUser) -> int:
    """The run and its proposals; the proposals of earlier runs still open are superseded."""
    async with write_transaction():
        await MatchProposal.update({MatchProposal.status: "superseded"}).where(
            MatchProposal.status == "proposed"
        )
        rows = await MatchRun.insert(
            MatchRun(
                created_at=moment,
                created_by=user.id,
                total_fit=sum(
                    rules.shown_fit(int(plan.fit[p, m]))
                    for p, m in enumerate(plan.mentor_of)
                    if m >= 0
                ),
                seconds=round(seconds, 3),
                unmatched=json.dumps(plan.unmatched()),
            )
        ).returning(MatchRun.id)
        run_id = int(rows[0]["id"])
        await _insert_proposals(plan, run_id)
    return run_id


async def _insert_proposals(plan: planning.Plan, run_id: int) -> None:
    proposals = [
        MatchProposal(
            run=run_id,
            project=plan.projects[p]["id"],
            mentor=plan.mentors[m]["id"],
            fit=rules.shown_fit(int(plan.fit[p, m])),
            details=json.dumps(plan.details(p)),
            pinned=p in plan.pinned,
            status="proposed",
        )
        for p, m in enumerate(plan.mentor_of)
        if m >= 0
    ]
    if proposals:
        await MatchProposal.insert(*proposals)


async def _open_pairs() -> dict[int, int]:
    """Project id → mentor id of the proposals still waiting for a decision."""
    rows = await MatchProposal.select(MatchProposal.project, MatchProposal.mentor).where(
        MatchProposal.status == "proposed"
    )
    return {row["project"]: row["mentor"] for row in rows}


async def run_match(user: SessionUser, limits: rules.Limits | None = None) -> int:
    """Propose mentors for every project waiting for one, at once; returns the run's id.

    Open proposals are kept unless the project can have a clearly better mentor no further
    than its next best one: running the match again never reshuffles the list for nothing."""
    access.require_staff(user)
    started = time.perf_counter()
    moment = now()
    projects, mentors, loads = await match_data()
    plan = planning.plan(
        projects,
        mentors,
        loads,
        await PairDecision.select(),
        moment,
        limits or rules.Limits(),
        await _open_pairs(),
    )
    return await _store(plan, moment, time.perf_counter() - started, user)


async def _propose_again(run_id: int, project_id: int, limits: rules.Limits) -> None:
    """After a rejection, the project's next best mentor among the places no other open
    proposal holds: the other projects' proposals do not move."""
    projects, mentors, loads = await match_data()
    projects = [row for row in projects if row["id"] == project_id]
    if not projects:
        return
    held = dict(loads)
    for mentor_id in (await _open_pairs()).values():
        held[mentor_id] = held.get(mentor_id, 0) + 1
    decisions = await PairDecision.select().where(PairDecision.project == project_id)
    plan = planning.plan(projects, mentors, held, decisions, now(), limits)
    async with write_transaction():
        await MatchProposal.update({MatchProposal.status: "superseded"}).where(
            (MatchProposal.status == "proposed") & (MatchProposal.project == project_id)
        )
        if plan.mentor_of[0] >= 0:
            await _insert_proposals(plan, run_id)
            return
        run = await MatchRun.select(MatchRun.unmatched).where(MatchRun.id == run_id).first()
        stored = json.loads(run["unmatched"]) if run else []
        unmatched = [u for u in stored if u["project"] != project_id]
        await MatchRun.update({MatchRun.unmatched: json.dumps(unmatched + plan.unmatched())}).where(
            MatchRun.id == run_id
        )


async def _open_proposal(proposal_id: int) -> dict[str, Any]:
    query = MatchProposal.select().where(MatchProposal.id == proposal_id)
    if not is_sqlite(engine()):
        query = query.lock_rows("UPDATE")
    proposal = await query.first()
    if proposal is None:
        raise NotFound()
    if proposal["status"] != "proposed":
        raise ProposalClosed()
    return proposal


async def _decide(project: int, mentor: int, kind: str, user: SessionUser) -> None:
    existing = (
        await PairDecision.select()
        .where((PairDecision.project == project) & (PairDecision.mentor == mentor))
        .first()
    )
    if existing:
        await PairDecision.update(
            {
                PairDecision.kind: kind,
                PairDecision.decided_at: now(),
                PairDecision.decided_by: user.id,
            }
        ).where(PairDecision.id == existing["id"])
        return
    await PairDecision.insert(
        PairDecision(
            project=project, mentor=mentor, kind=kind, decided_at=now(), decided_by=user.id
        )
    )


async def _start_mentoring(proposal: dict[str, Any], user: SessionUser) -> int:
    """The mentoring of an open proposal, if the mentor has room and the project no mentor."""
    mentor = await Mentor.select().where(Mentor.id == proposal["mentor"]).first()
    if mentor is None:
        raise NotFound()
    load = await Mentoring.count().where(
        (Mentoring.mentor == mentor["id"]) & Mentoring.ended_at.is_null()
    )
    if rules.is_full(mentor["capacity"], load):
        raise MentorFull(capacity=mentor["capacity"])
    if await Mentoring.exists().where(
        (Mentoring.project == proposal["project"]) & Mentoring.ended_at.is_null()
    ):
        raise AlreadyMentored()
    rows = await Mentoring.insert(
        Mentoring(
            project=proposal["project"],
            mentor=proposal["mentor"],
            started_at=now(),
            started_by=user.id,
        )
    ).returning(Mentoring.id)
    return int(rows[0]["id"])


async def accept_proposal(proposal_id: int, user: SessionUser) -> int:
    """The pair becomes a mentoring relationship; returns its id."""
    access.require_staff(user)
    try:
        async with write_transaction():
            proposal = await _open_proposal(proposal_id)
            mentoring_id = await _start_mentoring(proposal, user)
            await MatchProposal.update(
                {
                    MatchProposal.status: "accepted",
                    MatchProposal.decided_at: now(),
                    MatchProposal.decided_by: user.id,
                }
            ).where(MatchProposal.id == proposal_id)
            await PairDecision.delete().where(
                (PairDecision.project == proposal["project"]) & (PairDecision.kind == "pinned")
            )
    except Exception as exc:
        if is_unique_violation(exc):  # two staff accepting for the same project at once
            raise AlreadyMentored() from exc
        raise
    return mentoring_id


async def reject_proposal(
    proposal_id: int, user: SessionUser, limits: rules.Limits | None = None
) -> None:
    """Never propose this pair again; the project gets its next best mentor at once, and no
    other project's proposal moves."""
    access.require_staff(user)
    async with write_transaction():
        proposal = await _open_proposal(proposal_id)
        await _decide(proposal["project"], proposal["mentor"], "rejected", user)
        await MatchProposal.update(
            {
                MatchProposal.status: "rejected",
                MatchProposal.decided_at: now(),
                MatchProposal.decided_by: user.id,
            }
        ).where(MatchProposal.id == proposal_id)
    await _propose_again(proposal["run"], proposal["project"], limits or rules.Limits())


async def pin_proposal(proposal_id: int, user: SessionUser, pinned: bool = True) -> None:
    """Keep this pair in the next runs (one pin per project), or let it go again."""
    access.require_staff(user)
    async with write_transaction():
        proposal = await _open_proposal(proposal_id)
        if pinned:
            await PairDecision.delete().where(
                (PairDecision.project == proposal["project"]) & (PairDecision.kind == "pinned")
            )
            await _decide(proposal["project"], proposal["mentor"], "pinned", user)
        else:
            await PairDecision.delete().where(
                (PairDecision.project == proposal["project"])
                & (PairDecision.mentor == proposal["mentor"])
                & (PairDecision.kind == "pinned")
            )
        await MatchProposal.update({MatchProposal.pinned: pinned}).where(
            MatchProposal.id == proposal_id
        )


# Mentoring relationships ----------------------------------------------------------------


async def end_mentoring(mentoring_id: int, user: SessionUser) -> None:
    access.require_staff(user)
    await get_mentoring(mentoring_id, user)
    await Mentoring.update({Mentoring.ended_at: now()}).where(Mentoring.id == mentoring_id)


async def add_mentoring_contact(
    mentoring_id: int, contacted_on: date, channel: str, notes: str, user: SessionUser
) -> int:
    """A contact between mentor and project: staff or the mentor canteen's coordinator."""
    await get_mentoring(mentoring_id, user)
    if not onboarding_rules.contact_date_allowed(contacted_on, utc_today()):
        raise field_invalid("contacted_on")
    rows = await MentoringContact.insert(
        MentoringContact(
            mentoring=mentoring_id,
            contacted_on=contacted_on,
            channel=channel,
            notes=notes.strip()[: onboarding_rules.NOTES_MAX],
            recorded_by=user.id,
            created_at=now(),
        )
    ).returning(MentoringContact.id)
    return int(rows[0]["id"])
