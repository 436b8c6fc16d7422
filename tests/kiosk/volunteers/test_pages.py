"""The volunteers' pages without JavaScript: public page, private link, tablet, coordinator."""

from __future__ import annotations

import re
from typing import Any

import pytest

from canteen.network import services as network
from canteen.volunteers import patterns
from canteen.volunteers.schemas import PatternIn
from canteen.volunteers.tables import SignUp, Volunteer
from tests.canteen.volunteers.factories import (
    local_today,
    make_shift,
    make_volunteer_canteen,
    noon_timezone,
    sign_up,
)
from tests.factories import client_id


def csrf(client: Any) -> dict[str, str]:
    return {"x-csrftoken": client.cookies.get("tablee_csrf", "")}


async def post_form(client: Any, url: str, form: dict[str, str]) -> Any:
    return await client.post(url, data=form, headers=csrf(client))


@pytest.fixture(autouse=True)
def in_english(client: Any) -> None:
    """The pages speak the browser's language (French by default): these read English."""
    client.headers["Accept-Language"] = "en"


def another(client: Any) -> Any:
    """A second person's browser on the same server."""
    return client.__class__(
        transport=client._transport, base_url=client.base_url, headers={"Accept-Language": "en"}
    )


async def test_a_volunteer_signs_up_on_the_public_page_then_cancels(client: Any) -> None:
    canteen = await make_volunteer_canteen("lyon-vaise", name="La Petite Cantine de Vaise")
    # More than 48 hours ahead: a cancellation moves the waiting list up (closer, it is a
    # cover request: tests/kiosk/volunteers/test_attendance_pages.py).
    shift = await make_shift(canteen, days_ahead=3, places=1)
    page = await client.get("/v/lyon-vaise?lang=en")
    assert page.status_code == 200
    assert "Come and cook with us!" in page.text and f'data-shift-id="{shift}"' in page.text
    form = await client.get(f"/v/lyon-vaise/shifts/{shift}")
    assert 'name="first_name"' in form.text and 'name="consent"' in form.text

    answer = await post_form(
        client,
        f"/v/lyon-vaise/shifts/{shift}",
        {"id": client_id(), "first_name": "Amina", "phone": "06 12 34 56 78", "consent": "yes"},
    )
    assert answer.status_code == 302
    link = answer.headers["location"].split("?")[0]
    assert re.fullmatch(r"/my/[A-Za-z0-9_-]{40,}", link)
    mine = await client.get(answer.headers["location"])
    assert "Hello Amina!" in mine.text and "You are signed up. Thank you!" in mine.text
    # The phone remembers Amina: the public page says so, and needs no name next time.
    again = await client.get("/v/lyon-vaise")
    assert "Signed up as Amina." in again.text

    # Someone else finds the shift full and joins the waiting list.
    async with another(client) as other:
        offer = await other.get(f"/v/lyon-vaise/shifts/{shift}?lang=en")
        assert 'name="waiting_list" value="1"' in offer.text
        # A form opened before the last place went: told it is full, offered the list.
        late = {"id": client_id(), "first_name": "Bilal"}
        full = await post_form(other, f"/v/lyon-vaise/shifts/{shift}", late)
        assert full.status_code == 409 and "this shift is full" in full.text
        assert 'name="waiting_list" value="1"' in full.text and 'value="Bilal"' in full.text
        joined = await post_form(
            other, f"/v/lyon-vaise/shifts/{shift}", {**late, "id": client_id(), "waiting_list": "1"}
        )
        assert joined.status_code == 302
        bilal_link = joined.headers["location"]
        assert "waiting list (number 1)" in (await other.get(bilal_link)).text

    sign_up_id = (await SignUp.select().where(SignUp.status == "confirmed").first())["id"]
    cancelled = await post_form(client, f"{link}/cancel/{sign_up_id}", {})
    assert cancelled.status_code == 302
    assert "Your place is cancelled." in (await client.get(cancelled.headers["location"])).text
    async with another(client) as bilal:
        promoted = await bilal.get(bilal_link.split("?")[0] + "?lang=en")
        assert "a place came free and it is yours" in promoted.text


