"""What the database keeps about diners, read from the live schema on each engine.

The diners' tables hold counts and answers only: no identity, and no time finer than the day
(the day is the service's). A new column fails here until this list is changed on purpose, after
asking whether it could tell who a diner is or when exactly they came.
"""

from __future__ import annotations

from typing import Any

from canteen.meals.tables import CheckIn

ALLOWED: dict[str, dict[str, str]] = {
    "check_in": {
        "id": "uuid",
        "service": "integer",
        "party_size": "integer",
        "children": "integer",
        "first_visit": "boolean",
        "body_hash": "text",
    },
    "contribution": {
        "id": "uuid",
        "service": "integer",
        "amount_minor": "integer",
        "currency": "text",
        "method": "text",
        "pay_forward": "integer",
        "body_hash": "text",
    },
    "survey_response": {"id": "uuid", "service": "integer", "body_hash": "text"},
    "survey_answer": {
        "id": "integer",
        "response": "uuid",
        "question_key": "text",
        "value": "integer",
    },
}
KINDS = {
    "uuid": "uuid",
    "integer": "integer",
    "bigint": "integer",
    "boolean": "boolean",
    "character varying": "text",
    "varchar": "text",
    "text": "text",
}


def kind(declared: str) -> str:
    base = declared.lower().split("(")[0].strip()
    return KINDS.get(base, base)  # anything else (a date, a timestamp…) is shown as it is


async def live_columns(db: str, table: str) -> dict[str, str]:
    if db == "sqlite":
        rows: list[dict[str, Any]] = await CheckIn.raw(f"PRAGMA table_info({table})")
        return {row["name"]: kind(row["type"]) for row in rows}
    rows = await CheckIn.raw(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = {}",
        table,
    )
    return {row["column_name"]: kind(row["data_type"]) for row in rows}


async def test_the_diners_tables_hold_only_the_columns_agreed(db: str) -> None:
    for table, allowed in ALLOWED.items():
        assert await live_columns(db, table) == allowed, table


async def test_no_diner_table_holds_a_time_or_a_name(db: str) -> None:
    for table in ALLOWED:
        columns = await live_columns(db, table)
        assert not any("time" in k or "date" in k for k in columns.values()), table
        identity = {"name", "email", "phone", "ip", "user_agent", "device", "address", "user"}
        assert not any(part in identity for c in columns for part in c.split("_")), table
