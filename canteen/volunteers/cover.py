"""Cover requests: a place given up within rules.COVER_WINDOW_HOURS of its shift is offered to
others until one takes it.

The waiting list is asked first (on their private link, and by e-mail when SMTP is set up);
when nobody waits, the canteen's recent volunteers are e-mailed. Taking it is decided inside
one write transaction that locks the shift, as sign-ups are: the first tap gets the place,
every other tap is told it is gone.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from canteen import clock, i18n
from canteen.db import write_transaction
from canteen.errors import N_, NotFound
from canteen.network.services import get_canteen
from canteen.volunteers import rules
from canteen.volunteers.errors import AlreadySignedUp, CoverTaken
from canteen.volunteers.links import volunteer_for_token
from canteen.volunteers.mail import Outbox
from canteen.volunteers.places import lock_shift, place_counts, taken
from canteen.volunteers.queries import places_of
from canteen.volunteers.reminders import HELLO, WHEN, long_date, speaking
from canteen.volunteers.schemas import CoverOut, PlaceOut
from canteen.volunteers.shifts import get_shift, kind_label, shift_brief
from canteen.volunteers.tables import CoverRequest, Shift, SignUp, Volunteer

log = logging.getLogger(__name__)

RECENT_DAYS = 90  # "the canteen's recent volunteers": a place held in the last 90 days
MOST_MAILED = 40
COVER_SUBJECT = N_("A place is free at short notice: {task} on {date}")
COVER_INTRO = N_("Someone cannot come after all. The first to take the place gets it:")
TAKE_IT = N_("Take it in one tap on your page: {link}")


async def _open_rows(canteen_id: int, now: Any) -> list[dict[str, Any]]:
    """Covers nobody took yet, on shifts not cancelled and not started, oldest first."""
    return (
        await CoverRequest.select(CoverRequest.id, *CoverRequest.shift.all_columns())
        .where(
            (CoverRequest.shift.canteen == canteen_id)
            & CoverRequest.taken_at.is_null()
            & CoverRequest.shift.cancelled_at.is_null()
            & (CoverRequest.shift.starts_at > now)
        )
        .order_by(CoverRequest.opened_at)
        .order_by(CoverRequest.id)
    )


def _shift(row: dict[str, Any]) -> dict[str, Any]:
    return {key.split(".", 1)[1]: v for key, v in row.items() if key.startswith("shift.")}


async def open_covers(canteen_id: int, exclude_shifts: set[int] = frozenset()) -> list[CoverOut]:  # type: ignore[assignment]
    """One open cover request per shift that still has a free place (rules.cover_open)."""
    canteen = await get_canteen(canteen_id)
    now = clock.now()
    rows = await _open_rows(canteen_id, now)
    counts = await place_counts(row["shift.id"] for row in rows)
    seen: set[int] = set()
    out = []
    for row in rows:
        shift = _shift(row)
        if shift["id"] in seen or shift["id"] in exclude_shifts:
            continue
        if rules.cover_open(None, shift, counts[shift["id"]][0], now):
            seen.add(shift["id"])
            out.append(CoverOut(id=row["id"], shift=shift_brief(shift, canteen["timezone"])))
    return out


async def covers_for(volunteer: dict[str, Any]) -> list[CoverOut]:
    """The cover requests a volunteer may take: their canteen's, on shifts where they hold no
    place (waiting for one is fine: they are asked first)."""
    holding = await SignUp.select(SignUp.shift).where(
        (SignUp.volunteer == volunteer["id"]) & SignUp.status.is_in(list(rules.HOLDING))
    )
    return await open_covers(volunteer["canteen"], {row["shift"] for row in holding})


async def take_cover(token: str, cover_id: int) -> PlaceOut:
    """One tap on "Take it": the place is this volunteer's, unless someone was faster."""
    volunteer = await volunteer_for_token(token)
    cover = await CoverRequest.select().where(CoverRequest.id == cover_id).first()
    if cover is None or (await get_shift(cover["shift"]))["canteen"] != volunteer["canteen"]:
        raise NotFound()
    now = clock.now()
    async with write_transaction():
        shift = await lock_shift(cover["shift"])
        rules.check_open(shift, now)
        current = await CoverRequest.select().where(CoverRequest.id == cover_id).first()
        assert current is not None
        if not rules.cover_open(current["taken_at"], shift, await taken(shift["id"]), now):
            raise CoverTaken()
        sign_up_id = await _place_for(shift["id"], volunteer, now)
        await CoverRequest.update(
            {CoverRequest.taken_by: sign_up_id, CoverRequest.taken_at: now}
        ).where(CoverRequest.id == cover_id)
        expires = rules.link_expiry(shift["ends_at"])
        if volunteer["link_expires_at"] < expires:
            await Volunteer.update({Volunteer.link_expires_at: expires}).where(
                Volunteer.id == volunteer["id"]
            )
    return (await places_of(volunteer, only=[sign_up_id]))[0]


