"""Conservation batches: recorded once (client ids), portions used or discarded without ever
taking more than is left (decided in the database), and what expires soon.

The arithmetic is canteen/conservation/rules.py's; allergens come from the recipe sheet
(canteen/recipes/rules.py decides what a valid code is)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from canteen import clock
from canteen.conservation import rules
from canteen.conservation.errors import BatchNotFound, MadeDateInvalid
from canteen.conservation.schemas import BatchIn, BatchOut, MoveIn
from canteen.conservation.tables import BatchMove, ConservationBatch, ConservationRule
from canteen.db import engine, is_sqlite, write_transaction
from canteen.errors import InvalidInput
from canteen.idempotency import Row, body_hash, once, record_uuid
from canteen.network.services import get_canteen
from canteen.recipes import rules as recipe_rules
from canteen.recipes.errors import RecipeNotFound
from canteen.recipes.tables import RecipeSheet


async def own_rules(canteen_id: int) -> dict[str, int]:
    rows = await ConservationRule.select().where(ConservationRule.canteen == canteen_id)
    return {row["method"]: row["days"] for row in rows}


async def set_rule(canteen_id: int, method: str, days: int | None) -> dict[str, int]:
    """The canteen's own days for a method; None goes back to the default."""
    rules.check_method(method)
    async with write_transaction():
        await ConservationRule.delete().where(
            (ConservationRule.canteen == canteen_id) & (ConservationRule.method == method)
        )
        if days is not None:
            rules.check_keep_days(days)
            await ConservationRule.insert(
                ConservationRule(canteen=canteen_id, method=method, days=days)
            )
    return await own_rules(canteen_id)


async def _today(canteen_id: int) -> date:
    return clock.local_today((await get_canteen(canteen_id))["timezone"])


def _made(text: str, today: date) -> date:
    if not text:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise MadeDateInvalid() from None


async def _what(canteen_id: int, data: BatchIn) -> dict[str, Any]:
    """The dish and its allergens: from the recipe sheet, or as typed."""
    if data.recipe:
        network_id = (await get_canteen(canteen_id))["network"]
        sheet = (
            await RecipeSheet.select()
            .where(
                (RecipeSheet.slug == data.recipe)
                & (RecipeSheet.network.is_null() | (RecipeSheet.network == network_id))
            )
            .first()
        )
        if sheet is None:
            raise RecipeNotFound()
        return {
            "recipe": sheet["id"],
            "dish": sheet["title"],
            "allergens": sheet["allergens"],
            "traces": sheet["traces"],
        }
    if not data.dish.strip():
        raise InvalidInput()
    levels = recipe_rules.sheet_levels(data.allergens, data.traces)
    return {
        "recipe": None,
        "dish": data.dish.strip(),
        "allergens": recipe_rules.join_codes(recipe_rules.with_level(levels, "contains")),
        "traces": recipe_rules.join_codes(recipe_rules.with_level(levels, "traces")),
    }


async def record_batch(canteen_id: int, data: BatchIn) -> BatchOut:
    """A cook records food kept for later; its use-by follows the method and the canteen's rules."""
    record_id = record_uuid(data.id)
    digest = body_hash(canteen_id, data)

    async def find() -> Row | None:
        return await ConservationBatch.select().where(ConservationBatch.id == record_id).first()

    async def out(row: Row) -> BatchOut:
        return await batch_out(row, await _today(canteen_id))

    async def write() -> None:
        rules.check_portions(data.portions)
        today = await _today(canteen_id)
        made = _made(data.made, today)
        last = rules.use_by(made, data.method, await own_rules(canteen_id), today)
        what = await _what(canteen_id, data)
        await ConservationBatch.insert(
            ConservationBatch(
                id=record_id,
                canteen=canteen_id,
                method=data.method,
                portions=data.portions,
                made=made,
                use_by=last,
                recorded_at=clock.now(),
                body_hash=digest,
                **what,
            )
        )

    return await once(find, digest, out, write)


async def batch_out(row: Row, today: date) -> BatchOut:
    moves = await BatchMove.select().where(BatchMove.batch == row["id"])
    left = rules.portions_left(row["portions"], moves)
    slug = ""
    if row["recipe"] is not None:
        sheet = await RecipeSheet.select(RecipeSheet.slug).where(RecipeSheet.id == row["recipe"])
        slug = sheet[0]["slug"] if sheet else ""
    return BatchOut(
        id=str(row["id"]),
        dish=row["dish"],
        recipe=slug,
        method=row["method"],
        portions=row["portions"],
        portions_left=left,
        used=sum(m["portions"] for m in moves if m["kind"] == "used"),
        discarded=sum(m["portions"] for m in moves if m["kind"] == "discarded"),
        made=row["made"].isoformat(),
        use_by=row["use_by"].isoformat(),
        allergens=recipe_rules.split_codes(row["allergens"]),
        traces=recipe_rules.split_codes(row["traces"]),
        expiring=rules.expiring(row["use_by"], today, left),
    )


async def get_batch(batch_id: str, canteen_id: int | None = None) -> BatchOut:
    """One batch, as its label's QR code opens it (for one canteen's tablet if given)."""
    try:
        key = uuid.UUID(batch_id)
    except ValueError:
        raise BatchNotFound() from None
    row = await ConservationBatch.select().where(ConservationBatch.id == key).first()
    if row is None or (canteen_id is not None and row["canteen"] != canteen_id):
        raise BatchNotFound()
    return await batch_out(row, await _today(row["canteen"]))


async def record_move(canteen_id: int, batch_id: str, data: MoveIn) -> BatchOut:
    """Portions served or thrown away; never more than are left, even from two tablets at once."""
    batch = await get_batch(batch_id, canteen_id)
    record_id = record_uuid(data.id)
    digest = body_hash(batch.id, data)

    async def find() -> Row | None:
        return await BatchMove.select().where(BatchMove.id == record_id).first()

    async def out(_row: Row) -> BatchOut:
        return await get_batch(batch_id, canteen_id)

    async def write() -> None:
        rules.check_portions(data.portions)
        today = await _today(canteen_id)
        async with write_transaction():
            query = ConservationBatch.select().where(ConservationBatch.id == batch.id)
            if not is_sqlite(engine()):
                query = query.lock_rows("UPDATE")
            locked = await query.first()
            if locked is None:  # pragma: no cover - batches are never deleted
                raise BatchNotFound()
            moves = await BatchMove.select(BatchMove.portions).where(BatchMove.batch == batch.id)
            rules.check_take(data.portions, rules.portions_left(locked["portions"], moves))
            await BatchMove.insert(
                BatchMove(
                    id=record_id,
                    batch=batch.id,
                    kind=data.kind,
                    portions=data.portions,
                    date=today,
                    body_hash=digest,
                )
            )

    return await once(find, digest, out, write)


async def batches(canteen_id: int, expiring_only: bool = False) -> list[BatchOut]:
    """The canteen's batches with portions left, soonest use-by first."""
    today = await _today(canteen_id)
    rows = (
        await ConservationBatch.select()
        .where(ConservationBatch.canteen == canteen_id)
        .order_by(ConservationBatch.use_by)
    )
    found = [await batch_out(row, today) for row in rows]
    return [b for b in found if b.portions_left > 0 and (b.expiring or not expiring_only)]
