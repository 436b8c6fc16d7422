"""What goes in and out of the mentoring domain."""

from __future__ import annotations

from typing import Annotated

import msgspec

from canteen.onboarding.schemas import Area, LanguageCode, Model, Premises


class MentorIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    capacity: Annotated[int, msgspec.Meta(ge=1, le=20)]
    languages: Annotated[list[LanguageCode], msgspec.Meta(min_length=1, max_length=8)]
    premises: Premises = "community_centre"
    area: Area = "urban"
    model: Model = "cook_together"
    typical_covers: Annotated[int, msgspec.Meta(ge=1, le=2000)] = 30
    notes: Annotated[str, msgspec.Meta(max_length=2000)] = ""
