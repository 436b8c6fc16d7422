"""The volunteers' JSON API: coming shifts, sign-up, replays, the waiting list, cancel."""

from __future__ import annotations

import asyncio
from typing import Any

from canteen.volunteers.tables import SignUp, Volunteer
from tests.canteen.volunteers.factories import make_shift, make_volunteer_canteen
from tests.factories import client_id


def body(first_name: str = "Amina", **fields: Any) -> dict[str, Any]:
    return {"id": client_id(), "first_name": first_name, **fields}


async def test_a_volunteer_signs_up_sees_and_cancels_through_the_api(client: Any) -> None:
    canteen = await make_volunteer_canteen("lyon-croix-rousse")
    shift = await make_shift(canteen, days_ahead=2, places=2)
    coming = (await client.get("/api/v1/canteens/lyon-croix-rousse/shifts")).json()
    assert [(s["id"], s["places"], s["taken"]) for s in coming] == [(shift, 2, 0)]

    payload = body(email="amina@example.org", contact_consent=True)
    first = await client.post(f"/api/v1/shifts/{shift}/signups", json=payload)
    replay = await client.post(f"/api/v1/shifts/{shift}/signups", json=payload)
    assert first.status_code == replay.status_code == 201, first.text
    assert first.json() == replay.json()
    signed = first.json()
    assert signed["status"] == "confirmed" and signed["link"] == f"/my/{signed['token']}"
    other = await client.post(
        f"/api/v1/shifts/{shift}/signups", json={**payload, "first_name": "Bilal"}
    )
    assert other.status_code == 422

    ics = await client.get(f"/my/{signed['token']}/calendar.ics?lang=en")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    from icalendar import Calendar

    [event] = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(event["summary"]).startswith("Cooking")
    assert event.decoded("dtstart").isoformat() == signed["shift"]["starts_at"]

    headers = {"X-Volunteer-Token": signed["token"]}
    mine = (await client.get("/api/v1/volunteers/me", headers=headers)).json()
    assert mine["first_name"] == "Amina" and mine["places"][0]["status"] == "confirmed"
    cancel = await client.post(f"/api/v1/signups/{signed['sign_up_id']}/cancel", headers=headers)
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"
    assert (
        await client.get("/api/v1/volunteers/me", headers={"X-Volunteer-Token": "nope"})
    ).status_code == 404

    ics = await client.get(f"/my/{signed['token']}/calendar.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" not in ics.text  # the cancelled place left the calendar


async def test_bad_sign_ups_get_a_translated_422_and_change_nothing(client: Any) -> None:
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen)
    answer = await client.post(
        f"/api/v1/shifts/{shift}/signups",
        json=body(email="amina@example.org"),
        headers={"Accept-Language": "fr"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"] == "consent_required"
    assert "Cochez" in answer.json()["message"]
    unknown = await client.post(f"/api/v1/shifts/{shift}/signups", json={**body(), "age": 30})
    assert unknown.status_code == 400
    assert await SignUp.count() == 0 and await Volunteer.count() == 0


async def test_fifty_people_at_once_for_three_places(client: Any, db: str) -> None:
    """Never over-booked: exactly 3 get the places, 47 are told it is full (on both engines)."""
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, days_ahead=1, places=3)

    async def one(n: int) -> Any:
        return await client.post(
            f"/api/v1/shifts/{shift}/signups",
            json=body(f"Volunteer {chr(65 + n % 26)}"),
            headers={"Accept-Language": "fr"},
        )

    answers = await asyncio.gather(*(one(n) for n in range(50)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses.count(201) == 3 and statuses.count(409) == 47, statuses
    full = next(answer.json() for answer in answers if answer.status_code == 409)
    assert full["error"] == "shift_full"
    assert full["message"] == (
        "Désolé, ce créneau est complet. Vous pouvez vous inscrire sur sa liste d'attente."
    )
    assert full["waiting_list"]["join"] == {"waiting_list": True}
    assert await SignUp.count().where(SignUp.status == "confirmed") == 3
    assert await Volunteer.count() == 3  # the 47 refused left nothing behind

    waiting = await client.post(
        f"/api/v1/shifts/{shift}/signups", json=body("Zoé", waiting_list=True)
    )
    assert waiting.status_code == 201
    assert (waiting.json()["status"], waiting.json()["waiting_position"]) == ("waiting", 1)
