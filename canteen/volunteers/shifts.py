"""Shifts: what they look like to volunteers and coordinators, and changes to one day.

A coordinator can change, add or cancel a shift on a date; the weekly pattern's generation
(patterns.py) never touches a date's shift again once it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from canteen.clock import local_today
from canteen.db import engine, is_sqlite, write_transaction
from canteen.errors import N_, DomainError, NotFound
from canteen.i18n import gettext
from canteen.network.services import get_canteen
from canteen.volunteers.schemas import (
    ShiftAddIn,
    ShiftBrief,
    ShiftChangeIn,
    ShiftOut,
)
from canteen.volunteers.tables import Shift, SignUp

KIND_LABELS: dict[str, str] = {
    "prep": N_("Prep"),
    "cooking": N_("Cooking"),
    "service": N_("Service"),
    "washing_up": N_("Washing up"),
}


class ShiftCancelled(DomainError):
    status = 409
    message = N_("This shift was cancelled.")


class ShiftOver(DomainError):
    status = 409
    message = N_("This shift is already over.")


class ShiftElsewhere(DomainError):
    status = 403
    message = N_("This shift belongs to another canteen.")


class TimesInvalid(DomainError):
    status = 422
    message = N_("Enter a start and an end time (like 9:00), the end after the start.")


class PlacesBelowTaken(DomainError):
    status = 409
    message = N_("{taken} volunteers already have a place: keep at least {taken} places.")


class DayOver(DomainError):
    status = 422
    message = N_("This day is already over.")


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def parse_clock(value: str) -> int:
    """'9:00' -> minutes after midnight."""
    hours, _sep, minutes = value.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise TimesInvalid()
    total = int(hours) * 60 + int(minutes)
    if int(hours) > 23 or int(minutes) > 59:
        raise TimesInvalid()
    return total


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def window(starts: str, ends: str) -> tuple[int, int]:
    start, end = parse_clock(starts), parse_clock(ends)
    if end <= start:
        raise TimesInvalid()
    return start, end


def moment(day: date, minute: int, timezone: str) -> datetime:
    """A local date and time in the canteen's time zone, as a UTC instant."""
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC)


def local_clock(instant: datetime, timezone: str) -> str:
    return instant.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def kind_label(kind: str) -> str:
    return gettext(KIND_LABELS.get(kind, kind))


def shift_brief(row: dict[str, Any], timezone: str) -> ShiftBrief:
    return ShiftBrief(
        id=row["id"],
        date=row["date"].isoformat(),
        kind=row["kind"],
        kind_label=kind_label(row["kind"]),
        starts=local_clock(row["starts_at"], timezone),
        ends=local_clock(row["ends_at"], timezone),
        starts_at=row["starts_at"].isoformat(),
        ends_at=row["ends_at"].isoformat(),
        cancelled=row["cancelled_at"] is not None,
    )


def _shift_out(row: dict[str, Any], timezone: str, taken: int, waiting: int) -> ShiftOut:
    brief = shift_brief(row, timezone)
    return ShiftOut(
        id=row["id"],
        canteen_id=row["canteen"],
        date=brief.date,
        kind=brief.kind,
        kind_label=brief.kind_label,
        starts=brief.starts,
        ends=brief.ends,
        starts_at=brief.starts_at,
        ends_at=brief.ends_at,
        places=row["places"],
        taken=taken,
        waiting=waiting,
        cancelled=brief.cancelled,
    )


