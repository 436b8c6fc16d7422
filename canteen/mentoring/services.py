"""Mentors opt in; the match proposes, staff decide; an accepted match becomes a mentoring.

The match itself (the optimal assignment and its proof) is in match.py; this module gathers the
data, honours staff decisions (rejected pairs are never proposed again, pinned pairs are kept),
stores the proposals with what explains them, and says why a project got no mentor.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from canteen.accounts.schemas import SessionUser
from canteen.db import engine, is_sqlite, is_unique_violation, write_transaction
from canteen.errors import N_, DomainError, Forbidden, NotFound
from canteen.mentoring import match
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
from canteen.onboarding.stages import SETTLED
from canteen.onboarding.tables import CanteenProject

# Why a project got no mentor in a run (words in UNMATCHED_REASONS).
UNMATCHED_REASONS: dict[str, str] = {
    "no_language": N_("No mentor speaks any of its languages ({languages})."),
    "rejected": N_("Every mentor who speaks its language was rejected for it."),
    "full": N_("Every mentor who speaks its language is full."),
    "taken": N_(
        "The free places of the mentors who speak its language went to better-fitting projects."
    ),
    "no_mentor": N_("No canteen has opted in as a mentor yet."),
}


class MentorFull(DomainError):
    status = 409
    message = N_("This mentor has no free place left (capacity {capacity}).")


class AlreadyMentored(DomainError):
    status = 409
    message = N_("This project already has a mentor.")


class ProposalClosed(DomainError):
    status = 409
    message = N_("This proposal was already decided or replaced by a newer match.")


class NotAMentor(DomainError):
    status = 409
    message = N_("This canteen has not opted in as a mentor.")


def now() -> datetime:
    return datetime.now(UTC)


def split(value: str) -> list[str]:
    return [part for part in (value or "").split(",") if part]


def _require_staff(user: SessionUser) -> None:
    if not user.is_staff:
        raise Forbidden()


def _require_canteen(user: SessionUser, canteen_id: int) -> None:
    if not (user.is_staff or user.canteen == canteen_id):
        raise Forbidden()


# Mentors ------------------------------------------------------------------------------------


async def get_mentor_for_canteen(canteen_id: int) -> dict[str, Any] | None:
    return await Mentor.select().where(Mentor.canteen == canteen_id).first()


async def opt_in(canteen_id: int, data: MentorIn, user: SessionUser) -> int:
    """A running canteen offers to mentor projects (or changes its offer)."""
    _require_canteen(user, canteen_id)
    if not await Canteen.exists().where(Canteen.id == canteen_id):
        raise NotFound()
    values: dict[Any, Any] = {
        Mentor.capacity: data.capacity,
        Mentor.languages: ",".join(dict.fromkeys(data.languages)),
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
    _require_canteen(user, canteen_id)
    await Mentor.update({Mentor.active: False}).where(Mentor.canteen == canteen_id)


async def _loads() -> dict[int, int]:
    rows = await Mentoring.select(Mentoring.mentor).where(Mentoring.ended_at.is_null())
    loads: dict[int, int] = {}
    for row in rows:
        loads[row["mentor"]] = loads.get(row["mentor"], 0) + 1
    return loads


async def mentor_loads() -> list[dict[str, Any]]:
    """Every mentor with its canteen, capacity and current load."""
    loads = await _loads()
    rows = await Mentor.select(
        *Mentor.all_columns(),
        Mentor.canteen.name.as_alias("canteen_name"),
        Mentor.canteen.city.as_alias("city"),
    ).order_by(Mentor.canteen.name)
    for row in rows:
        row["load"] = loads.get(row["id"], 0)
    return rows


async def typical_covers(canteen_id: int) -> int:
    """Average covers of the canteen's last 30 closed services (a default for the opt-in form)."""
    from canteen.meals.tables import CheckIn, MealService

    services = (
        await MealService.select(MealService.id)
        .where((MealService.canteen == canteen_id) & (MealService.status == "closed"))
        .order_by(MealService.date, ascending=False)
        .limit(30)
    )
    if not services:
        return 30
    ids = [row["id"] for row in services]
    total = await CheckIn.select(CheckIn.party_size.as_alias("covers")).where(
        CheckIn.service.is_in(ids)
    )
    return max(1, round(sum(row["covers"] for row in total) / len(ids)))


