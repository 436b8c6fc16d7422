"""Volunteer test data, built through the real services where there is one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from canteen.network.services import get_canteen
from canteen.volunteers import rules, services, shifts
from canteen.volunteers.schemas import ShiftAddIn, SignUpIn
from canteen.volunteers.tables import Shift, SignUp
from tests.factories import client_id, make_canteen

SECRET = "test-secret-key-not-for-production"


def noon_timezone() -> str:
    """A time zone where it is 12:xx right now: 'today's shift from 10:00 to 14:00' is
    under way whenever the tests run."""
    offset = 12 - datetime.now(UTC).hour  # hours east of UTC
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


def local_today(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


async def make_volunteer_canteen(slug: str = "lyon-croix-rousse", **fields: Any) -> int:
    fields.setdefault("timezone", noon_timezone())
    return await make_canteen(slug, **fields)


async def make_shift(
    canteen_id: int,
    days_ahead: int = 1,
    places: int = 3,
    kind: str = "cooking",
    starts: str = "10:00",
    ends: str = "14:00",
) -> int:
    """A shift on today + days_ahead (a past day goes straight into the table)."""
    timezone = (await get_canteen(canteen_id))["timezone"]
    day = local_today(timezone) + timedelta(days=days_ahead)
    if days_ahead >= 0:
        out = await shifts.add_shift(
            canteen_id,
            ShiftAddIn(date=day.isoformat(), kind=kind, starts=starts, ends=ends, places=places),  # type: ignore[arg-type]
        )
        return out.id
    start, end = rules.parse_clock(starts), rules.parse_clock(ends)
    starts_at, ends_at = rules.moment(day, start, timezone), rules.moment(day, end, timezone)
    rows = await Shift.insert(
        Shift(
            canteen=canteen_id,
            date=day,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            minutes=end - start,
            places=places,
            edited=True,
        )
    ).returning(Shift.id)
    return int(rows[0]["id"])


def sign_up_in(first_name: str = "Amina", **fields: Any) -> SignUpIn:
    return SignUpIn(id=fields.pop("id", client_id()), first_name=first_name, **fields)


async def sign_up(shift_id: int, first_name: str = "Amina", **fields: Any) -> Any:
    return await services.sign_up(shift_id, sign_up_in(first_name, **fields), secret=SECRET)


async def sign_up_in_the_past(
    shift_id: int, first_name: str = "Amina", came: bool = True, **fields: Any
) -> Any:
    """Sign-ups for days already over: the shift is moved to tomorrow for the sign-up.

    came: the coordinator confirmed this volunteer came (else nothing is recorded yet)."""
    row = await Shift.select().where(Shift.id == shift_id).first()
    assert row is not None
    shift_len = row["ends_at"] - row["starts_at"]
    later = datetime.now(UTC) + timedelta(days=1)
    await Shift.update({Shift.starts_at: later, Shift.ends_at: later + shift_len}).where(
        Shift.id == shift_id
    )
    try:
        out = await sign_up(shift_id, first_name, **fields)
        if came:
            await SignUp.update({SignUp.attendance: "came"}).where(SignUp.id == out.sign_up_id)
        return out
    finally:
        await Shift.update(
            {Shift.starts_at: row["starts_at"], Shift.ends_at: row["ends_at"]}
        ).where(Shift.id == shift_id)
