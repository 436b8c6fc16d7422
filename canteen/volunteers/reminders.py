"""Day-before reminders and 'a place came free' notices, by e-mail when SMTP is set up.

Each reminder is claimed in the database before it is sent (reminded_at set where it was
empty) and released if sending fails: two runs at once, or a run every hour, send it once.
Without SMTP, or for volunteers who left only a phone number, the coordinator's view lists
the reminders to give by hand, and marks them given.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from babel.dates import format_date

from canteen import i18n
from canteen.clock import local_today
from canteen.errors import N_, NotFound
from canteen.network.services import get_canteen
from canteen.network.tables import Canteen
from canteen.volunteers.mail import Outbox
from canteen.volunteers.schemas import ReminderOut, ReminderReport
from canteen.volunteers.services import link_path, link_token
from canteen.volunteers.shifts import kind_label, local_clock, now, shift_brief
from canteen.volunteers.tables import SignUp

log = logging.getLogger(__name__)

HELLO = N_("Hello {name},")
REMINDER_SUBJECT = N_("Reminder: {task} tomorrow at {canteen}")
REMINDER_INTRO = N_("Thank you for cooking with us! Here is a reminder of your place tomorrow:")
PROMOTED_SUBJECT = N_("You have a place: {task} on {date}")
PROMOTED_INTRO = N_("A place came free and it is yours:")
WHEN = N_("{date}, {starts}–{ends}: {task}")
SEE_OR_CANCEL = N_("If you can no longer come, cancel in one tap (your places are here): {link}")

_COLUMNS = (
    SignUp.id,
    SignUp.status,
    SignUp.volunteer.first_name,
    SignUp.volunteer.phone,
    SignUp.volunteer.email,
    SignUp.volunteer.language,
    SignUp.volunteer.nonce,
    *SignUp.shift.all_columns(),
)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    token = i18n.current_language.set(language if language in i18n.LANGUAGES else "fr")
    try:
        yield
    finally:
        i18n.current_language.reset(token)


def long_date(day: date, language: str) -> str:
    return format_date(day, format="full", locale=language)


def _shift_of(row: dict[str, Any]) -> dict[str, Any]:
    return {key.split(".", 1)[1]: value for key, value in row.items() if key.startswith("shift.")}


async def _due(canteen_id: int, tomorrow: date) -> list[dict[str, Any]]:
    """Tomorrow's confirmed places, not yet reminded, of volunteers who agreed to contact."""
    return (
        await SignUp.select(*_COLUMNS)
        .where(
            (SignUp.shift.canteen == canteen_id)
            & (SignUp.shift.date == tomorrow)
            & SignUp.shift.cancelled_at.is_null()
            & (SignUp.status == "confirmed")
            & SignUp.reminded_at.is_null()
            & (SignUp.volunteer.contact_consent == True)  # noqa: E712
        )
        .order_by(SignUp.shift.starts_at)
        .order_by(SignUp.id)
    )


def _reminder_out(row: dict[str, Any], timezone: str) -> ReminderOut:
    return ReminderOut(
        sign_up_id=row["id"],
        first_name=row["volunteer.first_name"],
        phone=row["volunteer.phone"],
        email=row["volunteer.email"],
        shift=shift_brief(_shift_of(row), timezone),
    )


async def reminders_by_hand(canteen_id: int, smtp_configured: bool) -> list[ReminderOut]:
    """The day-before reminders a person has to give: all of them without SMTP, otherwise
    those of volunteers who left a phone number only."""
    canteen = await get_canteen(canteen_id)
    tomorrow = local_today(canteen["timezone"]) + timedelta(days=1)
    rows = await _due(canteen_id, tomorrow)
    if smtp_configured:
        rows = [row for row in rows if not row["volunteer.email"]]
    return [_reminder_out(row, canteen["timezone"]) for row in rows]


async def mark_reminded(canteen_id: int, sign_up_id: int) -> None:
    """A coordinator gave this reminder by hand (a call, a text): it is not listed again."""
    row = (
        await SignUp.select(SignUp.id, SignUp.shift.canteen).where(SignUp.id == sign_up_id).first()
    )
    if row is None or row["shift.canteen"] != canteen_id:
        raise NotFound()
    await SignUp.update({SignUp.reminded_at: now(), SignUp.reminded_by: "hand"}).where(
        (SignUp.id == sign_up_id) & SignUp.reminded_at.is_null()
    )


async def _claim(sign_up_id: int, column: Any, extra: dict[Any, Any]) -> bool:
    claimed = (
        await SignUp.update({column: now(), **extra})
        .where((SignUp.id == sign_up_id) & column.is_null())
        .returning(SignUp.id)
    )
    return bool(claimed)


