"""Attendance, "I can't come", cover requests and the certificate, through the real pages."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from canteen.volunteers.tables import CoverRequest, SignUp, Volunteer
from tests.canteen.volunteers.factories import make_shift, sign_up, sign_up_in_the_past
from tests.kiosk.volunteers.test_pages import another, post_form, tablet  # noqa: F401

BASE = "/kiosk/coordinator/volunteers"


@pytest.fixture(autouse=True)
def in_english(client: Any) -> None:
    client.headers["Accept-Language"] = "en"


def pdf_text(body: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def test_the_coordinator_confirms_who_came_and_hours_follow(
    client: Any,
    tablet: Any,  # noqa: F811
) -> None:
    canteen = tablet["canteen"]
    monday, tuesday = await make_shift(canteen, -8), await make_shift(canteen, -7)
    amina = await sign_up_in_the_past(monday, "Amina", came=False)
    bilal = await sign_up_in_the_past(monday, "Bilal", came=False)
    bilal2 = await sign_up_in_the_past(tuesday, "Bilal", came=False, volunteer_token=bilal.token)
    await post_form(client, "/kiosk/coordinator", {"pin": "246810"})
    await post_form(client, "/kiosk/coordinator/language", {"lang": "en"})  # her choice

    home = await client.get(f"{BASE}/")
    assert "Shifts waiting for attendance" in home.text and "No hours yet." in home.text
    form = await client.get(f"{BASE}/shifts/{monday}/attendance")
    assert form.text.count("checked") >= 2  # everyone ticked by default (and "excused")
    assert f'name="came_{amina.sign_up_id}" value="1" checked' in form.text
    # Bilal did not come and had not warned, twice.
    saved = await post_form(
        client,
        f"{BASE}/shifts/{monday}/attendance",
        {f"came_{amina.sign_up_id}": "1", f"absence_{bilal.sign_up_id}": "not_excused"},
    )
    assert saved.status_code == 302
    await post_form(
        client,
        f"{BASE}/shifts/{tuesday}/attendance",
        {f"absence_{bilal2.sign_up_id}": "not_excused"},
    )
    home = await client.get(f"{BASE}/")
    assert "Bilal: 2 absences in a row without warning." in home.text
    assert "Shifts waiting for attendance" not in home.text
    assert "<td>4</td>" in home.text  # 4 hours: Amina's only

    # The volunteers' pages say nothing of it; Amina's shows what she did.
    bilal_page = await another(client).get(bilal.link)
    assert "absence" not in bilal_page.text.lower() and "0 shifts" not in bilal_page.text
    amina_page = await another(client).get(amina.link)
    assert "1 shifts done, 4 hours" in amina_page.text

    # The coordinator asks that Bilal's next sign-ups wait for a yes.
    bilal_id = (await Volunteer.select().where(Volunteer.first_name == "Bilal").first())["id"]
    await post_form(client, f"{BASE}/people/{bilal_id}/approval", {"needs_approval": "yes"})
    coming = await make_shift(canteen, 3, places=2)
    place = await sign_up(coming, "Bilal", volunteer_token=bilal.token)
    assert place.status == "pending"
    assert "the coordinator will confirm it" in (await another(client).get(bilal.link)).text
    home = await client.get(f"{BASE}/")
    assert "Sign-ups waiting for your yes" in home.text
    await post_form(client, f"{BASE}/pending/{place.sign_up_id}", {"answer": "yes"})
    assert (await SignUp.select().where(SignUp.id == place.sign_up_id).first())[
        "status"
    ] == "confirmed"

    # A shift that has not started refuses attendance, and changes nothing.
    early = await post_form(client, f"{BASE}/shifts/{coming}/attendance", {})
    assert early.status_code == 409 and "has not started yet" in early.text
    assert (await SignUp.select().where(SignUp.id == place.sign_up_id).first())["attendance"] == ""

    # The certificate states what the records prove.
    amina_id = (await Volunteer.select().where(Volunteer.first_name == "Amina").first())["id"]
    pdf = await client.get(f"{BASE}/people/{amina_id}/certificate.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    # The coordinator's copy is in the volunteer's language (French, as she signed up).
    assert "Attestation de bénévolat" in text and "Amina" in text
    assert "1 créneaux faits, 4 heures en tout" in text
    mine = pdf_text((await another(client).get(f"{amina.link}/certificate.pdf")).content)
    assert "Certificate of volunteering" in mine and "1 shifts done, 4 hours in all" in mine
    bilal_pdf = pdf_text((await another(client).get(f"{bilal.link}/certificate.pdf")).content)
    assert "no shift with attendance confirmed" in bilal_pdf

    # Erased, Amina's hours still count, unnamed; her export carried her attendance.
    export = await client.get(f"{BASE}/people/{amina_id}/export")
    assert export.json()["sign_ups"][0]["attendance"] == "came"
    await post_form(client, f"{BASE}/people/{amina_id}/erase", {"confirm": "yes"})
    assert "<td>4</td>" in (await client.get(f"{BASE}/")).text


async def test_i_cant_come_offers_the_place_and_the_first_tap_gets_it(
    client: Any,
    tablet: Any,  # noqa: F811
) -> None:
    canteen = tablet["canteen"]
    shift = await make_shift(canteen, 1, places=1)
    holder = await sign_up(shift, "Amina")
    chloe = await sign_up(shift, "Chloé", waiting_list=True)
    david = await sign_up(shift, "David", waiting_list=True)
    page = await client.get(holder.link)
    assert "I can&#39;t come" in page.text or "I can't come" in page.text
    await post_form(client, f"{holder.link}/cancel/{holder.sign_up_id}", {})
    cover_id = (await CoverRequest.select().first())["id"]

    chloe_browser, david_browser = another(client), another(client)
    chloe_page = await chloe_browser.get(chloe.link)
    assert "A place is free at short notice" in chloe_page.text
    taken = await post_form(chloe_browser, f"{chloe.link}/cover/{cover_id}", {})
    assert taken.status_code == 302 and "covered=" in taken.headers["location"]
    assert "The place is yours" in (await chloe_browser.get(taken.headers["location"])).text
    await david_browser.get(david.link)
    late = await post_form(david_browser, f"{david.link}/cover/{cover_id}", {})
    assert "gone=1" in late.headers["location"]
    assert (
        "Someone else took this place" in (await david_browser.get(late.headers["location"])).text
    )
    assert await SignUp.count().where(SignUp.status == "confirmed") == 1

    await post_form(client, "/kiosk/coordinator", {"pin": "246810"})

    await post_form(client, "/kiosk/coordinator/language", {"lang": "en"})  # her choice
    day = (await client.get(f"{BASE}/day?date={chloe.shift.date}")).text
    assert "Amina gave up their place late; Chloé took it." in day
