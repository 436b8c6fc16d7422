"""The bare baseline for bench/kiosk_writes.py: Litestar plus the raw driver, nothing else.

It inserts the same contribution row as Tablée's POST /api/v1/services/{id}/contributions and
commits per request: aiosqlite on one long-lived connection (WAL, synchronous=NORMAL, foreign
keys on, a lock so each request's insert and commit stay together), or an asyncpg pool of the
same size as Tablée's (autocommit: one INSERT is one transaction). No device check, no
validation beyond decoding, no idempotency: the floor Tablée is measured against.

Run by the benchmark as: uvicorn baseline_app:create --factory --app-dir bench
with BASELINE_DATABASE_URL (and BASELINE_POOL_SIZE for PostgreSQL) in the environment.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from typing import Any

import msgspec
from litestar import Litestar, get, post

INSERT = (
    "INSERT INTO contribution (id, service, amount_minor, currency, method, pay_forward, "
    "body_hash) VALUES ({})"
)


class ContributionIn(msgspec.Struct, kw_only=True):
    id: str
    amount_minor: int
    currency: str
    method: str
    pay_forward: int = 0


class ContributionOut(msgspec.Struct, kw_only=True):
    id: str
    service_id: int
    amount_minor: int
    currency: str
    method: str
    pay_forward: int


def _row(service_id: int, data: ContributionIn) -> tuple[Any, ...]:
    digest = hashlib.sha256(msgspec.json.encode(data)).hexdigest()
    return (
        uuid.UUID(data.id),
        service_id,
        data.amount_minor,
        data.currency,
        data.method,
        data.pay_forward,
        digest,
    )


def _out(service_id: int, data: ContributionIn) -> ContributionOut:
    return ContributionOut(
        id=data.id,
        service_id=service_id,
        amount_minor=data.amount_minor,
        currency=data.currency,
        method=data.method,
        pay_forward=data.pay_forward,
    )


def create() -> Litestar:
    url = os.environ["BASELINE_DATABASE_URL"]
    pool_size = int(os.environ.get("BASELINE_POOL_SIZE", "10"))
    # Opened at start-up in the server's own event loop.
    db: dict[str, Any] = {}

    async def startup(app: Litestar) -> None:
        if url.startswith("sqlite"):
            import aiosqlite

            connection = await aiosqlite.connect(url.split(":///", 1)[1], timeout=30)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=1"):
                await connection.execute(f"PRAGMA {pragma}")
            db["sqlite"] = connection
            db["lock"] = asyncio.Lock()
        else:
            import asyncpg

            db["pool"] = await asyncpg.create_pool(url, min_size=1, max_size=pool_size)

    async def shutdown(app: Litestar) -> None:
        if url.startswith("sqlite"):
            await db["sqlite"].close()
        else:
            await db["pool"].close()

    @get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    if url.startswith("sqlite"):
        sql = INSERT.format(", ".join("?" * 7))

        @post("/api/v1/services/{service_id:int}/contributions", status_code=201)
        async def contribute(service_id: int, data: ContributionIn) -> ContributionOut:
            row = _row(service_id, data)
            async with db["lock"]:
                await db["sqlite"].execute(sql, (str(row[0]), *row[1:]))
                await db["sqlite"].commit()
            return _out(service_id, data)

    else:
        sql = INSERT.format(", ".join(f"${n}" for n in range(1, 8)))

        @post("/api/v1/services/{service_id:int}/contributions", status_code=201)
        async def contribute(service_id: int, data: ContributionIn) -> ContributionOut:
            await db["pool"].execute(sql, *_row(service_id, data))
            return _out(service_id, data)

    return Litestar(
        route_handlers=[health, contribute],
        on_startup=[startup],
        on_shutdown=[shutdown],
    )
