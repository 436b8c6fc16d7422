"""The project forms, read into the onboarding domain's Structs."""

from __future__ import annotations

from typing import Any

from admin.common import FormData, choices, text
from canteen.onboarding import geo
from canteen.onboarding import services as onboarding
from canteen.onboarding.rules import AREAS, CHANNELS, MODELS, PREMISES
from canteen.onboarding.schemas import ContactIn, FounderIn, ProjectIn

PROJECT_FIELDS = (
    "name",
    "city",
    "country",
    "latitude",
    "longitude",
    "timezone",
    "currency",
    "premises",
    "area",
    "expected_covers",
    "model",
    "followup_weeks",
    "notes",
)


def project_in(data: FormData) -> ProjectIn:
    """A project from the form; languages from the checkboxes plus the 'other codes' field."""
    values: dict[str, Any] = {}
    for name in PROJECT_FIELDS:
        value = text(data, name, 4000)
        if value != "":
            values[name] = value
    values["country"] = str(values.get("country", "")).upper()
    values["currency"] = str(values.get("currency", "EUR")).upper()
    languages = [code.lower() for code in choices(data, "languages")]
    languages += [code.lower() for code in choices(data, "other_languages")]
    values["languages"] = list(dict.fromkeys(languages))
    return onboarding.parse(ProjectIn, values)  # type: ignore[no-any-return]


def founder_in(data: FormData) -> FounderIn:
    values = {k: text(data, k, 254) for k in ("name", "email", "phone", "role")}
    return onboarding.parse(FounderIn, values)  # type: ignore[no-any-return]


def contact_in(data: FormData) -> ContactIn:
    """A contact from the form (the project's and a mentoring's contact logs alike)."""
    values = {
        "contacted_on": text(data, "contacted_on", 10),
        "channel": text(data, "channel", 16),
        "notes": text(data, "notes", 4000),
    }
    return onboarding.parse(ContactIn, values)  # type: ignore[no-any-return]


def form_context() -> dict[str, Any]:
    return {
        "premises_choices": PREMISES,
        "areas": AREAS,
        "models": MODELS,
        "channels": CHANNELS,
        "lookup_available": geo.lookup_available(),
    }
