"""Keeping in touch: the contact log, the follow-up cadence and its overdue list, the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from canteen import access
from canteen.accounts.schemas import SessionUser
from canteen.clock import now, utc_today
from canteen.db import write_transaction
from canteen.onboarding import rules
from canteen.onboarding.errors import field_invalid
from canteen.onboarding.rules import BY_KEY, ITEMS
from canteen.onboarding.schemas import ProjectFilter
from canteen.onboarding.services import Visible, get_project, list_founders, list_projects
from canteen.onboarding.tables import CanteenProject, ChecklistTick, ProjectContact, StageMove


async def overdue_projects(user: SessionUser, visible: Visible = None) -> list[dict]:
    """Projects whose follow-up contact is late, the latest first."""
    rows = await list_projects(user, ProjectFilter(overdue=True), visible)
    return sorted(rows, key=lambda row: -row["overdue_days"])


async def add_contact(
    project_id: int, contacted_on: date, channel: str, notes: str, user: SessionUser
) -> int:
    """A contact with the project's founders; it resets the follow-up clock."""
    access.require_staff(user)
    await get_project(project_id, user)
    if not rules.contact_date_allowed(contacted_on, utc_today()):
        raise field_invalid("contacted_on")
    async with write_transaction():
        rows = await ProjectContact.insert(
            ProjectContact(
                project=project_id,
                contacted_on=contacted_on,
                channel=channel,
                notes=notes.strip()[: rules.NOTES_MAX],
                recorded_by=user.id,
                created_at=now(),
            )
        ).returning(ProjectContact.id)
        latest = (
            await ProjectContact.select(ProjectContact.contacted_on)
            .where(ProjectContact.project == project_id)
            .order_by(ProjectContact.contacted_on, ascending=False)
            .first()
        )
        assert latest is not None  # the contact just recorded
        await CanteenProject.update({CanteenProject.last_contact_on: latest["contacted_on"]}).where(
            CanteenProject.id == project_id
        )
    return int(rows[0]["id"])


async def list_contacts(project_id: int) -> list[dict]:
    return (
        await ProjectContact.select(
            *ProjectContact.all_columns(),
            ProjectContact.recorded_by.name.as_alias("by_name"),
            ProjectContact.recorded_by.email.as_alias("by_email"),
        )
        .where(ProjectContact.project == project_id)
        .order_by(ProjectContact.contacted_on, ascending=False)
    )


async def timeline(project_id: int) -> list[dict[str, Any]]:
    """Everything that happened to a project, newest first: moves, ticks, contacts, founders."""
    events: list[dict[str, Any]] = []
    moves = await StageMove.select(
        *StageMove.all_columns(),
        StageMove.moved_by.name.as_alias("by_name"),
        StageMove.moved_by.email.as_alias("by_email"),
    ).where(StageMove.project == project_id)
    for row in moves:
        events.append(
            {
                "at": row["moved_at"],
                "kind": "move",
                "from": BY_KEY[row["from_stage"]].label if row["from_stage"] in BY_KEY else "",
                "to": BY_KEY[row["to_stage"]].label if row["to_stage"] in BY_KEY else "",
                "note": row["note"],
                "by": row["by_name"] or row["by_email"] or "",
            }
        )
    ticks = await ChecklistTick.select(
        *ChecklistTick.all_columns(),
        ChecklistTick.ticked_by.name.as_alias("by_name"),
        ChecklistTick.ticked_by.email.as_alias("by_email"),
    ).where(ChecklistTick.project == project_id)
    for row in ticks:
        item = ITEMS.get(row["item"])
        events.append(
            {
                "at": row["ticked_at"],
                "kind": "tick",
                "item": item.label if item else row["item"],
                "by": row["by_name"] or row["by_email"] or "",
            }
        )
    for row in await list_contacts(project_id):
        events.append(
            {
                "at": row["created_at"],
                "day": row["contacted_on"],
                "kind": "contact",
                "channel": row["channel"],
                "note": row["notes"],
                "by": row["by_name"] or row["by_email"] or "",
            }
        )
    for row in await list_founders(project_id):
        events.append({"at": row["created_at"], "kind": "founder", "name": row["name"]})
    # Times are stored to the second: within one second, a project's life goes move (creation),
    # founder, tick, contact, and the later kind is shown first.
    rank = {"move": 0, "founder": 1, "tick": 2, "contact": 3}
    return sorted(events, key=lambda event: (event["at"], rank[event["kind"]]), reverse=True)
