"""Writes that must not double: the one idempotent-replay helper.

Every write that carries a client-generated id goes through `once`: the first request writes,
a retry with the same id and the same body gets the first answer, the same id with another body
(or another scope: another service, another canteen) is refused with IdempotencyConflict (422).
The database decides races: the id is unique, and a concurrent twin's unique violation is read
as "already written".
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import msgspec

from canteen.db import is_unique_violation
from canteen.errors import IdempotencyConflict, NotFound

T = TypeVar("T")
Row = Mapping[str, Any]


def body_hash(scope: object, data: msgspec.Struct) -> str:
    """A fingerprint of what was asked (its scope and body, not its id), to tell a retry from a
    different request."""
    fields = msgspec.structs.asdict(data)
    fields.pop("id", None)
    payload = msgspec.json.encode({"scope": scope, "body": fields}, order="sorted")
    return hashlib.sha256(payload).hexdigest()


def record_uuid(client_id: str) -> uuid.UUID:
    """Anonymous records are keyed by the client's id, folded into a UUID."""
    try:
        return uuid.UUID(client_id)
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"tablee:{client_id}")


def check_replay(existing_hash: str | None, digest: str) -> None:
    """The id was already used: with the same body it is a replay, otherwise a conflict."""
    if existing_hash != digest:
        raise IdempotencyConflict()


async def once(
    find: Callable[[], Awaitable[Row | None]],
    digest: str,
    out: Callable[[Row], Awaitable[T]],
    write: Callable[[], Awaitable[None]],
    hash_key: str = "body_hash",
) -> T:
    """Run write() once per client id; a replay gets out(first row), a changed body 422."""
    existing = await find()
    if existing is None:
        try:
            await write()
        except Exception as exc:
            if not is_unique_violation(exc):
                raise
        existing = await find()
        if existing is None:  # pragma: no cover - the write committed or raised
            raise NotFound()
    check_replay(existing[hash_key], digest)
    return await out(existing)
