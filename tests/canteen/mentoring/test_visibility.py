"""Which projects a coordinator sees: their canteen's mentees (moved from onboarding's tests, as
the rule moved to mentoring, which knows both)."""

from __future__ import annotations

import pytest

from canteen.errors import Forbidden, NotFound
from canteen.mentoring import visibility
from canteen.mentoring.tables import Mentor, Mentoring
from canteen.onboarding import services as onboarding
from tests.factories import make_canteen
from tests.staff_factories import make_coordinator, make_project, make_staff, project_in


async def test_a_coordinator_sees_only_the_projects_their_canteen_mentors(db: str) -> None:
    staff = await make_staff()
    lyon, lille = await make_canteen("lyon"), await make_canteen("lille")
    coordinator = await make_coordinator(lyon)
    mentored = await make_project(staff, name="Mentored by Lyon")
    other = await make_project(staff, name="Mentored by Lille")
    for canteen_id, project_id in ((lyon, mentored), (lille, other)):
        mentor = await Mentor.insert(
            Mentor(canteen=canteen_id, capacity=1, opted_in_at=onboarding.now())
        ).returning(Mentor.id)
        await Mentoring.insert(
            Mentoring(project=project_id, mentor=mentor[0]["id"], started_at=onboarding.now())
        )
    visible = await visibility.list_projects(coordinator)
    assert [p["name"] for p in visible] == ["Mentored by Lyon"]
    await visibility.get_project(mentored, coordinator)
    with pytest.raises(NotFound):
        await visibility.get_project(other, coordinator)
    with pytest.raises(Forbidden):
        await onboarding.move_stage(mentored, "video_meeting", coordinator)
    with pytest.raises(Forbidden):
        await onboarding.create_project(project_in(), coordinator)