def _body(row: dict[str, Any], canteen: dict[str, Any], outbox: Outbox, intro: str) -> str:
    shift = _shift_of(row)
    timezone = canteen["timezone"]
    token = link_token(outbox.secret, row["volunteer.nonce"])
    lines = [
        i18n.gettext(HELLO, name=row["volunteer.first_name"]),
        "",
        i18n.gettext(intro),
        i18n.gettext(
            WHEN,
            date=long_date(shift["date"], i18n.language()),
            starts=local_clock(shift["starts_at"], timezone),
            ends=local_clock(shift["ends_at"], timezone),
            task=kind_label(shift["kind"]),
        ),
        "",
        i18n.gettext(SEE_OR_CANCEL, link=f"{outbox.base_url}{link_path(token)}"),
        "",
        canteen["name"],
    ]
    return "\n".join(lines) + "\n"


async def _send_one(
    row: dict[str, Any], canteen: dict[str, Any], outbox: Outbox, kind: str
) -> bool | None:
    """Claim, send, release on failure: True sent, False failed, None another run has it."""
    column = SignUp.reminded_at if kind == "reminder" else SignUp.promotion_mailed_at
    extra = {SignUp.reminded_by: "email"} if kind == "reminder" else {}
    if not await _claim(row["id"], column, extra):
        return None
    with speaking(row["volunteer.language"]):
        task = kind_label(row["shift.kind"])
        if kind == "reminder":
            subject = i18n.gettext(REMINDER_SUBJECT, task=task, canteen=canteen["name"])
            body = _body(row, canteen, outbox, REMINDER_INTRO)
        else:
            day = long_date(row["shift.date"], i18n.language())
            subject = i18n.gettext(PROMOTED_SUBJECT, task=task, date=day)
            body = _body(row, canteen, outbox, PROMOTED_INTRO)
    try:
        await outbox.send(row["volunteer.email"], subject, body)
    except Exception:  # noqa: BLE001 - released for the next run, and said in the log
        log.exception("Could not send the %s for sign-up %s", kind, row["id"])
        release: dict[Any, Any] = {column: None}
        if kind == "reminder":
            release[SignUp.reminded_by] = ""
        await SignUp.update(release).where(SignUp.id == row["id"])
        return False
    return True


async def notify_promotions(sign_up_ids: list[int], outbox: Outbox | None) -> int:
    """E-mail the volunteers moved up from a waiting list (who left an e-mail address)."""
    if not sign_up_ids or outbox is None or not outbox.configured:
        return 0
    rows = await SignUp.select(*_COLUMNS).where(
        SignUp.id.is_in(sign_up_ids)
        & (SignUp.status == "confirmed")
        & SignUp.promotion_mailed_at.is_null()
        & (SignUp.volunteer.contact_consent == True)  # noqa: E712
        & (SignUp.volunteer.email != "")
    )
    sent = 0
    for row in rows:
        canteen = await get_canteen(row["shift.canteen"])
        sent += bool(await _send_one(row, canteen, outbox, "promotion"))
    return sent


async def _pending_promotions(canteen_id: int, today: date) -> list[int]:
    rows = await SignUp.select(SignUp.id).where(
        (SignUp.shift.canteen == canteen_id)
        & (SignUp.shift.date >= today)
        & SignUp.shift.cancelled_at.is_null()
        & (SignUp.status == "confirmed")
        & SignUp.promoted_at.is_not_null()
        & SignUp.promotion_mailed_at.is_null()
        & (SignUp.volunteer.contact_consent == True)  # noqa: E712
        & (SignUp.volunteer.email != "")
    )
    return [row["id"] for row in rows]


async def send_reminders(outbox: Outbox) -> ReminderReport:
    """Send every canteen's day-before reminders (and 'a place came free' notices that could
    not be sent at the time). Safe to run as often as wanted: each is sent once."""
    sent = by_hand = failed = 0
    canteens = await Canteen.select().where(Canteen.active == True)  # noqa: E712
    for canteen in canteens:
        today = local_today(canteen["timezone"])
        due = await _due(canteen["id"], today + timedelta(days=1))
        for row in due:
            if not outbox.configured or not row["volunteer.email"]:
                by_hand += 1
                continue
            result = await _send_one(row, canteen, outbox, "reminder")
            sent += result is True
            failed += result is False
        if outbox.configured:
            await notify_promotions(await _pending_promotions(canteen["id"], today), outbox)
    return ReminderReport(sent=sent, by_hand=by_hand, failed=failed)
