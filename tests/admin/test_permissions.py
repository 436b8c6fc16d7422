"""Staff pages over HTTP: sign-in, sessions, CSRF, who may see what, uploads, Piccolo Admin."""

from __future__ import annotations

from typing import Any

from canteen.mentoring import queries
from canteen.mentoring import services as mentoring
from canteen.mentoring.schemas import MentorIn
from canteen.toolbox import services as toolbox
from canteen.toolbox.schemas import ResourceIn
from tests.admin.conftest import csrf_token, post_form, sign_in
from tests.factories import make_canteen
from tests.staff_factories import make_coordinator, make_project, make_staff

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


async def test_sign_in_sets_a_safe_session_cookie_and_sign_out_ends_it(
    db: str, client: Any
) -> None:
    await make_staff()
    wrong = await sign_in(client, "staff@example.org", "wrong password")
    assert wrong.status_code == 401
    assert "Wrong email or password." in wrong.text
    response = await sign_in(client, "staff@example.org")
    assert response.status_code in (301, 302, 303) and response.headers["location"] == "/admin/"
    cookie = response.headers["set-cookie"]
    assert "tablee_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert (await client.get("/admin/")).status_code == 200
    await post_form(client, "/admin/logout", {})
    after = await client.get("/admin/projects/")
    assert after.status_code in (302, 303) and after.headers["location"] == "/admin/login"


async def test_a_form_without_its_csrf_token_is_refused(db: str, client: Any) -> None:
    await make_staff()
    await sign_in(client, "staff@example.org")
    response = await client.post("/admin/match/run", data={})
    assert response.status_code == 403


async def test_anonymous_visitors_are_sent_to_sign_in(db: str, client: Any) -> None:
    for path in ("/admin/", "/admin/projects/board", "/admin/toolbox/", "/admin/db/"):
        response = await client.get(path)
        assert response.status_code in (302, 303), path
        assert response.headers["location"] == "/admin/login"


async def test_a_coordinator_sees_their_canteen_only(db: str, client: Any) -> None:
    staff = await make_staff()
    lyon = await make_canteen("lyon", latitude=45.77, longitude=4.83)
    lille = await make_canteen("lille", latitude=50.63, longitude=3.07)
    await make_coordinator(lyon, "lyon@example.org")
    hidden_project = await make_project(staff, name="Somebody else's project", languages=["nl"])
    mentored_project = await make_project(staff, name="Our mentee")
    await mentoring.opt_in(lyon, MentorIn(capacity=1, languages=["fr"]), staff)
    await mentoring.run_match(staff)
    run = await queries.latest_run()
    assert run is not None
    proposal = next(p for p in run["proposals"] if p["project"] == mentored_project)
    await mentoring.accept_proposal(proposal["id"], staff)
    secret = await toolbox.create_resource(
        ResourceIn(title="Staff notes", kind="template", staff_only=True), staff
    )
    shared = await toolbox.create_resource(ResourceIn(title="Recipe", kind="recipe_sheet"), staff)

    await sign_in(client, "lyon@example.org")
    home = await client.get("/admin/")
    assert home.headers["location"] == f"/admin/canteens/{lyon}/"
    assert (await client.get(f"/admin/canteens/{lyon}/")).status_code == 200
    assert (await client.get(f"/admin/canteens/{lille}/")).status_code == 403
    refused = await post_form(
        client, f"/admin/canteens/{lille}/pairing", {}, f"/admin/canteens/{lyon}/"
    )
    assert refused.status_code == 403
    projects = await client.get("/admin/projects/")
    assert "Our mentee" in projects.text and "Somebody else" not in projects.text
    assert (await client.get(f"/admin/projects/{mentored_project}/")).status_code == 200
    assert (await client.get(f"/admin/projects/{hidden_project}/")).status_code == 404
    toolbox_page = await client.get("/admin/toolbox/")
    assert "Recipe" in toolbox_page.text and "Staff notes" not in toolbox_page.text
    assert (await client.get(f"/admin/toolbox/{shared}/")).status_code == 200
    assert (await client.get(f"/admin/toolbox/{secret}/")).status_code == 404
    assert (await client.get(f"/admin/toolbox/{secret}/download")).status_code == 404
    for staff_only in ("/admin/match/", "/admin/accounts/", "/admin/db/", "/admin/toolbox/new"):
        assert (await client.get(staff_only)).status_code == 403, staff_only


async def test_piccolo_admin_serves_raw_data_to_staff_behind_our_session(
    db: str, client: Any
) -> None:
    await make_staff()
    await make_canteen("lyon")
    await sign_in(client, "staff@example.org")
    page = await client.get("/admin/db/")
    assert page.status_code == 200 and '<div id="app">' in page.text
    tables = await client.get("/admin/db/api/tables/")
    assert tables.status_code == 200
    assert {"canteen", "canteen_project", "resource", "mentor"} <= set(tables.json())
    rows = await client.get("/admin/db/api/tables/canteen/")
    assert rows.json()["rows"][0]["slug"] == "lyon"
    accounts = await client.get("/admin/db/api/tables/account/")
    assert accounts.json()["rows"][0].get("password_hash") is None  # a secret column
    assert (await client.get("/admin/db/api/user/")).json()["username"] == "staff@example.org"
    # Piccolo Admin's own sign-in stays closed: one sign-in, ours.
    closed = await client.post("/admin/db/public/login/", data={"username": "x", "password": "y"})
    assert closed.status_code == 403


async def test_uploads_are_checked_and_served_as_safe_downloads(db: str, client: Any) -> None:
    staff = await make_staff()
    resource_id = await toolbox.create_resource(ResourceIn(title="Statuts", kind="template"), staff)
    await sign_in(client, "staff@example.org")
    page = f"/admin/toolbox/{resource_id}/"

    async def upload(name: str, content: bytes, declared: str) -> Any:
        token = await csrf_token(client, page)
        return await client.post(
            f"{page}upload",
            data={"_csrf_token": token},
            files={"file": (name, content, declared)},
        )

    refused = await upload("statuts.pdf", b"<html><script>x</script></html>", "application/pdf")
    assert refused.status_code == 415
    assert "PDF, PNG, JPEG, ODT, DOCX" in refused.text
    too_big = await upload("big.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    assert too_big.status_code == 413
    assert "1 MB" in too_big.text
    done = await upload('../../évil"name.pdf', PDF, "text/html")
    assert done.status_code in (302, 303)
    download = await client.get(f"{page}download")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"].startswith("application/pdf")
    disposition = download.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="evilname.pdf"')
    assert "filename*=UTF-8''%C3%A9vilname.pdf" in disposition
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_a_stage_move_with_an_unmet_checklist_says_what_is_missing(
    db: str, client: Any
) -> None:
    staff = await make_staff()
    project_id = await make_project(staff)
    await sign_in(client, "staff@example.org")
    page = f"/admin/projects/{project_id}/"
    response = await post_form(client, f"{page}move", {"to": "video_meeting"}, page + "?lang=en")
    assert response.status_code == 409
    assert "First call with the group held" in response.text
