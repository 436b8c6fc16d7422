"""SQLite configured for a server: one writer thread with immediate transactions, a few
reader connections, write-ahead log and a busy timeout (see ServerSQLiteEngine)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString

SQLITE_BUSY_TIMEOUT_SECONDS = 30
SQLITE_READERS = 3
T = TypeVar("T")


Outcome = tuple[list[dict[str, Any]], Exception | None]


class _SQLiteConnection:
    """One sqlite3 connection living in a thread of its own: each call is one hop there.

    aiosqlite does the same with a hop per cursor call; here a statement and its rows (or a
    BEGIN and the first statement) travel together, and statements on their own that arrive
    while the thread is busy go together in its next hop (run_batched): under load, one hop
    carries many requests instead of each request waiting for a hop of its own.
    """

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tablee-sqlite")
        self._connection: sqlite3.Connection | None = None
        self._queue: list[tuple[str, list[Any], asyncio.Future[list[dict[str, Any]]]]] = []
        self._drainer: asyncio.Task[None] | None = None

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    def _open(self) -> None:
        connection = sqlite3.connect(
            self.path,
            timeout=SQLITE_BUSY_TIMEOUT_SECONDS,
            detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
            isolation_level=None,  # we say BEGIN and COMMIT ourselves
            check_same_thread=False,  # only ever used from its own thread
        )
        connection.row_factory = dict_factory
        connection.execute("PRAGMA foreign_keys = ON")
        # Per connection: with WAL, NORMAL survives a crash of the process (not of the machine
        # in the last instant) and spares an fsync per commit.
        connection.execute("PRAGMA synchronous = NORMAL")
        if self.read_only:
            connection.execute("PRAGMA query_only = ON")
        self._connection = connection

    def _fetch(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        assert self._connection is not None
        cursor = self._connection.execute(sql, args)
        try:
            return cursor.fetchall()
        finally:
            cursor.close()

    def _drop_stale_transaction(self) -> None:
        # Left by a request cancelled between its BEGIN and its COMMIT: nobody owns it any more
        # and it never committed, so roll it back rather than write inside it.
        if self._in_transaction():
            assert self._connection is not None
            self._connection.execute("ROLLBACK")

    def _run(self, sql: str, args: list[Any], begin: str | None) -> list[dict[str, Any]]:
        if begin:
            assert self._connection is not None
            self._drop_stale_transaction()
            self._connection.execute(begin)
        return self._fetch(sql, args)

    def _run_many(self, sql: str, rows: list[tuple[Any, ...]], begin: str | None) -> None:
        """One statement for many rows (bulk loads), after BEGIN if given."""
        assert self._connection is not None
        if begin:
            self._drop_stale_transaction()
            self._connection.execute(begin)
        self._connection.executemany(sql, rows)

    def _run_each(self, statements: list[tuple[str, list[Any]]]) -> list[Outcome]:
        """Each statement on its own (autocommit): one failing does not touch the others."""
        self._drop_stale_transaction()
        outcomes: list[Outcome] = []
        for sql, args in statements:
            try:
                outcomes.append((self._fetch(sql, args), None))
            except Exception as error:  # noqa: BLE001 - handed to the statement's caller
                outcomes.append(([], error))
        return outcomes

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def open(self) -> None:
        await self.call(self._open)

    async def run(
        self, sql: str, args: list[Any] | None = None, begin: str | None = None
    ) -> list[dict[str, Any]]:
        """One statement and its rows, in one hop; after BEGIN if given."""
        return await self.call(self._run, sql, args or [], begin)

    @property
    def busy(self) -> bool:
        return self._drainer is not None and not self._drainer.done()

    @property
    def queued(self) -> int:
        return len(self._queue)

    async def run_batched(
        self, sql: str, args: list[Any], lock: Callable[[], asyncio.Lock] | None = None
    ) -> list[dict[str, Any]]:
        """One statement on its own (autocommit), sent with all the others queued meanwhile;
        each batch holds lock() (the writer queue) while it runs."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[dict[str, Any]]] = loop.create_future()
        self._queue.append((sql, args, future))
        if not self.busy:
            self._drainer = loop.create_task(self._drain(lock))
        return await future

    async def _drain(self, lock: Callable[[], asyncio.Lock] | None) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                async with lock() if lock else contextlib.nullcontext():
                    outcomes = await self.call(self._run_each, [(q, a) for q, a, _f in batch])
            except asyncio.CancelledError:
                for _sql, _args, future in batch:
                    future.cancel()
                raise
            except Exception as failure:  # noqa: BLE001 - the connection itself failed
                outcomes = [([], failure)] * len(batch)
            for (_sql, _args, future), (rows, error) in zip(batch, outcomes, strict=True):
                if future.done():  # its request was cancelled meanwhile
                    continue
                if error is None:
                    future.set_result(rows)
                else:
                    future.set_exception(error)

    def _in_transaction(self) -> bool:
        return self._connection is not None and self._connection.in_transaction

    def _finish(self, statement: str) -> None:
        if self._in_transaction():
            assert self._connection is not None
            self._connection.execute(statement)

    async def close(self) -> None:
        try:
            await self.call(self._close)
        finally:
            self._executor.shutdown(wait=False)