# The match ----------------------------------------------------------------------------------


def _months_running(opened_on: datetime | None, moment: datetime) -> int:
    if opened_on is None:
        return 0
    return max(0, int((moment - opened_on).days / 30.44))


async def _match_data() -> tuple[list[dict], list[dict], dict[int, int]]:
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
        )
        .where(Mentor.active == True)  # noqa: E712
        .order_by(Mentor.id)
        if row["latitude"] is not None and row["longitude"] is not None
    ]
    return projects, mentors, await _loads()


def project_info(row: dict[str, Any]) -> match.ProjectInfo:
    return match.ProjectInfo(
        id=row["id"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        languages=tuple(split(row["languages"])),
        premises=row["premises"],
        area=row["area"],
        model=row["model"],
        covers=row["expected_covers"],
    )


def mentor_info(row: dict[str, Any], load: int, moment: datetime) -> match.MentorInfo:
    return match.MentorInfo(
        id=row["id"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        languages=tuple(split(row["languages"])),
        premises=row["premises"],
        area=row["area"],
        model=row["model"],
        covers=row["typical_covers"],
        months_running=_months_running(row["opened_on"], moment),
        capacity=row["capacity"],
        load=load,
    )


def _reason(
    p: int,
    fit: Any,
    shares: Any,
    free: list[int],
    rejected_cols: set[int],
) -> str:
    if not len(free):
        return "no_mentor"
    speaking = [m for m in range(len(free)) if shares[p, m]]
    if not speaking:
        return "no_language"
    open_to_it = [m for m in speaking if m not in rejected_cols]
    if not open_to_it:
        return "rejected"
    if all(free[m] <= 0 for m in open_to_it):
        return "full"
    return "taken"


async def run_match(user: SessionUser) -> int:
    """Propose mentors for every project waiting for one, at once; returns the run's id.

    Rejected pairs are left out, pinned pairs are kept as they are, and the rest is the
    assignment with the largest total fit (match.solve, proven optimal).
    """
    _require_staff(user)
    started = time.perf_counter()
    moment = now()
    projects, mentors, loads = await _match_data()
    decisions = await PairDecision.select()
    p_index = {row["id"]: i for i, row in enumerate(projects)}
    m_index = {row["id"]: j for j, row in enumerate(mentors)}
    infos_p = [project_info(row) for row in projects]
    infos_m = [mentor_info(row, loads.get(row["id"], 0), moment) for row in mentors]
    free = [max(0, row["capacity"] - loads.get(row["id"], 0)) for row in mentors]
    forbidden = {
        (p_index[d["project"]], m_index[d["mentor"]])
        for d in decisions
        if d["kind"] == "rejected" and d["project"] in p_index and d["mentor"] in m_index
    }
    fit = match.fit_matrix(infos_p, infos_m, forbidden)
    shares, _main = (
        match.language_matrices(infos_p, infos_m) if infos_p and infos_m else (None, None)
    )
    pinned: dict[int, int] = {}
    for d in decisions:
        p, m = p_index.get(d["project"]), m_index.get(d["mentor"])
        if d["kind"] != "pinned" or p is None or m is None or p in pinned:
            continue
        if fit[p, m] > 0 and free[m] > 0:
            pinned[p] = m
            free[m] -= 1
    rest = fit.copy()
    for p in pinned:
        rest[p, :] = 0
    result = match.solve(rest, free)
    mentor_of = result.mentor_of.copy()
    for p, m in pinned.items():
        mentor_of[p] = m
    total = int(sum(int(fit[p, m]) for p, m in enumerate(mentor_of) if m >= 0))
    unmatched = []
    for p, row in enumerate(projects):
        if mentor_of[p] < 0:
            rejected_cols = {m for (pp, m) in forbidden if pp == p}
            reason = _reason(p, fit, shares, free, rejected_cols) if mentors else "no_mentor"
            unmatched.append({"project": row["id"], "reason": reason})
    async with write_transaction():
        await MatchProposal.update({MatchProposal.status: "superseded"}).where(
            MatchProposal.status == "proposed"
        )
        rows = await MatchRun.insert(
            MatchRun(
                created_at=moment,
                created_by=user.id,
                total_fit=total,
                seconds=round(time.perf_counter() - started, 3),
                unmatched=json.dumps(unmatched),
            )
        ).returning(MatchRun.id)
        run_id = int(rows[0]["id"])
        proposals = [
            MatchProposal(
                run=run_id,
                project=projects[p]["id"],
                mentor=mentors[m]["id"],
                fit=int(fit[p, m]),
                details=json.dumps(match.explain(infos_p[p], infos_m[m])),
                pinned=p in pinned,
                status="proposed",
            )
            for p, m in enumerate(mentor_of)
            if m >= 0
        ]
        if proposals:
            await MatchProposal.insert(*proposals)
    return run_id


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


async def accept_proposal(proposal_id: int, user: SessionUser) -> int:
    """The pair becomes a mentoring relationship; returns its id."""
    _require_staff(user)
    try:
        async with write_transaction():
            proposal = await _open_proposal(proposal_id)
            mentor = await Mentor.select().where(Mentor.id == proposal["mentor"]).first()
            if mentor is None:
                raise NotFound()
            load = await Mentoring.count().where(
                (Mentoring.mentor == mentor["id"]) & Mentoring.ended_at.is_null()
            )
            if load >= mentor["capacity"]:
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
    return int(rows[0]["id"])


async def reject_proposal(proposal_id: int, user: SessionUser) -> None:
    """Never propose this pair again."""
    _require_staff(user)
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


async def pin_proposal(proposal_id: int, user: SessionUser, pinned: bool = True) -> None:
    """Keep this pair in the next runs (one pin per project), or let it go again."""
    _require_staff(user)
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
    if not user.is_staff:
        query = query.where(Mentoring.mentor.canteen == user.canteen)
    if canteen_id is not None:
        query = query.where(Mentoring.mentor.canteen == canteen_id)
    if project_id is not None:
        query = query.where(Mentoring.project == project_id)
    return await query.order_by(Mentoring.started_at, ascending=False)


async def get_mentoring(mentoring_id: int, user: SessionUser) -> dict[str, Any]:
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
    if row is None or not (user.is_staff or user.canteen == row["mentor_canteen"]):
        raise NotFound()
    return row


async def end_mentoring(mentoring_id: int, user: SessionUser) -> None:
    _require_staff(user)
    await get_mentoring(mentoring_id, user)
    await Mentoring.update({Mentoring.ended_at: now()}).where(Mentoring.id == mentoring_id)


async def add_mentoring_contact(
    mentoring_id: int, contacted_on: date, channel: str, notes: str, user: SessionUser
) -> int:
    """A contact between mentor and project: staff or the mentor canteen's coordinator."""
    await get_mentoring(mentoring_id, user)
    if contacted_on > date.today() + timedelta(days=1):
        from canteen.onboarding.services import FIELD_LABELS, FieldInvalid
        from canteen.onboarding.stages import Label

        raise FieldInvalid(field=Label(FIELD_LABELS["contacted_on"]))
    rows = await MentoringContact.insert(
        MentoringContact(
            mentoring=mentoring_id,
            contacted_on=contacted_on,
            channel=channel,
            notes=notes.strip()[:4000],
            recorded_by=user.id,
            created_at=now(),
        )
    ).returning(MentoringContact.id)
    return int(rows[0]["id"])


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
