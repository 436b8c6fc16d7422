"""What goes in and out of the covers forecast."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

MarkKind = Literal["closed", "holiday", "special", "strike", "change"]


class OverrideIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    covers: Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)] | None = None


class MarkIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    kind: MarkKind | None = None  # None removes the mark
    note: Annotated[str, msgspec.Meta(max_length=200)] = ""
    # For a change: the covers it adds (negative: fewer; a school trip: -30). Ignored otherwise.
    change: Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)] | None = None


class MarkOut(msgspec.Struct, kw_only=True):
    date: str
    kind: str
    note: str
    change: int | None = None  # a change's covers


class ServiceForecast(msgspec.Struct, kw_only=True):
    date: str
    weekday: int  # Monday = 0
    expected: int | None  # Tablée's forecast
    low: int | None  # the 80% interval
    high: int | None
    override: int | None  # the coordinator's own number
    covers_expected: int | None  # the override if any, else the forecast
    mark: str | None  # closed | holiday | special | strike | change
    note: str
    change: int | None = None  # the covers announced with a change mark
    mark_effect: int | None = None  # covers the mark moved the forecast by (None: no mark)


class CoversOutlook(msgspec.Struct, kw_only=True):
    canteen_id: int
    today: str
    basis: str  # history | little_history | typed | none
    history_services: int
    little_history: bool
    notice: str | None  # little_history | typed | none | no_service_days
    message: str | None  # the notice, in the user's language
    usual_weekdays: list[int]
    services: list[ServiceForecast]
    marked_days: list[MarkOut]


class AccuracyRow(msgspec.Struct, kw_only=True):
    date: str
    expected: int | None
    low: int | None
    high: int | None
    override: int | None
    actual: int | None


class AccuracyOut(msgspec.Struct, kw_only=True):
    rows: list[AccuracyRow]
    services: int
    wape: float | None  # the forecast's mean absolute error ÷ mean covers
    wape_used: float | None  # the same for the number used (the override when there was one)
    inside_interval: float | None
