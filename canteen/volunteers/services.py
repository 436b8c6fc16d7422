"""Signing up to cook, without an account; cancelling; the waiting list; a volunteer's data.

The last place of a shift is decided inside one write transaction that locks the shift's row
(PostgreSQL) or holds SQLite's single writer (BEGIN IMMEDIATE): a shift is never over-booked.
Every sign-up carries a client-generated id: a replay gets the first answer back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import msgspec

from canteen import i18n, security
from canteen.clock import local_today
from canteen.db import is_unique_violation, write_transaction
from canteen.errors import N_, DomainError, IdempotencyConflict, NotFound
from canteen.network.services import get_canteen
from canteen.volunteers.schemas import MyPlacesOut, PlaceOut, SignUpIn, SignUpOut
from canteen.volunteers.shifts import (
    ShiftCancelled,
    ShiftElsewhere,
    ShiftOver,
    get_shift,
    lock_shift,
    now,
    shift_brief,
)
from canteen.volunteers.tables import SignUp, Volunteer

# A private link works until this long after the volunteer's last shift (then it is refused).
LINK_DAYS_AFTER_LAST_SHIFT = 60
FIRST_NAME_MAX = 40
LINK_PREFIX = "/my/"
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]{2,}$")
_PHONE_CHARS = set("0123456789+-. ()")


class ShiftFull(DomainError):
    status = 409
    message = N_("Sorry, this shift is full. You can join its waiting list.")


class AlreadySignedUp(DomainError):
    status = 409
    message = N_("You already have a place on this shift.")


class FirstNameInvalid(DomainError):
    status = 422
    message = N_("Enter your first name: letters only, up to 40 characters.")


class PhoneInvalid(DomainError):
    status = 422
    message = N_("This phone number does not look right.")


class EmailInvalid(DomainError):
    status = 422
    message = N_("This e-mail address does not look right.")


class ConsentRequired(DomainError):
    status = 422
    message = N_("Tick the box to agree to be contacted, or leave the phone and e-mail empty.")


class LinkInvalid(DomainError):
    status = 404
    message = N_("This link is not valid or has expired.")


class CancelTooLate(DomainError):
    status = 409
    message = N_(
        "This shift has started: it can no longer be cancelled here. Tell the coordinator."
    )


# --- input -----------------------------------------------------------------------------------


def clean_first_name(value: str) -> str:
    """A first name: 1–40 characters of letters (any script), spaces, hyphens, apostrophes
    and dots, with at least one letter. No digits or '@': a phone or e-mail typed in the
    wrong box is caught, and nothing that could pass for markup is kept."""
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not 1 <= len(name) <= FIRST_NAME_MAX:
        raise FirstNameInvalid()
    if not any(char.isalpha() for char in name):
        raise FirstNameInvalid()
    for char in name:
        if not (char.isalpha() or char in " -'’." or unicodedata.category(char) in ("Mn", "Mc")):
            raise FirstNameInvalid()
    return name


def clean_phone(value: str) -> str:
    phone = " ".join(value.split())
    if not phone:
        return ""
    digits = sum(char.isdigit() for char in phone)
    if len(phone) > 32 or set(phone) - _PHONE_CHARS or not 6 <= digits <= 15 or "+" in phone[1:]:
        raise PhoneInvalid()
    return phone


def clean_email(value: str) -> str:
    email = value.strip()
    if not email:
        return ""
    if len(email) > 254 or not _EMAIL.match(email):
        raise EmailInvalid()
    return email


def clean_contact(data: SignUpIn) -> tuple[str, str, str, bool]:
    """(first name, phone, e-mail, consent); contact details only with explicit consent."""
    name = clean_first_name(data.first_name)
    phone, email = clean_phone(data.phone), clean_email(data.email)
    if (phone or email) and not data.contact_consent:
        raise ConsentRequired()
    return name, phone, email, bool(phone or email) and data.contact_consent


# --- the private link ----------------------------------------------------------------------


def link_token(secret: str, nonce: str) -> str:
    """The volunteer's token: an HMAC of their nonce under the server's secret key."""
    digest = hmac.new(secret.encode(), f"tablee.volunteer:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def link_path(token: str) -> str:
    return f"{LINK_PREFIX}{token}"


def calendar_path(token: str) -> str:
    return f"{LINK_PREFIX}{token}/calendar.ics"


async def volunteer_for_token(token: str | None) -> dict[str, Any]:
    """The volunteer whose private link this is, while the link lives."""
    if not token or len(token) > 100:
        raise LinkInvalid()
    row = await Volunteer.select().where(Volunteer.token_hash == security.token_hash(token)).first()
    if row is None or row["link_expires_at"] < now():
        raise LinkInvalid()
    return row


async def _known_volunteer(token: str | None, canteen_id: int) -> dict[str, Any] | None:
    """A volunteer token sent with a sign-up: used when valid for this canteen, else ignored
    (an old link on a phone must not stop someone from signing up)."""
    if not token:
        return None
    try:
        volunteer = await volunteer_for_token(token)
    except LinkInvalid:
        return None
    return volunteer if volunteer["canteen"] == canteen_id else None


def _expiry(ends_at: datetime) -> datetime:
    return ends_at + timedelta(days=LINK_DAYS_AFTER_LAST_SHIFT)


# --- signing up ------------------------------------------------------------------------------


def _digest(shift_id: int, data: SignUpIn) -> str:
    fields = msgspec.structs.asdict(data)
    fields.pop("id", None)
    payload = msgspec.json.encode({"shift": shift_id, "body": fields}, order="sorted")
    return hashlib.sha256(payload).hexdigest()


async def waiting_position(row: dict[str, Any]) -> int | None:
    if row["status"] != "waiting":
        return None
    ahead = await SignUp.count().where(
        (SignUp.shift == row["shift"])
        & (SignUp.status == "waiting")
        & (
            (SignUp.created_at < row["created_at"])
            | ((SignUp.created_at == row["created_at"]) & (SignUp.id < row["id"]))
        )
    )
    return int(ahead) + 1


async def _sign_up_out(row: dict[str, Any], client_id: str, secret: str) -> SignUpOut:
    shift = await get_shift(row["shift"])
    canteen = await get_canteen(shift["canteen"])
    volunteer = await Volunteer.select().where(Volunteer.id == row["volunteer"]).first()
    if volunteer is None:  # erased since: nothing personal is left to answer with
        raise NotFound()
    token = link_token(secret, volunteer["nonce"])
    return SignUpOut(
        id=client_id,
        sign_up_id=row["id"],
        status=row["status"],
        waiting_position=await waiting_position(row),
        shift=shift_brief(shift, canteen["timezone"]),
        first_name=volunteer["first_name"],
        token=token,
        link=link_path(token),
        calendar=calendar_path(token),
        arrived_full=bool(row["arrived_full"]),
    )


async def _new_volunteer(
    canteen_id: int, contact: tuple[str, str, str, bool], secret: str, expires: datetime
) -> int:
    name, phone, email, consent = contact
    nonce = secrets.token_hex(16)
    rows = await Volunteer.insert(
        Volunteer(
            canteen=canteen_id,
            first_name=name,
            phone=phone if consent else "",
            email=email if consent else "",
            contact_consent=consent,
            consent_at=now() if consent else None,
            language=i18n.language(),
            nonce=nonce,
            token_hash=security.token_hash(link_token(secret, nonce)),
            created_at=now(),
            link_expires_at=expires,
        )
    ).returning(Volunteer.id)
    return int(rows[0]["id"])


async def _check_open(shift: dict[str, Any], canteen_id: int | None) -> None:
    if canteen_id is not None and shift["canteen"] != canteen_id:
        raise ShiftElsewhere()
    if shift["cancelled_at"] is not None:
        raise ShiftCancelled()
    if shift["ends_at"] <= now():
        raise ShiftOver()


async def sign_up(
    shift_id: int,
    data: SignUpIn,
    *,
    secret: str,
    canteen_id: int | None = None,
    wait_if_full: bool = False,
) -> SignUpOut:
    """Take a place on a shift (or, when asked, a place on its waiting list).

    canteen_id, when given, is the only canteen this may sign up for (a tablet's own).
    Raises ShiftFull (409) when the last place is gone: the answer offers the waiting list.
    With wait_if_full (a tablet, whose sign-up may reach the server long after it was made
    offline), a shift that filled meanwhile puts the volunteer first free on its waiting list
    instead, marked `arrived_full` for the coordinator.
    """
    digest = _digest(shift_id, data)

    async def find() -> dict[str, Any] | None:
        return await SignUp.select().where(SignUp.client_id == data.id).first()

    existing = await find()
    if existing is None:
        shift = await get_shift(shift_id)
        await _check_open(shift, canteen_id)
        volunteer = await _known_volunteer(data.volunteer_token, shift["canteen"])
        contact = None if volunteer else clean_contact(data)
        try:
            await _take_place(
                shift_id, data, digest, volunteer, contact, secret, wait_if_full=wait_if_full
            )
        except Exception as exc:
            if not is_unique_violation(exc):
                raise
            if await find() is None:  # the same volunteer already holds a place here
                raise AlreadySignedUp() from None
        existing = await find()
        if existing is None:  # pragma: no cover - the write committed or raised
            raise NotFound()
    if existing["body_hash"] != digest or existing["shift"] != shift_id:
        raise IdempotencyConflict()
    return await _sign_up_out(existing, data.id, secret)


async def _take_place(
    shift_id: int,
    data: SignUpIn,
    digest: str,
    volunteer: dict[str, Any] | None,
    contact: tuple[str, str, str, bool] | None,
    secret: str,
    *,
    wait_if_full: bool = False,
) -> None:
    async with write_transaction():
        shift = await lock_shift(shift_id)
        await _check_open(shift, None)
        if volunteer is not None:
            live = await SignUp.exists().where(
                (SignUp.shift == shift_id)
                & (SignUp.volunteer == volunteer["id"])
                & (SignUp.status != "cancelled")
            )
            if live:
                raise AlreadySignedUp()
        taken = await SignUp.count().where(
            (SignUp.shift == shift_id) & (SignUp.status == "confirmed")
        )
        arrived_full = False
        if taken < shift["places"]:
            status = "confirmed"
        elif data.waiting_list or wait_if_full:
            status = "waiting"
            arrived_full = not data.waiting_list
        else:
            waiting = await SignUp.count().where(
                (SignUp.shift == shift_id) & (SignUp.status == "waiting")
            )
            raise ShiftFull(waiting=waiting, shift_id=shift_id)
        expires = _expiry(shift["ends_at"])
        if volunteer is None:
            assert contact is not None
            volunteer_id = await _new_volunteer(shift["canteen"], contact, secret, expires)
        else:
            volunteer_id = volunteer["id"]
            if volunteer["link_expires_at"] < expires:
                await Volunteer.update({Volunteer.link_expires_at: expires}).where(
                    Volunteer.id == volunteer_id
                )
        await SignUp.insert(
            SignUp(
                shift=shift_id,
                volunteer=volunteer_id,
                status=status,
                created_at=now(),
                client_id=data.id,
                body_hash=digest,
                arrived_full=arrived_full,
            )
        )


# --- cancelling and the waiting list -----------------------------------------------------------


async def promote_waiting(shift_id: int, places: int) -> list[int]:
    """Inside the shift's write transaction: give free places to the first in line."""
    taken = await SignUp.count().where((SignUp.shift == shift_id) & (SignUp.status == "confirmed"))
    free = places - int(taken)
    if free <= 0:
        return []
    first_in_line = (
        await SignUp.select(SignUp.id)
        .where((SignUp.shift == shift_id) & (SignUp.status == "waiting"))
        .order_by(SignUp.created_at)
        .order_by(SignUp.id)
        .limit(free)
    )
    ids = [row["id"] for row in first_in_line]
    if ids:
        await SignUp.update({SignUp.status: "confirmed", SignUp.promoted_at: now()}).where(
            SignUp.id.is_in(ids)
        )
    return ids


async def release_place(sign_up: dict[str, Any], by: str) -> list[int]:
    """Cancel one sign-up in its own transaction; a freed place goes to the first in line.

    Returns the sign-ups moved up from the waiting list."""
    async with write_transaction():
        shift = await lock_shift(sign_up["shift"])
        current = await SignUp.select(SignUp.status).where(SignUp.id == sign_up["id"]).first()
        if current is None or current["status"] == "cancelled":
            return []
        await SignUp.update(
            {SignUp.status: "cancelled", SignUp.cancelled_at: now(), SignUp.cancelled_by: by}
        ).where(SignUp.id == sign_up["id"])
        if current["status"] != "confirmed" or shift["cancelled_at"] is not None:
            return []
        return await promote_waiting(shift["id"], shift["places"])


async def cancel_place(
    token: str,
    sign_up_id: int,
    notify: Callable[[list[int]], Awaitable[Any]] | None = None,
) -> PlaceOut:
    """One tap on the private link: the place is freed and offered to the first in line.

    notify (when given) is called with the sign-ups moved up from the waiting list.
    Cancelling twice answers the same.
    """
    volunteer = await volunteer_for_token(token)
    row = await SignUp.select().where(SignUp.id == sign_up_id).first()
    if row is None or row["volunteer"] != volunteer["id"]:
        raise NotFound()
    shift = await get_shift(row["shift"])
    if row["status"] != "cancelled":
        if shift["starts_at"] <= now():
            raise CancelTooLate()
        promoted = await release_place(row, "volunteer")
        if promoted and notify is not None:
            await notify(promoted)
    return (await _places(volunteer, only=[sign_up_id]))[0]


async def _places(volunteer: dict[str, Any], only: list[int] | None = None) -> list[PlaceOut]:
    canteen = await get_canteen(volunteer["canteen"])
    timezone = canteen["timezone"]
    query = SignUp.select(
        *SignUp.all_columns(), *SignUp.shift.all_columns(exclude=[SignUp.shift.id])
    ).where(SignUp.volunteer == volunteer["id"])
    if only is not None:
        query = query.where(SignUp.id.is_in(only))
    else:
        query = query.where(SignUp.shift.date >= local_today(timezone))
    rows = await query.order_by(SignUp.shift.starts_at).order_by(SignUp.id)
    places = []
    for row in rows:
        shift = {
            "id": row["shift"],
            **{
                key.split(".", 1)[1]: value
                for key, value in row.items()
                if key.startswith("shift.")
            },
        }
        places.append(
            PlaceOut(
                sign_up_id=row["id"],
                status=row["status"],
                waiting_position=await waiting_position(row),
                promoted=row["promoted_at"] is not None and row["status"] == "confirmed",
                cancelled_by=row["cancelled_by"],
                shift=shift_brief(shift, timezone),
            )
        )
    return places


async def my_places(token: str) -> MyPlacesOut:
    """What the private link shows: the volunteer's places from today on."""
    volunteer = await volunteer_for_token(token)
    canteen = await get_canteen(volunteer["canteen"])
    return MyPlacesOut(
        first_name=volunteer["first_name"],
        canteen_slug=canteen["slug"],
        canteen_name=canteen["name"],
        has_contact=bool(volunteer["phone"] or volunteer["email"]),
        link_expires_at=volunteer["link_expires_at"].isoformat(),
        places=await _places(volunteer),
    )


async def calendar_places(token: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The volunteer and their confirmed places (with the shift), for the iCal feed."""
    volunteer = await volunteer_for_token(token)
    rows = (
        await SignUp.select(SignUp.id, SignUp.status, *SignUp.shift.all_columns())
        .where((SignUp.volunteer == volunteer["id"]) & (SignUp.status == "confirmed"))
        .order_by(SignUp.shift.starts_at)
    )
    return volunteer, rows
