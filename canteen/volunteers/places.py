"""Places on a shift, in the database: locking a shift, counting its places, the waiting list,
and freeing a place (which goes to the first in line, as the rules order it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from canteen import clock
from canteen.db import engine, is_sqlite, write_transaction
from canteen.errors import NotFound
from canteen.volunteers import rules
from canteen.volunteers.tables import CoverRequest, Shift, SignUp


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


async def taken(shift_id: int) -> int:
    """How many places of this shift are held (confirmed, or pending the coordinator's yes)."""
    count = await SignUp.count().where(
        (SignUp.shift == shift_id) & SignUp.status.is_in(list(rules.HOLDING))
    )
    return int(count)


async def waiting(shift_id: int) -> list[dict[str, Any]]:
    """The shift's waiting sign-ups (id, created_at, status), in no particular order."""
    return await SignUp.select(SignUp.id, SignUp.created_at, SignUp.status).where(
        (SignUp.shift == shift_id) & (SignUp.status == "waiting")
    )


async def waiting_position(row: dict[str, Any]) -> int | None:
    """A sign-up's place in its shift's waiting line (1 = next), None when not waiting."""
    if row["status"] != "waiting":
        return None
    return rules.waiting_position(row, await waiting(row["shift"]))


async def place_counts(shift_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """shift id -> (places taken, people waiting)."""
    ids = sorted(set(shift_ids))
    counts: dict[int, tuple[int, int]] = {shift_id: (0, 0) for shift_id in ids}
    if not ids:
        return counts
    rows = await SignUp.raw(
        "SELECT shift, status, COUNT(*) AS n FROM sign_up "
        f"WHERE shift IN ({', '.join('{}' for _ in ids)}) "
        "AND status IN ('confirmed', 'pending', 'waiting') GROUP BY shift, status",
        *ids,
    )
    for row in rows:
        held, queued = counts[row["shift"]]
        if row["status"] in rules.HOLDING:
            held += int(row["n"])
        else:
            queued = int(row["n"])
        counts[row["shift"]] = (held, queued)
    return counts


async def promote_waiting(shift_id: int, places: int) -> list[int]:
    """Inside the shift's write transaction: give free places to the first in line."""
    held = await taken(shift_id)
    if rules.is_full(places, held):
        return []
    ids = rules.first_in_line(await waiting(shift_id), places, held)
    if ids:
        await SignUp.update({SignUp.status: "confirmed", SignUp.promoted_at: clock.now()}).where(
            SignUp.id.is_in(ids)
        )
        asked = await SignUp.select(SignUp.id).where(
            SignUp.id.is_in(ids) & (SignUp.volunteer.needs_approval == True)  # noqa: E712
        )
        if asked:
            await SignUp.update({SignUp.status: rules.held_status(True)}).where(
                SignUp.id.is_in([row["id"] for row in asked])
            )
    return ids


async def release_place(sign_up: dict[str, Any], by: str, late: bool = False) -> list[int]:
    """Cancel one sign-up in its own transaction; a freed place goes to the first in line.

    A place given up late (rules.is_late) opens a cover request instead: the waiting list is
    offered it (canteen.volunteers.cover), first to take it gets it.
    Returns the sign-ups moved up from the waiting list."""
    now = clock.now()
    async with write_transaction():
        shift = await lock_shift(sign_up["shift"])
        current = await SignUp.select(SignUp.status).where(SignUp.id == sign_up["id"]).first()
        if current is None or current["status"] == "cancelled":
            return []
        held = current["status"] in rules.HOLDING
        await SignUp.update(
            {
                SignUp.status: "cancelled",
                SignUp.cancelled_at: now,
                SignUp.cancelled_by: by,
                SignUp.cancelled_late: late and held,
            }
        ).where(SignUp.id == sign_up["id"])
        if not held or shift["cancelled_at"] is not None:
            return []
        if late:
            await CoverRequest.insert(
                CoverRequest(shift=shift["id"], given_up=sign_up["id"], opened_at=now)
            )
            return []
        return await promote_waiting(shift["id"], shift["places"])
