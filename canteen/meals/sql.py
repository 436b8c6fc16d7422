"""The contribution's fast path, written out as SQL.

The contribution is the hottest write (every diner, every tablet, at lunch time). Its
statements are written out once rather than built by Piccolo's query builder per request,
which cost several times the database's own work; db.fetch runs them on Piccolo's engine,
pool and transaction.

The plain path inserts a row only where the rules hold. rules.is_plain has already checked in
Python every rule that does not depend on the canteen; the WHERE clauses below check the rest of
rules.validate_contribution — the service is this canteen's and open, the currency is the
canteen's, the amount is at most the canteen's maximum — and nothing else.
tests/canteen/meals/test_sql.py runs one table of contributions through both and checks that
they accept and refuse the same ones, on both engines.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from canteen.db import engine, fetch, is_sqlite
from canteen.db.batching import Coalescer
from canteen.meals.rules import SERVICE_OPEN

# What the canteen-dependent rules are, as SQL over meal_service s and canteen c.
_OPEN = f"s.status = '{SERVICE_OPEN}'"
_FITS = "c.currency = {currency} AND c.max_contribution_minor >= {amount}"

SERVICE_FOR_CONTRIBUTION = (
    "SELECT s.id, s.canteen, s.status, c.currency, c.max_contribution_minor "
    "FROM meal_service s JOIN canteen c ON c.id = s.canteen WHERE s.id = {}"
)
INSERT_CONTRIBUTION = (
    "INSERT INTO contribution (id, service, amount_minor, currency, method, pay_forward, "
    "body_hash) VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT (id) DO NOTHING RETURNING id"
)
# The common case in one statement (its own transaction): inserted only if the service is this
# canteen's, open, and the amount and currency fit the canteen. FOR SHARE (PostgreSQL) makes a
# concurrent close wait for it, or makes it see the close and insert nothing.
INSERT_PLAIN_CONTRIBUTION = (
    "INSERT INTO contribution (id, service, amount_minor, currency, method, pay_forward, "
    "body_hash) SELECT {}, s.id, {}, c.currency, {}, 0, {} "
    "FROM meal_service s JOIN canteen c ON c.id = s.canteen "
    f"WHERE s.id = {{}} AND s.canteen = {{}} AND {_OPEN} AND "
    + _FITS.format(currency="{}", amount="{}")
    + " ON CONFLICT (id) DO NOTHING RETURNING currency"
)
INSERT_PLAIN_CONTRIBUTIONS = (
    "INSERT INTO contribution (id, service, amount_minor, currency, method, pay_forward, "
    "body_hash) SELECT v.id, s.id, v.amount, c.currency, v.method, 0, v.hash FROM (VALUES {rows}) "
    "AS v(id, amount, method, hash, service, canteen, currency) "
    f"JOIN meal_service s ON s.id = v.service AND s.canteen = v.canteen AND {_OPEN} "
    "JOIN canteen c ON c.id = s.canteen AND "
    + _FITS.format(currency="v.currency", amount="v.amount")
    + " FOR SHARE OF s ON CONFLICT (id) DO NOTHING RETURNING id, currency"
)
PLAIN_ROW = "({}::uuid, {}::integer, {}::text, {}::text, {}::integer, {}::integer, {}::text)"

# (record id, amount, method, body hash, service id, canteen id, currency)
PlainItem = tuple[uuid.UUID, int, str, str, int, int, str]


async def insert_plain_contributions(items: list[Any]) -> dict[Any, str]:
    """One statement for the plain contributions of concurrent requests (PostgreSQL): each
    item's currency when its row was inserted. Of two items with one id, only the first is
    tried (the other, a replay or a conflict, takes the checked path). If the statement fails,
    each item is tried on its own, so that one bad item does not refuse the others."""
    first_of_id: dict[Any, tuple[Any, ...]] = {}
    for item in items:
        first_of_id.setdefault(item[0], item)
    tried = list(first_of_id.values())
    try:
        sql = INSERT_PLAIN_CONTRIBUTIONS.format(rows=", ".join([PLAIN_ROW] * len(tried)))
        rows = await fetch(sql, *(value for item in tried for value in item))
    except Exception:  # noqa: BLE001 - retried one by one below, each with its own answer
        if len(tried) == 1:
            raise
        answers: dict[Any, str] = {}
        for item in tried:
            with contextlib.suppress(Exception):  # that item's request takes the checked path
                answers.update(await insert_plain_contributions([item]))
        return answers
    inserted = {row["id"]: row["currency"] for row in rows}
    return {item: inserted[item[0]] for item in tried if item[0] in inserted}


plain_contributions = Coalescer(insert_plain_contributions)


async def insert_plain(item: PlainItem) -> str | None:
    """The plain contribution in one statement: its currency if inserted, None if not (the
    checked path then says why)."""
    if is_sqlite(engine()):  # one writer at a time anyway: one statement each
        rows = await fetch(
            INSERT_PLAIN_CONTRIBUTION, *item, item[1]
        )  # the amount, against the most
        return rows[0]["currency"] if rows else None
    # PostgreSQL: concurrent tablets' contributions share one INSERT (one round trip, one commit).
    currency: str | None = await plain_contributions.submit(item)
    return currency


async def service_for_contribution(service_id: int) -> dict[str, Any] | None:
    """Inside the write transaction, in one query: the service (held on PostgreSQL so that
    closing waits for this write; SQLite's BEGIN IMMEDIATE already holds everything) with what
    the rules need of its canteen."""
    sql = SERVICE_FOR_CONTRIBUTION
    if not is_sqlite(engine()):
        sql += " FOR SHARE OF s"
    rows = await fetch(sql, service_id)
    return rows[0] if rows else None
