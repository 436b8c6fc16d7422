"""The overdue list staff work from: late projects only, counted in whole days from the day
after the contact was due, and never a running or dormant one however long ago it was heard of."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from canteen import clock
from canteen.onboarding import followup
from canteen.onboarding import services as onboarding
from canteen.onboarding.schemas import ProjectFilter
from canteen.onboarding.tables import CanteenProject
from tests.staff_factories import make_project, make_staff

TODAY = date(2026, 6, 15)


async def last_heard(project_id: int, day: date, stage: str | None = None) -> None:
    values: dict = {CanteenProject.last_contact_on: day, CanteenProject.followup_weeks: 2}
    if stage:
        values[CanteenProject.stage] = stage
    await CanteenProject.update(values).where(CanteenProject.id == project_id)


async def test_settled_projects_are_never_overdue_and_boundary_days_are_exact(db: str) -> None:
    staff = await make_staff()
    ids = {}
    for name, days_ago, stage in [
        ("Due today", 14, None),
        ("One day late", 15, None),
        ("Long late", 44, None),
        ("Not yet due", 13, None),
        ("Running", 400, "running"),
        ("Dormant", 400, "dormant"),
    ]:
        ids[name] = await make_project(staff, name=name)
        await last_heard(ids[name], TODAY - timedelta(days=days_ago), stage)
    with clock.freeze(datetime(2026, 6, 15, 12, tzinfo=UTC)):
        overdue = await followup.overdue_projects(staff)
        every = await onboarding.list_projects(staff, ProjectFilter())
    assert [(p["name"], p["overdue_days"]) for p in overdue] == [
        ("Long late", 30),
        ("One day late", 1),
    ]
    by_name = {p["name"]: p for p in every}
    assert by_name["Due today"]["overdue_days"] == 0
    assert by_name["Due today"]["next_contact_on"] == TODAY
    for settled in ("Running", "Dormant"):
        assert by_name[settled]["overdue_days"] == 0
        assert by_name[settled]["next_contact_on"] is None
