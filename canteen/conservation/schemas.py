"""Conservation batches in and out."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from canteen.network.schemas import ClientId

Method = Literal["chilled", "frozen", "pasteurised", "canned"]
Code = Annotated[str, msgspec.Meta(max_length=40)]


class BatchIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: ClientId  # the tablet's id for this write: recorded once through the outbox
    recipe: Annotated[str, msgspec.Meta(max_length=80)] = ""  # a sheet's slug: its allergens
    dish: Annotated[str, msgspec.Meta(max_length=200)] = ""  # required without a sheet
    method: Method
    portions: int
    made: Annotated[str, msgspec.Meta(max_length=10)] = ""  # ISO date; empty: today
    allergens: Annotated[list[Code], msgspec.Meta(max_length=14)] = []  # without a sheet
    traces: Annotated[list[Code], msgspec.Meta(max_length=14)] = []


class MoveIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: ClientId
    kind: Literal["used", "discarded"]
    portions: int


class BatchOut(msgspec.Struct, kw_only=True):
    id: str
    dish: str
    recipe: str  # slug, or ""
    method: str
    portions: int
    portions_left: int
    used: int
    discarded: int
    made: str
    use_by: str
    allergens: list[str]
    traces: list[str]
    expiring: bool  # use-by within the next 2 days (or past) with portions left
