"""Small helpers shared by the staff pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_datetime
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from canteen import i18n
from canteen.accounts.schemas import SessionUser
from canteen.errors import DomainError, InvalidInput
from canteen.mentoring.words import language_name
from canteen.onboarding.rules import BY_KEY, STAGES
from canteen.text import split as split_list
from canteen.web.requests import settings_of

__all__ = ["language_name", "settings_of"]

# Repeated fields (checkboxes) arrive as lists, single ones as strings.
FormData = dict[str, str | list[str]]
Form = Annotated[FormData, Body(media_type=RequestEncodingType.URL_ENCODED)]
AnyRequest = Request[Any, Any, Any]


def stage_label(key: str) -> str:
    """A stage's name in the reader's language (the key itself when unknown)."""
    stage = BY_KEY.get(key)
    return i18n.gettext(stage.label) if stage else key


def format_day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, "medium", locale=i18n.language())


def format_moment(value: datetime | None, timezone: str = "Europe/Paris") -> str:
    """A stored UTC moment, shown in a place's time zone."""
    if value is None:
        return "—"
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return format_datetime(value.astimezone(zone), "short", locale=i18n.language())


HELPERS: dict[str, Any] = {
    "lang_name": language_name,
    "stage_label": stage_label,
    "format_day": format_day,
    "format_moment": format_moment,
    "split": split_list,
    "STAGE_LIST": STAGES,
}


def page(name: str, status_code: int = 200, **context: Any) -> Template:
    """An admin template, with the small helpers every page uses."""
    return Template(
        template_name=f"admin/{name}.html",
        context={**HELPERS, **context},
        status_code=status_code,
    )


def user_of(request: AnyRequest) -> SessionUser:
    return request.state.user  # type: ignore[no-any-return]


def message(error: DomainError) -> str:
    return i18n.gettext(error.msgid, **error.params)


def refused(name: str, error: DomainError, **context: Any) -> Template:
    """A page again after a refused change: the refusal's status, its reason in the reader's
    language, and what the page needs (for a form, what was typed: `form=data`)."""
    return page(name, error.status, error=message(error), **context)


def one(data: FormData, name: str) -> str:
    value = data.get(name) or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)


def text(data: FormData, name: str, limit: int = 200) -> str:
    return one(data, name).strip()[:limit]


def integer(data: FormData, name: str, default: int | None = None) -> int | None:
    raw = one(data, name).strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise InvalidInput() from exc


def number(data: FormData, name: str) -> float | None:
    raw = one(data, name).strip().replace(",", ".")
    if raw == "":
        return None
    try:
        return float(raw)
    except ValueError as exc:
        raise InvalidInput() from exc


def day(data: FormData, name: str) -> date | None:
    raw = one(data, name).strip()
    if raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput() from exc


def choices(data: FormData, name: str) -> list[str]:
    """Several values of one field (checkboxes), or one comma-separated text."""
    raw = data.get(name) or ""
    values = raw if isinstance(raw, list) else [raw]
    found: list[str] = []
    for value in values:
        for part in str(value).replace(";", ",").split(","):
            part = part.strip()
            if part and part not in found:
                found.append(part)
    return found
