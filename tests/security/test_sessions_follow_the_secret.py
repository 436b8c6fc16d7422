"""Sessions follow the secret: a new PIN or password ends the sessions opened with the old one.

Through HTTP, as people use it: coordinators in coordinator mode on two tablets (the API's token
and the kiosk page's cookie) when staff give the canteen a new PIN; a staff member signed in on
two computers who changes the password on one of them.
"""

from __future__ import annotations

import re
from typing import Any

from canteen.meals.tables import MealService
from tests.admin.conftest import csrf_token, sign_in
from tests.factories import client_id, make_canteen
from tests.kiosk.test_api import coordinator, pair
from tests.staff_factories import PASSWORD, make_staff
from tests.staff_factories import cheap_passwords as cheap_passwords  # autouse fixture

NEW_PIN = re.compile(r"data-new-pin>(\d{6})<")


async def _new_pin(client: Any, canteen: int) -> str:
    token = await csrf_token(client, f"/admin/canteens/{canteen}/")
    page = await client.post(f"/admin/canteens/{canteen}/pin", data={"_csrf_token": token})
    assert page.status_code in (200, 201), page.status_code
    found = NEW_PIN.search(page.text)
    assert found, "the new PIN is shown once"
    return found.group(1)


async def test_a_new_pin_ends_every_coordinator_session_opened_with_the_old_one(
    app: Any, client: Any
) -> None:
    import httpx

    canteen = await make_canteen(pin="246810")
    api_tablet = await coordinator(client, await pair(client, canteen))
    page_device = await pair(client, canteen)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8000"
    ) as page_tablet:
        page_tablet.cookies.set("tablee_device", page_device["Authorization"][7:])
        form = await page_tablet.get("/kiosk/coordinator/")
        assert form.status_code == 200
        csrf = page_tablet.cookies.get("tablee_csrf", "")
        entered = await page_tablet.post(
            "/kiosk/coordinator/", data={"pin": "246810"}, headers={"x-csrftoken": csrf}
        )
        assert entered.status_code in (302, 303)
        assert (await page_tablet.get("/kiosk/coordinator/service")).status_code == 200

        await make_staff("staff@example.org")
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8000"
        ) as staff:
            assert (await sign_in(staff, "staff@example.org")).status_code in (302, 303)
            pin = await _new_pin(staff, canteen)

        # The page tablet is sent back to the PIN; the API tablet's token is refused.
        after = await page_tablet.get("/kiosk/coordinator/service")
        assert after.status_code in (302, 303, 401)
        assert "/kiosk/coordinator/service" not in after.headers.get("location", "")
    opened = await client.post(
        "/api/v1/services",
        json={"id": client_id(), "menu": "Soupe"},
        headers={**api_tablet, "Accept-Language": "en"},
    )
    assert opened.status_code == 401
    assert "Coordinator mode has ended" in opened.json()["message"]
    assert await MealService.count() == 0
    # The old PIN no longer opens anything; the new one does, on the same tablet.
    old = await client.post(
        "/api/v1/coordinator/sessions", json={"pin": "246810"}, headers=api_tablet
    )
    assert old.status_code == 403
    fresh = await coordinator(client, {"Authorization": api_tablet["Authorization"]}, pin)
    again = await client.post(
        "/api/v1/services", json={"id": client_id(), "menu": "Soupe"}, headers=fresh
    )
    assert again.status_code == 201


async def test_a_new_password_ends_the_other_sessions_but_not_the_one_that_changed_it(
    app: Any,
) -> None:
    import httpx

    await make_staff("fanny@example.org")

    def browser() -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8000"
        )

    async with browser() as laptop, browser() as office, browser() as thief:
        for computer in (laptop, office, thief):
            assert (await sign_in(computer, "fanny@example.org")).status_code in (302, 303)
            assert (await computer.get("/admin/")).status_code == 200
        token = await csrf_token(laptop, "/admin/password/")
        changed = await laptop.post(
            "/admin/password/",
            data={"current": PASSWORD, "new": "a brand new pass phrase", "_csrf_token": token},
        )
        assert changed.status_code == 200
        assert (await laptop.get("/admin/")).status_code == 200
        for computer in (office, thief):
            refused = await computer.get("/admin/")
            assert refused.status_code in (302, 303, 401)
            assert "/admin/login" in refused.headers.get("location", "/admin/login")
        # The old password opens nothing any more; the new one does.
        assert (await sign_in(thief, "fanny@example.org")).status_code == 401
        new = await sign_in(office, "fanny@example.org", "a brand new pass phrase")
        assert new.status_code in (302, 303)