async def test_a_bad_form_says_why_and_keeps_what_was_typed(client: Any) -> None:
    canteen = await make_volunteer_canteen("lyon-vaise")
    shift = await make_shift(canteen, days_ahead=1)
    await client.get(f"/v/lyon-vaise/shifts/{shift}?lang=en")
    answer = await post_form(
        client,
        f"/v/lyon-vaise/shifts/{shift}",
        {"id": client_id(), "first_name": "Amina", "email": "amina@example.org"},
    )
    assert answer.status_code == 422
    assert "Tick the box to agree to be contacted" in answer.text
    assert 'value="amina@example.org"' in answer.text
    assert await Volunteer.count() == 0


async def test_the_poster_carries_a_qr_code_to_the_public_page(client: Any) -> None:
    canteen = await make_volunteer_canteen("lille-fives")
    weekday = local_today(noon_timezone()).weekday()
    await patterns.add_pattern(
        canteen, PatternIn(weekday=weekday, kind="cooking", starts="9:00", ends="12:00", places=6)
    )
    poster = await client.get("/v/lille-fives/poster?lang=en")
    assert poster.status_code == 200
    assert "<svg" in poster.text and "http://127.0.0.1:8000/v/lille-fives" in poster.text
    assert "style=" not in poster.text.split("<main", 1)[1]


@pytest.fixture
async def tablet(client: Any) -> dict[str, Any]:
    canteen = await make_volunteer_canteen("lyon-croix-rousse")
    code, _ = await network.create_pairing_code(canteen)
    await client.get("/kiosk/pair")
    paired = await post_form(client, "/kiosk/pair", {"code": code, "id": client_id()})
    assert paired.status_code in (302, 303), paired.text
    return {"canteen": canteen}


async def test_im_here_to_cook_at_the_tablet(client: Any, tablet: Any) -> None:
    today = await make_shift(tablet["canteen"], days_ahead=0, places=4)
    welcome = await client.get("/kiosk/")  # in the canteen's first language
    assert "Je viens cuisiner" in welcome.text
    await client.get("/kiosk/start?lang=en")  # the volunteer picks English
    listing = await client.get("/kiosk/cook")
    assert f'href="/kiosk/cook/{today}"' in listing.text
    await client.get(f"/kiosk/cook/{today}")
    done = await post_form(
        client, f"/kiosk/cook/{today}", {"id": client_id(), "first_name": "Dana"}
    )
    assert done.status_code == 200 and "Your place is booked." in done.text
    assert "<svg" in done.text and "tablee_volunteer" not in done.headers.get("set-cookie", "")
    assert await SignUp.count().where(SignUp.status == "confirmed") == 1


