"""Which canteen projects a user may see, and the project pages' reads that depend on it.

It lives here because it needs both domains: staff see every project; a coordinator sees the
projects their canteen mentors now and the project their canteen grew from. Onboarding's reads
take the list (`visible`) and decide with canteen.access; they never look at mentorings.
"""

from __future__ import annotations

from typing import Any

from canteen import access
from canteen.accounts.schemas import SessionUser
from canteen.mentoring.tables import Mentoring
from canteen.onboarding import followup
from canteen.onboarding import services as onboarding
from canteen.onboarding.schemas import ProjectFilter
from canteen.onboarding.tables import CanteenProject


async def visible_project_ids(user: SessionUser) -> list[int] | None:
    """The projects a coordinator may see (their canteen's mentees, or the project their canteen
    came from); None for staff, who see every project."""
    if access.is_staff(user):
        return None
    mentored = await Mentoring.select(Mentoring.project).where(
        (Mentoring.mentor.canteen == user.canteen) & Mentoring.ended_at.is_null()
    )
    own = await CanteenProject.select(CanteenProject.id).where(
        CanteenProject.canteen == user.canteen
    )
    return sorted({row["project"] for row in mentored} | {row["id"] for row in own})


async def get_project(project_id: int, user: SessionUser) -> dict[str, Any]:
    """One project, if this user may see it (else 'not found')."""
    return await onboarding.get_project(project_id, user, await visible_project_ids(user))


async def list_projects(user: SessionUser, filters: ProjectFilter | None = None) -> list[dict]:
    return await onboarding.list_projects(user, filters, await visible_project_ids(user))


async def board(user: SessionUser) -> dict[str, list[dict]]:
    return await onboarding.board(user, await visible_project_ids(user))


async def overdue_projects(user: SessionUser) -> list[dict]:
    return await followup.overdue_projects(user, await visible_project_ids(user))
