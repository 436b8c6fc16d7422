"""Errors are mapped once, for both sides: each side's own error page, the API's JSON body."""

from __future__ import annotations

from typing import Any

from tests.admin.conftest import sign_in
from tests.staff_factories import make_staff


async def test_a_staff_page_error_is_shown_on_the_staff_sides_page(client: Any) -> None:
    await make_staff()
    await sign_in(client, "staff@example.org")
    response = await client.get("/admin/projects/987654/", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert 'class="admin"' in response.text  # the staff side's layout, with its navigation
    assert "Not found." in response.text
    assert "Sign out" in response.text


async def test_a_path_no_route_matches_gets_its_sides_page_in_the_users_language(
    client: Any,
) -> None:
    admin = await client.get("/admin/no-such-page", headers={"Accept-Language": "en"})
    assert admin.status_code == 404 and 'class="admin"' in admin.text
    assert 'href="/admin/"' in admin.text
    kiosk = await client.get("/kiosk/no-such-page", headers={"Accept-Language": "es"})
    assert kiosk.status_code == 404 and 'class="admin"' not in kiosk.text
    assert 'lang="es"' in kiosk.text and 'href="/kiosk/"' in kiosk.text


async def test_the_api_answers_errors_as_json_in_the_users_language(client: Any) -> None:
    response = await client.get("/api/v1/no-such-thing", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    body = response.json()
    assert body["error"] == "http_404" and body["status_code"] == 404
    assert body["message"] == "Introuvable."
