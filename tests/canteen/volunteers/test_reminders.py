"""Day-before reminders by e-mail (a fake SMTP server on loopback), or listed to give by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from canteen.volunteers import reminders, services
from canteen.volunteers.tables import SignUp
from tests.canteen.volunteers.conftest import free_port, outbox_for
from tests.canteen.volunteers.factories import make_shift, make_volunteer_canteen, sign_up


async def three_volunteers_tomorrow(canteen: int) -> dict[str, Any]:
    tomorrow = await make_shift(canteen, days_ahead=1, places=5)
    later = await make_shift(canteen, days_ahead=2, places=5)
    people = {
        "amina": await sign_up(tomorrow, "Amina", email="amina@example.org", contact_consent=True),
        "bilal": await sign_up(tomorrow, "Bilal", phone="06 12 34 56 78", contact_consent=True),
        "chloe": await sign_up(tomorrow, "Chloé"),  # no way to reach her: no reminder
        "dana": await sign_up(later, "Dana", email="dana@example.org", contact_consent=True),
    }
    return people


async def test_reminders_go_out_the_day_before_and_only_once(db: str, mail: Any) -> None:
    inbox, outbox = mail
    canteen = await make_volunteer_canteen(name="La Petite Cantine de la Croix-Rousse")
    people = await three_volunteers_tomorrow(canteen)

    report = await reminders.send_reminders(outbox)
    assert (report.sent, report.by_hand, report.failed) == (1, 1, 0)
    [message] = inbox.messages
    assert message["To"] == "amina@example.org"
    assert "La Petite Cantine de la Croix-Rousse" in message["Subject"]
    body = message.get_content()
    assert "Amina" in body and "10:00" in body and "14:00" in body
    assert f"https://cantine.example/my/{people['amina'].token}" in body

    again = await reminders.send_reminders(outbox)
    assert (again.sent, again.by_hand) == (0, 1)
    assert len(inbox.messages) == 1
    # Bilal left a phone number only: the coordinator gives that one by hand.
    by_hand = await reminders.reminders_by_hand(canteen, smtp_configured=True)
    assert [(r.first_name, r.phone) for r in by_hand] == [("Bilal", "06 12 34 56 78")]
    await reminders.mark_reminded(canteen, by_hand[0].sign_up_id)
    assert await reminders.reminders_by_hand(canteen, smtp_configured=True) == []
    assert (await reminders.send_reminders(outbox)).by_hand == 0


async def test_without_smtp_the_coordinator_gets_the_list(db: str, no_mail: Any) -> None:
    canteen = await make_volunteer_canteen()
    await three_volunteers_tomorrow(canteen)
    report = await reminders.send_reminders(no_mail)
    assert (report.sent, report.by_hand) == (0, 2)
    listed = await reminders.reminders_by_hand(canteen, smtp_configured=False)
    assert [r.first_name for r in listed] == ["Amina", "Bilal"]
    assert listed[0].email == "amina@example.org"
    assert await SignUp.count().where(SignUp.reminded_at.is_not_null()) == 0


async def test_a_reminder_that_could_not_be_sent_is_sent_by_the_next_run(
    db: str, mail: Any, tmp_path: Path, database_url: str
) -> None:
    inbox, outbox = mail
    canteen = await make_volunteer_canteen()
    await three_volunteers_tomorrow(canteen)
    unreachable = outbox_for(tmp_path, database_url, free_port())  # nothing listens there
    failed = await reminders.send_reminders(unreachable)
    assert (failed.sent, failed.failed) == (0, 1)
    assert await SignUp.count().where(SignUp.reminded_at.is_not_null()) == 0
    report = await reminders.send_reminders(outbox)
    assert report.sent == 1 and [m["To"] for m in inbox.messages] == ["amina@example.org"]


async def test_the_first_in_line_is_told_by_email_when_a_place_comes_free(
    db: str, mail: Any
) -> None:
    inbox, outbox = mail
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, days_ahead=3, places=1)
    amina = await sign_up(shift, "Amina")
    bilal = await sign_up(
        shift, "Bilal", email="bilal@example.org", contact_consent=True, waiting_list=True
    )

    async def notify(ids: list[int]) -> None:
        await reminders.notify_promotions(ids, outbox)

    await services.cancel_place(amina.token, amina.sign_up_id, notify)
    [message] = inbox.to("bilal@example.org")
    assert f"https://cantine.example/my/{bilal.token}" in message.get_content()
    # Told once: the timer's run does not send it again.
    await reminders.send_reminders(outbox)
    assert len(inbox.to("bilal@example.org")) == 1
