"""What the volunteers' pages share: reading the sign-up form, dates in the reader's language,
the volunteer's cookie, QR codes, the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from babel.dates import format_date, format_skeleton, get_day_names
from litestar import Request
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from canteen import i18n
from canteen.errors import DomainError
from canteen.volunteers.mail import Outbox
from canteen.volunteers.reminders import notify_promotions
from canteen.volunteers.schemas import KIND_ORDER, ShiftBrief, ShiftOut, SignUpIn
from canteen.volunteers.shifts import KIND_LABELS
from canteen.web.forms import client_id_from
from canteen.web.requests import settings_of

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
VOLUNTEER_COOKIE = "tablee_volunteer"
KINDS = KIND_ORDER


def page(name: str, status_code: int = 200, **context: Any) -> Template:
    context.setdefault("long_date", long_date)
    context.setdefault("KIND_LABELS", KIND_LABELS)
    return Template(
        template_name=f"kiosk/volunteers/{name}.html", context=context, status_code=status_code
    )


def message(error: DomainError) -> str:
    return i18n.gettext(error.msgid, **error.params)


def outbox(request: Request[Any, Any, Any]) -> Outbox:
    return Outbox(settings_of(request))


def base_url(request: Request[Any, Any, Any]) -> str:
    """The address people reach us at: CANTEEN_PUBLIC_URL, or the one this request came to."""
    return settings_of(request).public_url.rstrip("/") or str(request.base_url).rstrip("/")


def secret(request: Request[Any, Any, Any]) -> str:
    return settings_of(request).secret_key


async def notify(request: Request[Any, Any, Any], sign_up_ids: list[int]) -> None:
    """Tell (by e-mail, when set up) the volunteers just moved up from a waiting list."""
    await notify_promotions(sign_up_ids, outbox(request))


def sign_up_from(form: dict[str, str], token: str | None = None) -> SignUpIn:
    """The sign-up form as the domain's input (lengths are checked again by the service)."""
    return SignUpIn(
        id=client_id_from(form),
        first_name=(form.get("first_name") or "")[:200],
        phone=(form.get("phone") or "")[:40],
        email=(form.get("email") or "")[:254],
        contact_consent=form.get("consent") == "yes",
        waiting_list=form.get("waiting_list") == "1",
        volunteer_token=token,
    )


def volunteer_cookie(request: Request[Any, Any, Any], token: str, expires: str) -> Cookie:
    """The phone remembers its volunteer, so the next sign-up needs no name again."""
    seconds = int((datetime.fromisoformat(expires) - datetime.now(UTC)).total_seconds())
    return Cookie(
        key=VOLUNTEER_COOKIE,
        value=token,
        max_age=max(0, seconds),
        httponly=True,
        samesite="lax",
        secure=settings_of(request).secure_cookies,
        path="/",
    )


def long_date(value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, format="full", locale=i18n.language())


def month_name(value: str) -> str:
    year, month = (int(part) for part in value.split("-"))
    return format_skeleton("yMMMM", date(year, month, 1), locale=i18n.language())


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


def started(shift: ShiftBrief | ShiftOut) -> bool:
    return datetime.fromisoformat(shift.starts_at) <= datetime.now(UTC)


def hours(minutes: int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(round(minutes / 60, 1), format="#,##0.#", locale=i18n.language())
