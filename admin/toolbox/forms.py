"""The resource form, read into the toolbox's Struct."""

from __future__ import annotations

from typing import Any

from admin.common import FormData, choices, text
from canteen.onboarding.rules import STAGES
from canteen.onboarding.services import parse
from canteen.toolbox.rules import KINDS
from canteen.toolbox.schemas import ResourceIn


def resource_in(data: FormData) -> ResourceIn:
    values: dict[str, Any] = {
        "title": text(data, "title"),
        "kind": text(data, "kind", 24),
        "summary": text(data, "summary", 1000),
        "body": text(data, "body", 40000),
        "link": text(data, "link", 500),
        "languages": [code.lower() for code in choices(data, "languages")],
        "stages": choices(data, "stages"),
        "tags": choices(data, "tags"),
        "staff_only": text(data, "staff_only") == "1",
    }
    return parse(ResourceIn, values)  # type: ignore[no-any-return]


def form_context() -> dict[str, Any]:
    return {"kinds": KINDS, "stages": STAGES}
