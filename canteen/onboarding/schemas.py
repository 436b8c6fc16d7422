"""What goes in and out of the onboarding domain."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

Premises = Literal[
    "community_centre", "church_hall", "school", "social_housing", "restaurant", "own_place"
]
Area = Literal["urban", "rural"]
Model = Literal["cook_together", "served"]
Channel = Literal["phone", "video", "visit", "email", "message", "meeting"]
LanguageCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}$")]


class ProjectIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=2, max_length=200)]
    city: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    country: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
    languages: Annotated[list[LanguageCode], msgspec.Meta(min_length=1, max_length=8)]
    latitude: Annotated[float, msgspec.Meta(ge=-90, le=90)] | None = None
    longitude: Annotated[float, msgspec.Meta(ge=-180, le=180)] | None = None
    timezone: Annotated[str, msgspec.Meta(max_length=64)] = ""
    currency: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")] = "EUR"
    premises: Premises = "community_centre"
    area: Area = "urban"
    expected_covers: Annotated[int, msgspec.Meta(ge=1, le=2000)] = 30
    model: Model = "cook_together"
    followup_weeks: Annotated[int, msgspec.Meta(ge=1, le=52)] = 6
    notes: Annotated[str, msgspec.Meta(max_length=4000)] = ""


class FounderIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    email: Annotated[str, msgspec.Meta(max_length=254)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=40)] = ""
    role: Annotated[str, msgspec.Meta(max_length=120)] = ""


class ContactIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    contacted_on: date  # not in the future
    channel: Channel
    notes: Annotated[str, msgspec.Meta(max_length=4000)] = ""


class ProjectFilter(msgspec.Struct, kw_only=True):
    stage: str = ""
    language: str = ""
    q: str = ""  # name, city or country
    overdue: bool = False
