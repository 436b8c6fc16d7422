"""What the volunteers' pages share: rendering, error messages, dates in the reader's language,
the server's address and key, telling volunteers moved up from a waiting list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from babel.dates import format_date, get_day_names
from babel.numbers import format_decimal
from litestar import Request
from litestar.response import Template

from canteen import i18n
from canteen.errors import DomainError
from canteen.volunteers.mail import Outbox
from canteen.volunteers.reminders import notify_promotions
from canteen.volunteers.rules import KIND_LABELS
from canteen.web.requests import settings_of


def page(name: str, status_code: int = 200, **context: Any) -> Template:
    context.setdefault("long_date", long_date)
    context.setdefault("KIND_LABELS", KIND_LABELS)
    return Template(
        template_name=f"kiosk/volunteers/{name}.html", context=context, status_code=status_code
    )


def message(error: DomainError) -> str:
    return i18n.gettext(error.msgid, **error.params)


def base_url(request: Request[Any, Any, Any]) -> str:
    """The address people reach us at: CANTEEN_PUBLIC_URL, or the one this request came to."""
    return settings_of(request).public_url.rstrip("/") or str(request.base_url).rstrip("/")


def secret(request: Request[Any, Any, Any]) -> str:
    return settings_of(request).secret_key


async def notify(request: Request[Any, Any, Any], sign_up_ids: list[int]) -> None:
    """Tell (by e-mail, when set up) the volunteers just moved up from a waiting list."""
    await notify_promotions(sign_up_ids, Outbox(settings_of(request)))


def long_date(value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, format="full", locale=i18n.language())


def weekday_names() -> dict[int, str]:
    names = get_day_names("wide", locale=i18n.language())
    return {day: str(names[day]) for day in range(7)}


def by_day(
    items: Iterable[Any], key: Callable[[Any], str] = lambda shift: shift.date
) -> list[tuple[str, str, list[Any]]]:
    """[(iso date, date in words, the items of that day)], in their order."""
    days: dict[str, list[Any]] = {}
    for item in items:
        days.setdefault(key(item), []).append(item)
    return [(day, long_date(day), grouped) for day, grouped in days.items()]


def hour_count(minutes: int) -> str:
    """Minutes as hours in the reader's language: 90 -> '1.5' (or '1,5')."""
    return format_decimal(round(minutes / 60, 1), format="#,##0.#", locale=i18n.language())