async def place_counts(shift_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """shift id -> (places taken, people waiting)."""
    ids = sorted(set(shift_ids))
    counts: dict[int, tuple[int, int]] = {shift_id: (0, 0) for shift_id in ids}
    if not ids:
        return counts
    rows = await SignUp.raw(
        "SELECT shift, status, COUNT(*) AS n FROM sign_up "
        f"WHERE shift IN ({', '.join('{}' for _ in ids)}) "
        "AND status IN ('confirmed', 'waiting') GROUP BY shift, status",
        *ids,
    )
    for row in rows:
        taken, waiting = counts[row["shift"]]
        if row["status"] == "confirmed":
            taken = int(row["n"])
        else:
            waiting = int(row["n"])
        counts[row["shift"]] = (taken, waiting)
    return counts


async def shifts_out(rows: list[dict[str, Any]], timezone: str) -> list[ShiftOut]:
    counts = await place_counts(row["id"] for row in rows)
    return [_shift_out(row, timezone, *counts[row["id"]]) for row in rows]


async def get_shift(shift_id: int) -> dict[str, Any]:
    row = await Shift.select().where(Shift.id == shift_id).first()
    if row is None:
        raise NotFound()
    return row


async def own_shift(canteen_id: int, shift_id: int) -> dict[str, Any]:
    row = await get_shift(shift_id)
    if row["canteen"] != canteen_id:
        raise ShiftElsewhere()
    return row


async def shift_out(shift_id: int) -> ShiftOut:
    row = await get_shift(shift_id)
    canteen = await get_canteen(row["canteen"])
    return (await shifts_out([row], canteen["timezone"]))[0]


async def lock_shift(shift_id: int) -> dict[str, Any]:
    """Inside a write transaction: the shift's row, locked until commit on PostgreSQL.

    On SQLite the transaction began IMMEDIATE, which already keeps other writers out.
    """
    query = Shift.select().where(Shift.id == shift_id)
    if not is_sqlite(engine()):
        query = query.lock_rows("UPDATE")
    row = await query.first()
    if row is None:
        raise NotFound()
    return row


async def shifts_between(
    canteen_id: int, first: date, last: date, *, with_cancelled: bool = False
) -> list[dict[str, Any]]:
    query = Shift.select().where(
        (Shift.canteen == canteen_id) & (Shift.date >= first) & (Shift.date <= last)
    )
    if not with_cancelled:
        query = query.where(Shift.cancelled_at.is_null())
    return await query.order_by(Shift.date).order_by(Shift.starts_at).order_by(Shift.id)


async def coming_shifts(canteen_id: int, days: int = 28) -> list[ShiftOut]:
    """The shifts not yet over, from today on, that volunteers can sign up for."""
    canteen = await get_canteen(canteen_id)
    today = local_today(canteen["timezone"])
    rows = await shifts_between(canteen_id, today, today + timedelta(days=days - 1))
    current = now()
    return await shifts_out([r for r in rows if r["ends_at"] > current], canteen["timezone"])


async def todays_shifts(canteen_id: int) -> list[ShiftOut]:
    """Today's shifts not yet over: what 'I'm here to cook' offers at the tablet."""
    canteen = await get_canteen(canteen_id)
    today = local_today(canteen["timezone"])
    current = now()
    rows = await shifts_between(canteen_id, today, today)
    return await shifts_out([r for r in rows if r["ends_at"] > current], canteen["timezone"])


async def shifts_on(canteen_id: int, day: date) -> list[ShiftOut]:
    """Every shift on a date, cancelled ones included (the coordinator's view of a day)."""
    canteen = await get_canteen(canteen_id)
    rows = await shifts_between(canteen_id, day, day, with_cancelled=True)
    return await shifts_out(rows, canteen["timezone"])


# --- one day's changes ----------------------------------------------------------------------


async def _editable(canteen_id: int, shift_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    shift = await own_shift(canteen_id, shift_id)
    canteen = await get_canteen(canteen_id)
    if shift["cancelled_at"] is not None:
        raise ShiftCancelled()
    if shift["ends_at"] <= now():
        raise ShiftOver()
    return shift, canteen


async def change_shift(canteen_id: int, shift_id: int, data: ShiftChangeIn) -> list[int]:
    """Change one date's shift: times, places. More places go to the waiting list first.

    Returns the sign-ups moved up from the waiting list (to tell them).
    """
    from canteen.volunteers.services import promote_waiting

    shift, canteen = await _editable(canteen_id, shift_id)
    start, end = window(data.starts, data.ends)
    starts_at = moment(shift["date"], start, canteen["timezone"])
    ends_at = moment(shift["date"], end, canteen["timezone"])
    async with write_transaction():
        await lock_shift(shift_id)
        taken = await SignUp.count().where(
            (SignUp.shift == shift_id) & (SignUp.status == "confirmed")
        )
        if data.places < taken:
            raise PlacesBelowTaken(taken=taken)
        await Shift.update(
            {
                Shift.starts_at: starts_at,
                Shift.ends_at: ends_at,
                Shift.minutes: int((ends_at - starts_at).total_seconds() // 60),
                Shift.places: data.places,
                Shift.edited: True,
            }
        ).where(Shift.id == shift_id)
        return await promote_waiting(shift_id, data.places)


async def add_shift(canteen_id: int, data: ShiftAddIn) -> ShiftOut:
    """A shift on one date only, outside the weekly pattern."""
    canteen = await get_canteen(canteen_id)
    try:
        day = date.fromisoformat(data.date)
    except ValueError:
        raise DayOver() from None
    if day < local_today(canteen["timezone"]):
        raise DayOver()
    start, end = window(data.starts, data.ends)
    starts_at = moment(day, start, canteen["timezone"])
    ends_at = moment(day, end, canteen["timezone"])
    rows = await Shift.insert(
        Shift(
            canteen=canteen_id,
            pattern=None,
            date=day,
            kind=data.kind,
            starts_at=starts_at,
            ends_at=ends_at,
            minutes=int((ends_at - starts_at).total_seconds() // 60),
            places=data.places,
            edited=True,
        )
    ).returning(Shift.id)
    return await shift_out(rows[0]["id"])


async def cancel_shift(canteen_id: int, shift_id: int) -> int:
    """Cancel one date's shift; its volunteers see it on their page. Returns how many."""
    await _editable(canteen_id, shift_id)
    moment_now = now()
    async with write_transaction():
        await lock_shift(shift_id)
        await Shift.update({Shift.cancelled_at: moment_now, Shift.edited: True}).where(
            Shift.id == shift_id
        )
        told = (
            await SignUp.update(
                {
                    SignUp.status: "cancelled",
                    SignUp.cancelled_at: moment_now,
                    SignUp.cancelled_by: "canteen",
                }
            )
            .where((SignUp.shift == shift_id) & (SignUp.status != "cancelled"))
            .returning(SignUp.id)
        )
    return len(told)
