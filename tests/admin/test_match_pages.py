"""The match page as staff use it: run, reject, accept, each confirmed on the page after the
redirect, the mentor's places updated, nearby mentors first, the unmatched with near misses."""

from __future__ import annotations

import html
import re
from typing import Any

import msgspec
import pytest

from canteen.settings import Settings
from tests.admin.conftest import post_form, sign_in
from tests.canteen.mentoring.test_nearby_first import mentor, open_proposals, project
from tests.staff_factories import make_staff


def notice(page: str) -> str:
    found = re.search(r"<p class=\"notice\" role=\"status\" data-notice>(.*?)</p>", page)
    assert found, "no confirmation on the page"
    return html.unescape(found.group(1))


async def decide(client: Any, path: str) -> str:
    """POST a decision as the page's button does, follow the redirect, return the page."""
    response = await post_form(client, path, {}, "/admin/match/")
    assert response.status_code in {302, 303}, response.text[:500]
    return str((await client.get(response.headers["location"])).text)


async def test_reject_and_accept_are_confirmed_and_ségou_stays_near_bamako(
    client: Any, db: str
) -> None:
    staff = await make_staff()
    await mentor(staff, "Montréal", "fr", capacity=3)
    await mentor(staff, "Bamako", "fr")
    sikasso = await mentor(staff, "Sikasso", "fr")
    segou = await project(staff, "Ségou", ["fr"])
    koulikoro = await project(staff, "Koulikoro", ["fr"])
    await sign_in(client, staff.email)
    page = await decide(client, "/admin/match/run")
    assert "The match has run" in notice(page)
    assert "Cantine Montréal</strong>" not in page  # nobody is sent abroad
    before = await open_proposals()
    page = await decide(client, f"/admin/match/proposals/{before[koulikoro]['id']}/reject")
    said = notice(page)
    assert (
        said.startswith("Rejected: ") and "will not be proposed to Projet Koulikoro again." in said
    )
    assert "New proposal: Cantine " in said
    after = await open_proposals()
    # Ségou keeps its mentor in Mali; the rejected project gets its next best.
    assert after[segou]["id"] == before[segou]["id"]
    assert after[segou]["mentor"] == sikasso
    # Accepting updates the mentor's places on the page.
    page = await decide(client, f"/admin/match/proposals/{after[segou]['id']}/accept")
    assert (
        notice(page) == "Accepted: Cantine Sikasso now mentors Projet Ségou (1 of 1 places taken)."
    )
    assert f'data-load="{sikasso}">1 / 1</td>' in page
    client.headers["accept-language"] = "fr"
    page = str(
        (await client.get(f"/admin/match/?done=accepted&proposal={after[segou]['id']}")).text
    )
    assert notice(page) == (
        "Accepté : Cantine Sikasso parraine désormais Projet Ségou (places prises : 1 sur 1)."
    )


class TestANetworkThatMentorsOnlyCloseBy:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return msgspec.structs.replace(settings, mentor_max_km=3000)

    async def test_a_project_beyond_every_mentor_is_listed_with_near_misses(
        self, client: Any, db: str
    ) -> None:
        staff = await make_staff()
        await mentor(staff, "Lima", "es,en")
        await mentor(staff, "Montréal", "fr")
        await project(staff, "Nantes", ["fr"])
        await sign_in(client, staff.email)
        page = html.unescape(await decide(client, "/admin/match/run"))
        assert (
            "Projet Nantes</a> (Nantes): The mentors who speak its main language (French) are "
            "all further than 3,000 km. Nearest mentors: Cantine Montréal (Montréal, 5,326 km): "
            "further than the network's maximum distance; Cantine Lima (Lima, 9,923 km): does "
            "not speak the main language." in page
        )