async def _place_for(shift_id: int, volunteer: dict[str, Any], now: Any) -> int:
    """Inside the shift's lock: the volunteer's waiting sign-up moves up, or a new one is made."""
    status = rules.held_status(volunteer["needs_approval"])
    mine = (
        await SignUp.select(SignUp.id, SignUp.status)
        .where(
            (SignUp.shift == shift_id)
            & (SignUp.volunteer == volunteer["id"])
            & (SignUp.status != "cancelled")
        )
        .first()
    )
    if mine is not None and mine["status"] in rules.HOLDING:
        raise AlreadySignedUp()
    if mine is not None:
        await SignUp.update({SignUp.status: status, SignUp.promoted_at: now}).where(
            SignUp.id == mine["id"]
        )
        return int(mine["id"])
    rows = await SignUp.insert(
        SignUp(shift=shift_id, volunteer=volunteer["id"], status=status, created_at=now)
    ).returning(SignUp.id)
    return int(rows[0]["id"])


async def late_cancellations(canteen_id: int, day: date) -> list[dict[str, Any]]:
    """For the day's page: places given up late on that date, and whether someone covered."""
    rows = await (
        CoverRequest.select(
            CoverRequest.id,
            CoverRequest.shift,
            CoverRequest.given_up.volunteer.first_name.as_alias("given_up_by"),  # type: ignore[union-attr]
            CoverRequest.taken_by.volunteer.first_name.as_alias("taken_by_name"),  # type: ignore[union-attr]
            CoverRequest.taken_at,
        )
        .where((CoverRequest.shift.canteen == canteen_id) & (CoverRequest.shift.date == day))
        .order_by(CoverRequest.opened_at)
    )
    return [
        {
            "shift_id": row["shift"],
            "given_up_by": row["given_up_by"] or "—",
            "covered": row["taken_at"] is not None,
            "covered_by": row["taken_by_name"] or ("—" if row["taken_at"] else ""),
        }
        for row in rows
    ]


async def _recipients(shift: dict[str, Any]) -> list[dict[str, Any]]:
    """Who is asked: the shift's waiting list; when nobody waits, recent volunteers."""
    contact = (SignUp.volunteer.contact_consent == True) & (SignUp.volunteer.email != "")  # noqa: E712
    volunteer = SignUp.volunteer
    columns = (volunteer.id, volunteer.first_name, volunteer.email, volunteer.language)
    columns += (volunteer.nonce,)  # type: ignore[assignment]
    waiting = await SignUp.select(*columns).where(
        (SignUp.shift == shift["id"]) & (SignUp.status == "waiting") & contact
    )
    if waiting:
        return waiting
    since = shift["date"] - timedelta(days=RECENT_DAYS)
    on_it = await SignUp.select(SignUp.volunteer).where(SignUp.shift == shift["id"])
    recent = await SignUp.select(*columns).where(
        (SignUp.shift.canteen == shift["canteen"])
        & (SignUp.shift.date >= since)
        & SignUp.status.is_in(list(rules.HOLDING))
        & SignUp.volunteer.id.not_in([row["volunteer"] for row in on_it if row["volunteer"]] or [0])
        & contact
    )
    unique = {row["volunteer.id"]: row for row in recent}
    return list(unique.values())[:MOST_MAILED]


async def announce(canteen_id: int, outbox: Outbox) -> int:
    """E-mail each open cover request once (when SMTP is set up). Returns e-mails sent."""
    if not outbox.configured:
        return 0
    canteen = await get_canteen(canteen_id)
    sent = 0
    for cover in await open_covers(canteen_id):
        claimed = (
            await CoverRequest.update({CoverRequest.mailed_at: clock.now()})
            .where((CoverRequest.id == cover.id) & CoverRequest.mailed_at.is_null())
            .returning(CoverRequest.id)
        )
        if not claimed:
            continue
        shift = await Shift.select().where(Shift.id == cover.shift.id).first()
        assert shift is not None
        for person in await _recipients(shift):
            sent += await _mail(person, shift, canteen, outbox)
    return sent


async def _mail(
    person: dict[str, Any], shift: dict[str, Any], canteen: dict[str, Any], outbox: Outbox
) -> int:
    token = rules.link_token(outbox.secret, person["volunteer.nonce"])
    timezone = canteen["timezone"]
    with speaking(person["volunteer.language"]):
        day = long_date(shift["date"], i18n.language())
        task = kind_label(shift["kind"])
        subject = i18n.gettext(COVER_SUBJECT, task=task, date=day)
        starts = rules.local_clock(shift["starts_at"], timezone)
        ends = rules.local_clock(shift["ends_at"], timezone)
        lines = [
            i18n.gettext(HELLO, name=person["volunteer.first_name"]),
            "",
            i18n.gettext(COVER_INTRO),
            i18n.gettext(WHEN, date=day, starts=starts, ends=ends, task=task),
            "",
            i18n.gettext(TAKE_IT, link=f"{outbox.base_url}{rules.link_path(token)}"),
            "",
            canteen["name"],
        ]
    try:
        await outbox.send(person["volunteer.email"], subject, "\n".join(lines) + "\n")
    except Exception:  # noqa: BLE001 - a cover request is sent once; the link shows it anyway
        log.exception("Could not send a cover request to volunteer %s", person["volunteer.id"])
        return 0
    return 1
