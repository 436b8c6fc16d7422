"""The engines under concurrent writes: nothing interleaves, nothing is lost, nothing leaks."""

from __future__ import annotations

import asyncio

import pytest

from canteen import db as canteen_db
from canteen.db import fetch, is_sqlite, write_transaction
from canteen.network.tables import Network


async def _network_count() -> int:
    return int(await Network.count())


async def test_concurrent_read_then_write_transactions_lose_no_update(db: str) -> None:
    await Network.insert(Network(name="Counter", slug="counter", default_language="0"))

    async def increment() -> None:
        async with write_transaction():
            query = Network.select(Network.default_language).where(Network.slug == "counter")
            if not is_sqlite(canteen_db.engine()):
                query = query.lock_rows()
            row = await query.first()
            assert row is not None
            await asyncio.sleep(0)  # let every other request run meanwhile
            await Network.update(
                {Network.default_language: str(int(row["default_language"]) + 1)}
            ).where(Network.slug == "counter")

    await asyncio.gather(*[increment() for _ in range(12)])
    row = await Network.select(Network.default_language).where(Network.slug == "counter").first()
    assert row == {"default_language": "12"}


async def test_a_failing_write_does_not_spoil_the_writes_sent_with_it(db: str) -> None:
    await Network.insert(Network(name="Taken", slug="taken"))
    attempts = [Network.insert(Network(name=f"N{n}", slug=f"n-{n}")) for n in range(6)]
    attempts.insert(3, Network.insert(Network(name="Again", slug="taken")))
    outcomes = await asyncio.gather(*attempts, return_exceptions=True)
    failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(failures) == 1 and canteen_db.is_unique_violation(failures[0])
    assert await _network_count() == 7


async def test_a_transaction_that_fails_leaves_nothing(db: str) -> None:
    with pytest.raises(RuntimeError):
        async with write_transaction():
            await Network.insert(Network(name="Half", slug="half"))
            raise RuntimeError("refused halfway")
    assert await _network_count() == 0
    await Network.insert(Network(name="After", slug="after"))
    assert await _network_count() == 1


async def test_a_request_cancelled_inside_a_transaction_writes_nothing_and_blocks_nobody(
    db: str,
) -> None:
    inside = asyncio.Event()

    async def abandoned() -> None:
        async with write_transaction():
            await Network.insert(Network(name="Abandoned", slug="abandoned"))
            inside.set()
            await asyncio.Event().wait()  # the client went away: the request is cancelled

    task = asyncio.create_task(abandoned())
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await Network.insert(Network(name="Next", slug="next"))
    async with write_transaction():
        await Network.insert(Network(name="Then", slug="then"))
    slugs = {row["slug"] for row in await Network.select(Network.slug)}
    assert slugs == {"next", "then"}


async def test_fetch_runs_written_out_statements_in_and_out_of_transactions(db: str) -> None:
    await Network.insert(Network(name="Lyon", slug="lyon"))
    rows = await fetch("SELECT name FROM network WHERE slug = {}", "lyon")
    assert rows == [{"name": "Lyon"}]
    with pytest.raises(RuntimeError):
        async with write_transaction():
            await fetch("UPDATE network SET name = {} WHERE slug = {}", "Lille", "lyon")
            assert await fetch("SELECT name FROM network WHERE slug = {}", "lyon") == [
                {"name": "Lille"}
            ]
            raise RuntimeError("roll it back")
    assert await fetch("SELECT name FROM network WHERE slug = {}", "lyon") == [{"name": "Lyon"}]
