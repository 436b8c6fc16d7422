"""A canteen's weekly pattern of shifts, and the shifts made from it for the coming weeks.

Shifts are generated once per pattern line and date (a unique index makes a second run, or two
at once, add nothing). Removing a line drops its coming shifts nobody signed up for.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from canteen.clock import local_today
from canteen.db import is_unique_violation, write_transaction
from canteen.errors import N_, DomainError, NotFound
from canteen.network.services import get_canteen
from canteen.network.tables import Canteen
from canteen.volunteers.schemas import PatternIn, PatternOut
from canteen.volunteers.shifts import clock, moment, now, window
from canteen.volunteers.tables import Shift, ShiftPattern

DEFAULT_WEEKS = 4
MAX_WEEKS = 26


class WeeksOutOfRange(DomainError):
    status = 422
    message = N_("Generate between 1 and {max} weeks.")


def _pattern_out(row: dict[str, Any]) -> PatternOut:
    return PatternOut(
        id=row["id"],
        weekday=row["weekday"],
        kind=row["kind"],
        starts=clock(row["start_minute"]),
        ends=clock(row["end_minute"]),
        places=row["places"],
    )


async def list_patterns(canteen_id: int) -> list[PatternOut]:
    rows = (
        await ShiftPattern.select()
        .where((ShiftPattern.canteen == canteen_id) & (ShiftPattern.active == True))  # noqa: E712
        .order_by(ShiftPattern.weekday)
        .order_by(ShiftPattern.start_minute)
        .order_by(ShiftPattern.id)
    )
    return [_pattern_out(row) for row in rows]


async def add_pattern(canteen_id: int, data: PatternIn, weeks: int = DEFAULT_WEEKS) -> PatternOut:
    """Add a line to the weekly pattern and make its shifts for the coming weeks."""
    await get_canteen(canteen_id)
    start, end = window(data.starts, data.ends)
    rows = await ShiftPattern.insert(
        ShiftPattern(
            canteen=canteen_id,
            weekday=data.weekday,
            kind=data.kind,
            start_minute=start,
            end_minute=end,
            places=data.places,
            active=True,
            created_at=now(),
        )
    ).returning(*ShiftPattern.all_columns())
    await generate_shifts(canteen_id, weeks)
    return _pattern_out(rows[0])


async def remove_pattern(canteen_id: int, pattern_id: int) -> None:
    """Stop a pattern line. Its coming shifts nobody signed up for go; the others stay."""
    canteen = await get_canteen(canteen_id)
    updated = (
        await ShiftPattern.update({ShiftPattern.active: False})
        .where((ShiftPattern.id == pattern_id) & (ShiftPattern.canteen == canteen_id))
        .returning(ShiftPattern.id)
    )
    if not updated:
        raise NotFound()
    async with write_transaction():
        await Shift.raw(
            "DELETE FROM shift WHERE pattern = {} AND date >= {} AND edited = {} "
            "AND NOT EXISTS (SELECT 1 FROM sign_up WHERE sign_up.shift = shift.id)",
            pattern_id,
            local_today(canteen["timezone"]),
            False,
        )


async def generate_shifts(
    canteen_id: int, weeks: int = DEFAULT_WEEKS, today: date | None = None
) -> int:
    """Make the shifts of the coming weeks from the pattern; returns how many were added."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise WeeksOutOfRange(max=MAX_WEEKS)
    canteen = await get_canteen(canteen_id)
    timezone = canteen["timezone"]
    first = today or local_today(timezone)
    last = first + timedelta(days=7 * weeks - 1)
    patterns = await ShiftPattern.select().where(
        (ShiftPattern.canteen == canteen_id) & (ShiftPattern.active == True)  # noqa: E712
    )
    if not patterns:
        return 0
    for attempt in range(3):
        try:
            async with write_transaction():
                existing = {
                    (row["pattern"], row["date"])
                    for row in await Shift.select(Shift.pattern, Shift.date).where(
                        (Shift.canteen == canteen_id)
                        & (Shift.date >= first)
                        & (Shift.date <= last)
                        & Shift.pattern.is_not_null()
                    )
                }
                new = [
                    _shift_from(pattern, day, timezone)
                    for day in (first + timedelta(days=n) for n in range(7 * weeks))
                    for pattern in patterns
                    if pattern["weekday"] == day.weekday() and (pattern["id"], day) not in existing
                ]
                if new:
                    await Shift.insert(*new)
            return len(new)
        except Exception as exc:
            # Another run (a timer, a coordinator) added the same shifts first: look again.
            if not is_unique_violation(exc) or attempt == 2:
                raise
    return 0  # pragma: no cover


def _shift_from(pattern: dict[str, Any], day: date, timezone: str) -> Shift:
    starts_at = moment(day, pattern["start_minute"], timezone)
    ends_at = moment(day, pattern["end_minute"], timezone)
    return Shift(
        canteen=pattern["canteen"],
        pattern=pattern["id"],
        date=day,
        kind=pattern["kind"],
        starts_at=starts_at,
        ends_at=ends_at,
        minutes=int((ends_at - starts_at).total_seconds() // 60),
        places=pattern["places"],
        edited=False,
    )


async def generate_all(weeks: int = DEFAULT_WEEKS) -> dict[str, int]:
    """Every active canteen's coming weeks: slug -> shifts added (for `canteen shifts`)."""
    added: dict[str, int] = {}
    canteens = await Canteen.select(Canteen.id, Canteen.slug).where(
        Canteen.active == True  # noqa: E712
    )
    for canteen in canteens:
        added[canteen["slug"]] = await generate_shifts(canteen["id"], weeks)
    return added