async def test_the_coordinator_sees_cooks_short_shifts_hours_and_erases_on_request(
    client: Any, tablet: Any
) -> None:
    canteen = tablet["canteen"]
    today = await make_shift(canteen, days_ahead=0, places=3)
    tomorrow = await make_shift(canteen, days_ahead=1, places=2)
    await sign_up(today, "Amina")
    await sign_up(tomorrow, "Bilal", phone="0612345678", contact_consent=True)
    assert (await client.get("/kiosk/coordinator/volunteers/")).status_code in (302, 303, 401)
    await post_form(client, "/kiosk/coordinator", {"pin": "246810"})
    home = await client.get("/kiosk/coordinator/volunteers/?lang=en")
    assert home.status_code == 200
    assert "Today&#39;s cooks" in home.text or "Today's cooks" in home.text
    assert "Amina" in home.text and "0612345678" in home.text  # Bilal: to remind by hand
    reminder = (await SignUp.select().where(SignUp.shift == tomorrow).first())["id"]
    await post_form(client, f"/kiosk/coordinator/volunteers/reminders/{reminder}/done", {})
    assert "0612345678" not in (await client.get("/kiosk/coordinator/volunteers/")).text

    bilal = await Volunteer.select().where(Volunteer.first_name == "Bilal").first()
    export = await client.get(f"/kiosk/coordinator/volunteers/people/{bilal['id']}/export")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert export.json()["volunteer"]["phone"] == "0612345678"
    erased = await post_form(
        client, f"/kiosk/coordinator/volunteers/people/{bilal['id']}/erase", {"confirm": "yes"}
    )
    assert erased.status_code == 302
    people = await client.get("/kiosk/coordinator/volunteers/people")
    assert "Bilal" not in people.text and "Amina" in people.text

    pattern = await post_form(
        client,
        "/kiosk/coordinator/volunteers/pattern",
        {"weekday": "1", "kind": "washing_up", "starts": "14:00", "ends": "15:00", "places": "3"},
    )
    assert pattern.status_code == 302
    assert "14:00–15:00" in (await client.get("/kiosk/coordinator/volunteers/pattern")).text
    day = local_today(noon_timezone()).isoformat()
    changed = await post_form(
        client,
        f"/kiosk/coordinator/volunteers/shifts/{today}",
        {"starts": "10:00", "ends": "15:00", "places": "0"},
    )
    assert changed.status_code == 422
    changed = await post_form(
        client,
        f"/kiosk/coordinator/volunteers/shifts/{today}",
        {"starts": "10:00", "ends": "15:00", "places": "5"},
    )
    assert changed.headers["location"] == f"/kiosk/coordinator/volunteers/day?date={day}"
    assert "10:00–15:00" in (await client.get(changed.headers["location"])).text


async def test_a_tablet_sign_up_arriving_after_the_shift_filled_waits_and_the_coordinator_knows(
    client: Any, tablet: Any
) -> None:
    """As the outbox replays it: made offline for the last place, taken meanwhile by a phone."""
    canteen = tablet["canteen"]
    today = await make_shift(canteen, days_ahead=0, places=1)
    outbox = {"X-Requested-With": "tablee", "Accept-Language": "en"}
    made_offline = {"id": client_id(), "first_name": "Dana", "contact_consent": False}
    await sign_up(today, "Amina")  # the last place goes to a phone while the tablet is offline
    sent = await client.post(
        f"/api/v1/kiosk/shifts/{today}/signups", json=made_offline, headers=outbox
    )
    assert sent.status_code == 201, sent.text
    answer = sent.json()
    assert (answer["status"], answer["waiting_position"], answer["arrived_full"]) == (
        "waiting",
        1,
        True,
    )
    again = await client.post(
        f"/api/v1/kiosk/shifts/{today}/signups", json=made_offline, headers=outbox
    )
    assert again.json() == answer  # replayed: the same answer, one record
    assert await SignUp.count().where(SignUp.status == "waiting") == 1
    # Without the kiosk's header, a cookie alone cannot write through the API.
    bare = await client.post(
        f"/api/v1/kiosk/shifts/{today}/signups", json={**made_offline, "id": client_id()}
    )
    assert bare.status_code == 403
    # A shift of another canteen is refused, and nothing is written.
    lille = await make_volunteer_canteen("lille-fives")
    elsewhere = await make_shift(lille, days_ahead=0, places=3)
    refused = await client.post(
        f"/api/v1/kiosk/shifts/{elsewhere}/signups",
        json={"id": client_id(), "first_name": "Dana"},
        headers=outbox,
    )
    assert refused.status_code in (403, 404) and await SignUp.count() == 2

    await post_form(client, "/kiosk/coordinator", {"pin": "246810"})
    home = await client.get("/kiosk/coordinator/volunteers/?lang=en")
    assert "the shift had filled meanwhile, so they are on the waiting list: Dana" in home.text
