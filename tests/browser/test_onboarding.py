"""Network staff onboard a new city's canteen in real Chromium; a coordinator sees only theirs."""

from __future__ import annotations

from typing import Any

import pytest

from canteen.mentoring import services as mentoring
from canteen.mentoring.schemas import MentorIn
from canteen.toolbox import services as toolbox
from canteen.toolbox.schemas import ResourceIn
from tests.factories import make_canteen
from tests.staff_factories import PASSWORD, make_coordinator, make_project, make_staff

pytestmark = pytest.mark.browser


async def sign_in(page: Any, base: str, email: str) -> None:
    await page.goto(f"{base}/admin/login")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("main button[type=submit]")


async def tick_everything(page: Any) -> None:
    """Click 'Mark done' on each open item of the current checklist."""
    while await page.locator("button:has-text('Mark done')").count():
        await page.locator("button:has-text('Mark done')").first.click()
        await page.wait_for_load_state()


async def test_staff_onboard_a_project_from_first_contact_to_a_mentor(
    db: str, live_server: str, browser: Any
) -> None:
    staff = await make_staff("fanny@network.example")
    lyon = await make_canteen(
        "lyon-croix-rousse",
        name="La Petite Cantine de la Croix-Rousse",
        latitude=45.7745,
        longitude=4.8320,
        languages="fr,en,ar",
    )
    await mentoring.opt_in(
        lyon, MentorIn(capacity=2, languages=["fr", "ar"], premises="community_centre"), staff
    )
    await toolbox.create_resource(
        ResourceIn(
            title="Checklist : fonder sa cantine de quartier",
            kind="practical_sheet",
            languages=["fr"],
            stages=["founding_team"],
            body="## L'équipe fondatrice\n\n- **Au moins deux personnes** motivées.",
        ),
        staff,
    )
    context = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    await sign_in(page, live_server, "fanny@network.example")
    await page.wait_for_url(f"{live_server}/admin/")
    await page.click("text=New project")
    await page.fill("input[name=name]", "La Tablée romanaise")
    await page.fill("input[name=city]", "Romans-sur-Isère")
    await page.fill("input[name=country]", "FR")
    await page.fill("input[name=latitude]", "45.0432")
    await page.fill("input[name=longitude]", "5.0516")
    await page.check("input[name=languages][value=fr]")
    await page.check("input[name=languages][value=ar]")
    await page.select_option("select[name=premises]", "community_centre")
    await page.fill("input[name=expected_covers]", "35")
    await page.click("text=Create the project")
    await page.wait_for_url("**/admin/projects/*/")
    project_url = page.url
    assert await page.text_content("[data-stage]") == "First contact"

    # A move with the checklist open says what is missing, and changes nothing.
    await page.click("[data-move-next]")
    assert "First call with the group held" in (await page.text_content("[role=alert]") or "")
    assert await page.text_content("[data-stage]") == "First contact"

    await tick_everything(page)
    await page.click("[data-move-next]")
    assert await page.text_content("[data-stage]") == "Video meeting"
    await tick_everything(page)
    await page.click("[data-move-next]")
    assert await page.text_content("[data-stage]") == "Founding team"
    timeline = await page.text_content(".timeline") or ""
    assert "moved from Video meeting to Founding team" in timeline
    assert "(fanny@network.exampl)" in timeline  # who moved it

    # The toolbox suggests the founding checklist at this stage, in French.
    await page.click("[data-suggestions] >> text=Checklist : fonder sa cantine de quartier")
    assert "Au moins deux personnes" in (await page.text_content("[data-resource-body]") or "")

    # The mentor match proposes Lyon, says why, and staff accept.
    await page.click("nav >> text=Mentor match")
    await page.click("[data-run-match]")
    proposal = page.locator("[data-proposal]", has_text="La Tablée romanaise")
    why = await proposal.locator(".why").text_content() or ""
    assert "km away" in why and "both speak French, Arabic" in why
    assert "same kind of premises (community centre)" in why
    await proposal.locator("button:has-text('Accept')").click()
    assert await page.locator("[data-proposal][data-status=accepted]").count() == 1

    await page.goto(project_url)
    assert "Mentored by La Petite Cantine de la Croix-Rousse" in (await page.content())
    assert all(url.startswith(live_server) for url in requested)
    await context.close()


async def test_a_coordinator_cannot_see_other_projects_or_staff_resources(
    db: str, live_server: str, browser: Any
) -> None:
    staff = await make_staff()
    lyon = await make_canteen("lyon", name="Cantine de Lyon")
    lille = await make_canteen("lille", name="Cantine de Lille")
    await make_coordinator(lyon, "coord@lyon.example")
    other = await make_project(staff, name="Projet de Gand", city="Gent", languages=["nl"])
    hidden = await toolbox.create_resource(
        ResourceIn(title="Notes de mission (équipe)", kind="template", staff_only=True), staff
    )
    await toolbox.create_resource(
        ResourceIn(title="Fiche recette dhal", kind="recipe_sheet"), staff
    )

    context = await browser.new_context(locale="en-GB")
    page = await context.new_page()
    await sign_in(page, live_server, "coord@lyon.example")
    await page.wait_for_url(f"{live_server}/admin/canteens/{lyon}/")
    assert "Cantine de Lyon" in (await page.text_content("h1") or "")
    assert await page.locator("nav >> text=Mentor match").count() == 0

    await page.click("nav >> text=Projects")
    assert "Projet de Gand" not in await page.content()
    response = await page.goto(f"{live_server}/admin/projects/{other}/")
    assert response.status == 404

    await page.goto(f"{live_server}/admin/toolbox/")
    listing = await page.content()
    assert "Fiche recette dhal" in listing and "Notes de mission" not in listing
    response = await page.goto(f"{live_server}/admin/toolbox/{hidden}/")
    assert response.status == 404
    response = await page.goto(f"{live_server}/admin/canteens/{lille}/")
    assert response.status == 403
    response = await page.goto(f"{live_server}/admin/db/")
    assert response.status == 403
    await context.close()
