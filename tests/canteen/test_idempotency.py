"""A retry of a write gets the first answer; another body under the same id is refused. The
replay helper is exercised with stand-ins for the database (no database here)."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import msgspec
import pytest

from canteen import idempotency
from canteen.errors import IdempotencyConflict, NotFound


class Survey(msgspec.Struct):
    id: str
    answers: dict[str, int]


class NoId(msgspec.Struct):
    amount: int


def test_a_retry_whose_answers_come_in_another_order_is_the_same_request() -> None:
    first = idempotency.body_hash(3, Survey("a", {"welcome": 4, "met_someone": 2}))
    assert idempotency.body_hash(3, Survey("b", {"met_someone": 2, "welcome": 4})) == first


def test_fingerprints_stay_the_same_across_versions() -> None:
    """Hashes stored before an upgrade must still match the retries sent after it."""
    assert idempotency.body_hash(7, NoId(300)) == (
        "76f982ec0649c537a2a49e3948918c1bb3b28f8b46d32733d695c4a246847071"
    )


def test_a_body_without_an_id_has_a_fingerprint_too() -> None:
    assert idempotency.body_hash(7, NoId(300)) != idempotency.body_hash(7, NoId(301))


class Store:
    """A stand-in for one table: find() reads the row, write() inserts it."""

    def __init__(self, row: dict[str, Any] | None = None, fail: BaseException | None = None):
        self.row, self.fail, self.writes = row, fail, 0

    async def find(self) -> dict[str, Any] | None:
        return self.row

    async def write(self, digest: str) -> None:
        self.writes += 1
        if self.fail is not None:
            raise self.fail
        self.row = {"body_hash": digest, "close_body_hash": "closed-" + digest, "amount": 300}


async def out(row: dict[str, Any]) -> str:
    return f"recorded {row['amount']}"


def run(store: Store, digest: str, **kwargs: Any) -> str:
    return asyncio.run(
        idempotency.once(store.find, digest, out, lambda: store.write(digest), **kwargs)
    )


def test_the_first_request_writes_once_and_gets_its_answer() -> None:
    store = Store()
    assert run(store, "h1") == "recorded 300"
    assert store.writes == 1


def test_a_replay_writes_nothing_and_gets_the_first_answer() -> None:
    store = Store({"body_hash": "h1", "amount": 250})
    assert run(store, "h1") == "recorded 250"
    assert store.writes == 0


def test_the_same_id_with_another_body_is_refused() -> None:
    store = Store({"body_hash": "h1", "amount": 250})
    with pytest.raises(IdempotencyConflict):
        run(store, "h2")
    assert store.writes == 0


def test_another_hash_column_can_be_named() -> None:
    store = Store({"body_hash": "other", "close_body_hash": "h1", "amount": 5})
    assert run(store, "h1", hash_key="close_body_hash") == "recorded 5"


class Raced(Store):
    """A concurrent twin inserted the same id first: this write hits the unique index."""

    def __init__(self, twin_hash: str) -> None:
        super().__init__()
        self.twin_hash = twin_hash

    async def write(self, digest: str) -> None:
        self.writes += 1
        self.row = {"body_hash": self.twin_hash, "amount": 120}
        raise sqlite3.IntegrityError("UNIQUE constraint failed: contribution.id")


def test_a_twin_that_won_the_race_is_read_as_already_written() -> None:
    assert run(Raced("h1"), "h1") == "recorded 120"
    with pytest.raises(IdempotencyConflict):  # the twin carried another body
        run(Raced("h2"), "h1")


def test_any_other_failure_of_the_write_is_not_hidden() -> None:
    store = Store(fail=sqlite3.IntegrityError("CHECK constraint failed: amount"))
    with pytest.raises(sqlite3.IntegrityError):
        run(store, "h1")
    with pytest.raises(NotFound):  # the write neither committed nor raised: nothing to answer
        asyncio.run(idempotency.once(Store().find, "h1", out, _nothing))


async def _nothing() -> None:
    return None