class _WriterConnection:
    """What a transaction's queries see: the writer, with BEGIN sent along the first query."""

    def __init__(self, writer: _SQLiteConnection, begin: str) -> None:
        self.writer = writer
        self.pending_begin: str | None = begin

    async def execute(self, sql: str, args: list[Any] | None = None) -> list[dict[str, Any]]:
        begin, self.pending_begin = self.pending_begin, None
        try:
            return await self.writer.run(sql, args, begin)
        except Exception:
            if begin and not await self.writer.call(self.writer._in_transaction):
                self.pending_begin = begin  # BEGIN itself failed (busy): nothing began
            raise

    async def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        begin, self.pending_begin = self.pending_begin, None
        try:
            await self.writer.call(self.writer._run_many, sql, rows, begin)
        except Exception:
            if begin and not await self.writer.call(self.writer._in_transaction):
                self.pending_begin = begin
            raise

    async def finish(self, statement: str) -> None:
        """COMMIT or ROLLBACK, if a transaction was begun at all."""
        if self.pending_begin is None:
            await self.writer.call(self.writer._finish, statement)


class _WriterTransaction(SQLiteTransaction):
    """A transaction on the one writer connection, holding the writer queue until it ends."""

    engine: ServerSQLiteEngine

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        lock = self.engine._writer_lock()
        await lock.acquire()
        assert self.engine._writer is not None
        self.connection = _WriterConnection(
            self.engine._writer, f"BEGIN {self.transaction_type.value}"
        )
        self.context = self.engine.current_transaction.set(self)
        return self

    async def begin(self) -> None:
        pass  # sent with the first statement (see _WriterConnection)

    async def commit(self) -> None:
        await self.connection.finish("COMMIT")
        self._committed = True

    async def rollback(self) -> None:
        await self.connection.finish("ROLLBACK")
        self._rolled_back = True

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                try:
                    await self.commit()
                except BaseException:
                    await self.rollback()
                    raise
        finally:
            self.engine.current_transaction.reset(self.context)
            self.engine._writer_lock().release()
        return exception is None


class ServerSQLiteEngine(SQLiteEngine):
    """SQLite for a server: one long-lived writer connection behind a queue, a few readers.

    Piccolo's SQLiteEngine opens a new aiosqlite connection (a thread and a file open) for
    every query. Between start_connection_pool() and close_connection_pool() this engine keeps
    instead one writer connection, used by one transaction at a time in arrival order (an
    asyncio lock: transactions never interleave on it), and SQLITE_READERS read-only
    connections for SELECTs outside transactions (WAL: readers never wait for the writer).
    BEGIN IMMEDIATE still decides the writer up front, against other processes too. Before
    start (migrations, scripts) it behaves exactly like Piccolo's engine.
    """

    def __init__(self, path: str, **connection_kwargs: Any) -> None:
        self._writer: _SQLiteConnection | None = None
        self._readers: list[_SQLiteConnection] = []
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None
        super().__init__(path=path, **connection_kwargs)

    @property
    def started(self) -> bool:
        return self._writer is not None

    def _writer_lock(self) -> asyncio.Lock:
        # An asyncio lock belongs to one event loop; the CLI runs several loops in turn.
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    async def start_connection_pool(self, readers: int = SQLITE_READERS) -> None:  # type: ignore[override]
        if self.started:
            return
        writer = _SQLiteConnection(self.path)
        await writer.open()
        pool = [_SQLiteConnection(self.path, read_only=True) for _ in range(readers)]
        for reader in pool:
            await reader.open()
        self._writer, self._readers = writer, pool

    async def close_connection_pool(self) -> None:
        writer, readers = self._writer, self._readers
        self._writer, self._readers = None, []
        for connection in readers + ([writer] if writer else []):
            await connection.close()

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        if not self.started:
            return super().transaction(transaction_type, allow_nested)
        return _WriterTransaction(self, transaction_type, allow_nested)

    def _reader(self) -> _SQLiteConnection:
        """An idle reader if there is one, else the one with the shortest queue."""
        for reader in self._readers:
            if not reader.busy:
                return reader
        return min(self._readers, key=lambda reader: reader.queued)

    async def _run_sql(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        transaction = self.current_transaction.get()
        if transaction is not None:
            return await transaction.connection.execute(sql, args)  # type: ignore[no-any-return]
        if sql.lstrip()[:6].upper() == "SELECT" and self._readers:
            return await self._reader().run_batched(sql, args)
        # A write on its own: through the writer queue like a transaction, batched with the
        # other single writes waiting (each still its own transaction).
        assert self._writer is not None
        return await self._writer.run_batched(sql, args, lock=self._writer_lock)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        if not self.started:
            return await super().run_querystring(querystring, in_pool)
        query_id = self.get_query_id()
        if self.log_queries:
            self.print_query(query_id=query_id, query=querystring.__str__())
        sql, args = querystring.compile_string(engine_type=self.engine_type)
        response = await self._run_sql(sql, args)
        if self.log_responses:
            self.print_response(query_id=query_id, response=response)
        return response

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        if not self.started:
            return await super().run_ddl(ddl, in_pool)
        return await self._run_sql(ddl, [])
