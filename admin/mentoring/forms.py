"""The mentor's offer form, read into the mentoring domain's Struct."""

from __future__ import annotations

from typing import Any

from admin.common import FormData, choices, integer, text
from canteen.mentoring.schemas import MentorIn
from canteen.onboarding.services import parse


def mentor_in(data: FormData) -> MentorIn:
    values: dict[str, Any] = {
        "capacity": integer(data, "capacity", 1),
        "languages": [code.lower() for code in choices(data, "languages")]
        + [code.lower() for code in choices(data, "other_languages")],
        "premises": text(data, "premises", 32) or "community_centre",
        "area": text(data, "area", 16) or "urban",
        "model": text(data, "model", 16) or "cook_together",
        "typical_covers": integer(data, "typical_covers", 30),
        "notes": text(data, "notes", 2000),
    }
    return parse(MentorIn, values)  # type: ignore[no-any-return]
