"""Statements of one shape from concurrent requests, sent as one (writes and point reads)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from canteen.db import engine, fetch


class Coalescer:
    """Statements of one shape from concurrent requests, sent to the database as one.

    Under load, a request waits at most one turn of the event loop: the items that arrived
    meanwhile go together to `run_many`, which answers each item with ONE statement — for
    writes, all of them or none are committed, and every request gets its item's answer only
    after the commit. Nothing is kept: items that arrive while a batch is under way wait for
    the next one.
    """

    MAX_ITEMS = 64

    def __init__(self, run_many: Callable[[list[Any]], Any]) -> None:
        self.run_many = run_many
        self._pending: dict[Any, list[asyncio.Future[Any]]] = {}
        self._drainer: asyncio.Task[None] | None = None

    async def submit(self, item: Any) -> Any:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        drainer = self._drainer
        if drainer is None or drainer.done() or drainer.get_loop() is not loop:
            self._pending = {}
            self._drainer = loop.create_task(self._drain())
        self._pending.setdefault(item, []).append(future)
        return await future

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # the items of this turn of the loop join the first statement
        while self._pending:
            items = list(self._pending)[: self.MAX_ITEMS]
            batch = {item: self._pending.pop(item) for item in items}
            try:
                answers = await self.run_many(items)
            except Exception as error:  # noqa: BLE001 - every waiting request gets it
                for futures in batch.values():
                    for future in futures:
                        if not future.done():
                            future.set_exception(error)
                continue
            for item, futures in batch.items():
                for future in futures:
                    if not future.done():
                        future.set_result(answers.get(item))


class Lookup:
    """Rows of one table by one unique column, for a read that every request makes.

    Lookups that arrive while one is under way go together in the next query
    (`WHERE column IN (...)`, see Coalescer): under load one round trip answers many requests,
    each with a row read after it arrived. Nothing is kept between queries: it coalesces, it
    never caches. Inside a transaction the read is the transaction's own.
    """

    def __init__(self, table: str, column: str) -> None:
        self.table, self.column = table, column
        self._reads = Coalescer(self._read_many)

    async def _read_many(self, keys: list[Any]) -> dict[Any, dict[str, Any]]:
        marks = ", ".join(["{}"] * len(keys))
        sql = f"SELECT * FROM {self.table} WHERE {self.column} IN ({marks})"
        return {row[self.column]: row for row in await fetch(sql, *keys)}

    async def get(self, key: Any) -> dict[str, Any] | None:
        if engine().current_transaction.get() is not None:
            rows = await fetch(f"SELECT * FROM {self.table} WHERE {self.column} = {{}}", key)
            return rows[0] if rows else None
        row = await self._reads.submit(key)
        return dict(row) if row is not None else None  # each request its own copy
