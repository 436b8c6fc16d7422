"""What goes in and out of the network domain."""

from __future__ import annotations

from typing import Annotated

import msgspec

ClientId = Annotated[str, msgspec.Meta(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


class PairIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: ClientId
    code: Annotated[str, msgspec.Meta(min_length=4, max_length=20)]
    name: Annotated[str, msgspec.Meta(max_length=120)] = ""


class CanteenOut(msgspec.Struct, kw_only=True):
    id: int
    slug: str
    name: str
    city: str
    country: str
    currency: str
    timezone: str
    languages: list[str]
    max_contribution_minor: int


class PairOut(msgspec.Struct, kw_only=True):
    device_id: int
    token: str
    canteen: CanteenOut


class DeviceOut(msgspec.Struct, kw_only=True):
    id: int
    name: str
    created_at: str
    last_seen_at: str | None
    revoked: bool


class CoordinatorLoginIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    pin: Annotated[str, msgspec.Meta(min_length=4, max_length=12)]


class CoordinatorSessionOut(msgspec.Struct, kw_only=True):
    token: str
    expires_in_seconds: int
