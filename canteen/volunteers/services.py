"""Signing up to cook, without an account, and cancelling one's place.

The last place of a shift is decided inside one write transaction that locks the shift's row
(PostgreSQL) or holds SQLite's single writer (BEGIN IMMEDIATE): a shift is never over-booked.
Every sign-up carries a client-generated id: a replay gets the first answer back
(canteen.idempotency). Who gets a place, and who waits, is the rules' (rules.placement).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from canteen import clock, i18n, security
from canteen.db import is_unique_violation, write_transaction
from canteen.errors import NotFound
from canteen.idempotency import body_hash, once
from canteen.network.services import get_canteen
from canteen.volunteers import rules
from canteen.volunteers.errors import AlreadySignedUp, ShiftFull
from canteen.volunteers.links import known_volunteer, volunteer_for_token
from canteen.volunteers.places import lock_shift, release_place, taken, waiting, waiting_position
from canteen.volunteers.queries import places_of
from canteen.volunteers.schemas import PlaceOut, SignUpIn, SignUpOut
from canteen.volunteers.shifts import get_shift, shift_brief
from canteen.volunteers.tables import SignUp, Volunteer

Contact = tuple[str, str, str, bool]


def clean_contact(data: SignUpIn) -> Contact:
    """(first name, phone, e-mail, consent) from a sign-up, as the rules accept them."""
    return rules.clean_contact(data.first_name, data.phone, data.email, data.contact_consent)


async def _sign_up_out(row: Mapping[str, Any], client_id: str, secret: str) -> SignUpOut:
    shift = await get_shift(row["shift"])
    canteen = await get_canteen(shift["canteen"])
    volunteer = await Volunteer.select().where(Volunteer.id == row["volunteer"]).first()
    if volunteer is None:  # erased since: nothing personal is left to answer with
        raise NotFound()
    token = rules.link_token(secret, volunteer["nonce"])
    return SignUpOut(
        id=client_id,
        sign_up_id=row["id"],
        status=row["status"],
        waiting_position=await waiting_position(dict(row)),
        shift=shift_brief(shift, canteen["timezone"]),
        first_name=volunteer["first_name"],
        token=token,
        link=rules.link_path(token),
        calendar=rules.calendar_path(token),
        arrived_full=bool(row["arrived_full"]),
    )


async def _new_volunteer(canteen_id: int, contact: Contact, secret: str, expires: datetime) -> int:
    name, phone, email, consent = contact
    nonce = secrets.token_hex(16)
    now = clock.now()
    rows = await Volunteer.insert(
        Volunteer(
            canteen=canteen_id,
            first_name=name,
            phone=phone if consent else "",
            email=email if consent else "",
            contact_consent=consent,
            consent_at=now if consent else None,
            language=i18n.language(),
            nonce=nonce,
            token_hash=security.token_hash(rules.link_token(secret, nonce)),
            created_at=now,
            link_expires_at=expires,
        )
    ).returning(Volunteer.id)
    return int(rows[0]["id"])


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

    async def find() -> dict[str, Any] | None:
        return await SignUp.select().where(SignUp.client_id == data.id).first()

    async def write() -> None:
        shift = await get_shift(shift_id)
        rules.check_signable(shift, canteen_id, clock.now())
        volunteer = await known_volunteer(data.volunteer_token, shift["canteen"])
        contact = None if volunteer else clean_contact(data)
        try:
            await _take_place(shift_id, data, digest, volunteer, contact, secret, wait_if_full)
        except Exception as exc:
            # Not this id written twice, but the same volunteer holding a place already.
            if is_unique_violation(exc) and await find() is None:
                raise AlreadySignedUp() from None
            raise

    async def out(row: Mapping[str, Any]) -> SignUpOut:
        return await _sign_up_out(row, data.id, secret)

    digest = body_hash(shift_id, data)
    return await once(find, digest, out, write)


async def _holds_place(shift_id: int, volunteer_id: int) -> bool:
    return bool(
        await SignUp.exists().where(
            (SignUp.shift == shift_id)
            & (SignUp.volunteer == volunteer_id)
            & (SignUp.status != "cancelled")
        )
    )


async def _volunteer_id(
    shift: dict[str, Any],
    volunteer: dict[str, Any] | None,
    contact: Contact | None,
    secret: str,
) -> int:
    """The volunteer taking the place: a new one, or a known one whose link now lives longer."""
    expires = rules.link_expiry(shift["ends_at"])
    if volunteer is None:
        assert contact is not None
        return await _new_volunteer(shift["canteen"], contact, secret, expires)
    if volunteer["link_expires_at"] < expires:
        await Volunteer.update({Volunteer.link_expires_at: expires}).where(
            Volunteer.id == volunteer["id"]
        )
    return int(volunteer["id"])


async def _take_place(
    shift_id: int,
    data: SignUpIn,
    digest: str,
    volunteer: dict[str, Any] | None,
    contact: Contact | None,
    secret: str,
    wait_if_full: bool,
) -> None:
    async with write_transaction():
        shift = await lock_shift(shift_id)
        rules.check_open(shift, clock.now())
        if volunteer is not None and await _holds_place(shift_id, volunteer["id"]):
            raise AlreadySignedUp()
        place = rules.placement(
            shift["places"],
            await taken(shift_id),
            waiting_list=data.waiting_list,
            wait_if_full=wait_if_full,
            needs_approval=bool(volunteer and volunteer["needs_approval"]),
        )
        if place is None:
            raise ShiftFull(waiting=len(await waiting(shift_id)), shift_id=shift_id)
        status, arrived_full = place
        await SignUp.insert(
            SignUp(
                shift=shift_id,
                volunteer=await _volunteer_id(shift, volunteer, contact, secret),
                status=status,
                created_at=clock.now(),
                client_id=data.id,
                body_hash=digest,
                arrived_full=arrived_full,
            )
        )


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
        now = clock.now()
        rules.check_cancellable(shift["starts_at"], now)
        promoted = await release_place(
            row, "volunteer", late=rules.is_late(shift["starts_at"], now)
        )
        if promoted and notify is not None:
            await notify(promoted)
    return (await places_of(volunteer, only=[sign_up_id]))[0]
