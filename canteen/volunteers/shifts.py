"""Shifts: what they look like to volunteers and coordinators, and changes to one day.

A coordinator can change, add or cancel a shift on a date; the weekly pattern's generation
(patterns.py) never touches a date's shift again once it exists. Places left and "full" are
the rules' (rules.places_left, rules.is_full), computed once here for every page and the API.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from canteen import clock
from canteen.db import write_transaction
from canteen.errors import NotFound
from canteen.i18n import gettext
from canteen.network.services import get_canteen
from canteen.volunteers import rules
from canteen.volunteers.errors import ShiftElsewhere
from canteen.volunteers.places import lock_shift, place_counts, promote_waiting, taken
from canteen.volunteers.schemas import ShiftAddIn, ShiftBrief, ShiftChangeIn, ShiftOut
from canteen.volunteers.tables import Shift, SignUp


def kind_label(kind: str) -> str:
    return gettext(rules.KIND_LABELS.get(kind, kind))


def shift_brief(row: dict[str, Any], timezone: str) -> ShiftBrief:
    return ShiftBrief(
        id=row["id"],
        date=row["date"].isoformat(),
        kind=row["kind"],
        kind_label=kind_label(row["kind"]),
        starts=rules.local_clock(row["starts_at"], timezone),
        ends=rules.local_clock(row["ends_at"], timezone),
        starts_at=row["starts_at"].isoformat(),
        ends_at=row["ends_at"].isoformat(),
        cancelled=row["cancelled_at"] is not None,
    )


def _shift_out(row: dict[str, Any], timezone: str, held: int, waiting: int) -> ShiftOut:
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
        taken=held,
        waiting=waiting,
        cancelled=brief.cancelled,
        places_left=rules.places_left(row["places"], held),
        full=rules.is_full(row["places"], held),
    )


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


async def shifts_between(
    canteen_id: int, first: date, last: date, *, with_cancelled: bool = False
) -> list[dict[str, Any]]:
    query = Shift.select().where(
        (Shift.canteen == canteen_id) & (Shift.date >= first) & (Shift.date <= last)
    )
    if not with_cancelled:
        query = query.where(Shift.cancelled_at.is_null())
    return await query.order_by(Shift.date).order_by(Shift.starts_at).order_by(Shift.id)


async def _not_over(canteen_id: int, days: int) -> list[ShiftOut]:
    canteen = await get_canteen(canteen_id)
    today = clock.local_today(canteen["timezone"])
    rows = await shifts_between(canteen_id, today, today + timedelta(days=days - 1))
    now = clock.now()
    coming = [row for row in rows if not rules.is_over(row["ends_at"], now)]
    return await shifts_out(coming, canteen["timezone"])


async def coming_shifts(canteen_id: int, days: int = 28) -> list[ShiftOut]:
    """The shifts not yet over, from today on, that volunteers can sign up for."""
    return await _not_over(canteen_id, days)


async def todays_shifts(canteen_id: int) -> list[ShiftOut]:
    """Today's shifts not yet over: what 'I'm here to cook' offers at the tablet."""
    return await _not_over(canteen_id, 1)


async def shifts_on(canteen_id: int, day: date) -> list[ShiftOut]:
    """Every shift on a date, cancelled ones included (the coordinator's view of a day)."""
    canteen = await get_canteen(canteen_id)
    rows = await shifts_between(canteen_id, day, day, with_cancelled=True)
    return await shifts_out(rows, canteen["timezone"])


# --- one day's changes ----------------------------------------------------------------------


async def _editable(canteen_id: int, shift_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    shift = await own_shift(canteen_id, shift_id)
    canteen = await get_canteen(canteen_id)
    rules.check_open(shift, clock.now())
    return shift, canteen


async def change_shift(canteen_id: int, shift_id: int, data: ShiftChangeIn) -> list[int]:
    """Change one date's shift: times, places. More places go to the waiting list first.

    Returns the sign-ups moved up from the waiting list (to tell them).
    """
    shift, canteen = await _editable(canteen_id, shift_id)
    start, end = rules.window(data.starts, data.ends)
    starts_at = rules.moment(shift["date"], start, canteen["timezone"])
    ends_at = rules.moment(shift["date"], end, canteen["timezone"])
    async with write_transaction():
        await lock_shift(shift_id)
        rules.check_places_cover_taken(data.places, await taken(shift_id))
        await Shift.update(
            {
                Shift.starts_at: starts_at,
                Shift.ends_at: ends_at,
                Shift.minutes: rules.shift_minutes(starts_at, ends_at),
                Shift.places: data.places,
                Shift.edited: True,
            }
        ).where(Shift.id == shift_id)
        return await promote_waiting(shift_id, data.places)


async def add_shift(canteen_id: int, data: ShiftAddIn) -> ShiftOut:
    """A shift on one date only, outside the weekly pattern."""
    canteen = await get_canteen(canteen_id)
    day = rules.new_shift_day(data.date, clock.local_today(canteen["timezone"]))
    start, end = rules.window(data.starts, data.ends)
    starts_at = rules.moment(day, start, canteen["timezone"])
    ends_at = rules.moment(day, end, canteen["timezone"])
    rows = await Shift.insert(
        Shift(
            canteen=canteen_id,
            pattern=None,
            date=day,
            kind=data.kind,
            starts_at=starts_at,
            ends_at=ends_at,
            minutes=rules.shift_minutes(starts_at, ends_at),
            places=data.places,
            edited=True,
        )
    ).returning(Shift.id)
    return await shift_out(rows[0]["id"])


async def cancel_shift(canteen_id: int, shift_id: int) -> int:
    """Cancel one date's shift; its volunteers see it on their page. Returns how many."""
    await _editable(canteen_id, shift_id)
    now = clock.now()
    async with write_transaction():
        await lock_shift(shift_id)
        await Shift.update({Shift.cancelled_at: now, Shift.edited: True}).where(
            Shift.id == shift_id
        )
        told = (
            await SignUp.update(
                {
                    SignUp.status: "cancelled",
                    SignUp.cancelled_at: now,
                    SignUp.cancelled_by: "canteen",
                }
            )
            .where((SignUp.shift == shift_id) & (SignUp.status != "cancelled"))
            .returning(SignUp.id)
        )
    return len(told)
