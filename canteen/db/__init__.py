"""The database engine from the settings: a SQLite file by default, PostgreSQL from a URL."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sqlite3
import sys
from collections.abc import AsyncIterator
from typing import Any, TypeVar
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import TransactionType
from piccolo.querystring import QueryString
from piccolo.table import Table

from canteen.db.sqlite import ServerSQLiteEngine

PICCOLO_CONF = "canteen.piccolo_conf"
SQLITE_BUSY_TIMEOUT_SECONDS = 30
SQLITE_READERS = 3
DEFAULT_POOL_SIZE = 10
T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """An engine for 'sqlite:///path/file.sqlite' or 'postgresql://user@host:port/db'."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else "canteen.sqlite"
        return ServerSQLiteEngine(path=path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    if url.startswith(("postgres://", "postgresql://")):
        return PostgresEngine(config={"dsn": url}, extensions=())
    raise ValueError(f"Unsupported database URL: {urlparse(url).scheme or url!r}")


def is_sqlite(engine: Engine) -> bool:
    return engine.engine_type == "sqlite"


def all_tables() -> list[type[Table]]:
    import canteen.piccolo_conf as piccolo_conf  # the one excepted cycle: Piccolo's hook

    tables: list[type[Table]] = []
    for app_config in piccolo_conf.APP_REGISTRY.app_configs.values():
        tables.extend(app_config.table_classes)
    return tables


def bind(engine: Engine) -> None:
    """Point every table (and Piccolo's migration bookkeeping) at this engine."""
    from piccolo.apps.migrations.tables import Migration

    import canteen.piccolo_conf as piccolo_conf  # the one excepted cycle: Piccolo's hook

    os.environ.setdefault("PICCOLO_CONF", PICCOLO_CONF)
    piccolo_conf.DB = engine
    Migration._meta.db = engine
    for table in all_tables():
        table._meta.db = engine
    # A migration module declares its own small Table classes for raw SQL; they took the engine
    # of the first migration run in this process. A process that migrates a second database
    # (a benchmark, a restore) must point them at this one too.
    # Piccolo imports them by their bare file names: found by where they live.
    for module in list(sys.modules.values()):
        if "piccolo_migrations" in str(getattr(module, "__file__", None) or ""):
            for value in list(vars(module).values()):
                if isinstance(value, type) and issubclass(value, Table) and value is not Table:
                    value._meta.db = engine


def engine() -> Engine:
    """The engine every table is bound to (set by bind())."""
    import canteen.piccolo_conf as piccolo_conf  # the one excepted cycle: Piccolo's hook

    return piccolo_conf.DB  # type: ignore[no-any-return]


async def prepare(engine: Engine) -> None:
    """Set SQLite up for a server: write-ahead log so readers never wait for the writer."""
    if is_sqlite(engine):
        path = engine.connection_kwargs["database"]  # type: ignore[attr-defined]
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")


MIGRATION_LOCK_KEY = 0x7AB1EE  # pg_advisory_lock key: one migrator at a time per database


@contextlib.asynccontextmanager
async def _migration_lock(engine: Engine) -> AsyncIterator[None]:
    """Several servers (or a unit's ExecStartPre and an operator) may migrate at once after an
    upgrade: the first applies the migrations, the others wait and then find nothing to do."""
    if isinstance(engine, PostgresEngine):
        import asyncpg

        connection = await asyncpg.connect(**engine.config)
        try:
            await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
            yield
        finally:
            await connection.close()  # ends the session, and with it the lock
        return
    import fcntl

    path = f"{engine.connection_kwargs['database']}.migrate-lock"  # type: ignore[attr-defined]
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        await asyncio.to_thread(fcntl.flock, descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


async def migrate(engine: Engine, quiet: bool = True) -> None:
    """Run every migration not yet applied, in dependency order."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    bind(engine)
    await prepare(engine)
    sink = io.StringIO()
    async with _migration_lock(engine):
        with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
            result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"Migrations failed: {result.message}\n{sink.getvalue()}")


@contextlib.asynccontextmanager
async def write_transaction() -> AsyncIterator[Any]:
    """A transaction for writes: BEGIN IMMEDIATE on SQLite so the writer is decided up front."""
    db = engine()
    if is_sqlite(db):
        async with db.transaction(transaction_type=TransactionType.immediate) as transaction:  # type: ignore[call-arg]
            yield transaction
    else:
        async with db.transaction() as transaction:
            yield transaction


_COMPILED: dict[tuple[str, str], str] = {}


def _compiled(sql: str, engine_type: str) -> str:
    """'{}' placeholders (Piccolo's raw style) as '$1, $2…' or '?', worked out once."""
    compiled = _COMPILED.get((sql, engine_type))
    if compiled is None:
        parts = sql.split("{}")
        marks = [f"${n}" if engine_type == "postgres" else "?" for n in range(1, len(parts))]
        compiled = "".join(part + mark for part, mark in zip(parts, [*marks, ""], strict=True))
        _COMPILED[(sql, engine_type)] = compiled
    return compiled


async def fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of one written-out statement ('{}' placeholders, as Table.raw) on the bound engine,
    inside the current transaction if there is one.

    For the few statements every tablet request runs: the same engine, pool and transactions
    as Piccolo's queries, without building a query object each time (which costs more Python
    than the driver's own work on a point query).
    """
    db = engine()
    if isinstance(db, ServerSQLiteEngine) and db.started:
        return await db._run_sql(_compiled(sql, "sqlite"), list(args))
    if isinstance(db, PostgresEngine) and db.pool is not None:
        compiled = _compiled(sql, "postgres")
        transaction = db.current_transaction.get()
        if transaction is not None:
            rows = await transaction.connection.fetch(compiled, *args)
        else:
            rows = await db.pool.fetch(compiled, *args)
        return [dict(row) for row in rows]
    return await db.run_querystring(QueryString(sql, *args))  # type: ignore[no-any-return]


def is_unique_violation(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE" in str(exc)
    try:
        import asyncpg
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, asyncpg.UniqueViolationError)


async def _keep_session(_connection: Any) -> None:
    """Tablée never changes a session's state (no SET, LISTEN, advisory locks or cursors), so a
    connection going back to the pool needs no reset query: one round trip less per query.
    asyncpg still rolls back a transaction left open before calling this."""


async def start(engine: Engine, pool_size: int = DEFAULT_POOL_SIZE) -> None:
    """Open the long-lived connections: a pool of pool_size per process on PostgreSQL (so
    workers × pool_size must stay under the server's max_connections), writer and readers on
    SQLite."""
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=pool_size, reset=_keep_session)
    elif isinstance(engine, ServerSQLiteEngine):
        await engine.start_connection_pool()


async def stop(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine | ServerSQLiteEngine):
        await engine.close_connection_pool()


async def bulk_insert(table: type[Table], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows fast inside the current transaction (demo data, imports, benchmarks).

    SQLite gets one executemany; PostgreSQL gets COPY. Values are plain Python values.
    """
    if not rows:
        return
    db = engine()
    transaction = db.current_transaction.get()
    if transaction is None:
        raise RuntimeError("bulk_insert runs inside a transaction")
    name = table._meta.tablename
    if is_sqlite(db):
        import uuid

        def plain(value: Any) -> Any:
            if isinstance(value, uuid.UUID):
                return str(value)
            if isinstance(value, bool):
                return int(value)
            return value

        placeholders = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({placeholders})"
        await transaction.connection.executemany(
            sql, [tuple(plain(v) for v in row) for row in rows]
        )
    else:
        await transaction.connection.copy_records_to_table(name, records=rows, columns=columns)
