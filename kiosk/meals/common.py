"""What the tablet's meal pages share: the page, its context, cookies, amounts as shown."""

from __future__ import annotations

import re
from typing import Annotated, Any

from babel import Locale
from babel.numbers import format_currency, format_decimal
from litestar import Request
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from canteen import i18n
from canteen.errors import N_, DomainError
from canteen.meals import services as meals
from canteen.money import exponent, format_money, to_decimal
from canteen.network import services as network
from canteen.web.errors import message_of
from canteen.web.requests import settings_of
from kiosk.language import in_language

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]

ENTER_CASH = N_("Enter the cash counted in the box.")
IDLE_SECONDS = 90  # mid-flow screens go back to the welcome screen after this
THANKS_SECONDS = 15
WAITING_SECONDS = 60  # the welcome screen looks again for the day's meal while none is open


def cookie(request: Request[Any, Any, Any], key: str, value: str, max_age: int) -> Cookie:
    return Cookie(
        key=key,
        value=value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=settings_of(request).secure_cookies,
        path="/",
    )


def page(name: str, status_code: int = 200, **context: Any) -> Template:
    return Template(template_name=f"kiosk/{name}.html", context=context, status_code=status_code)


def message(error: DomainError) -> str:
    return message_of(error)


def amount_text(amount_minor: int, currency: str) -> str:
    """An amount as a person types it back into a field: '112,00', no symbol, no grouping."""
    decimals = exponent(currency)
    pattern = "0." + "0" * decimals if decimals else "0"
    return format_decimal(to_decimal(amount_minor, currency), pattern, locale=i18n.language())


def quick_label(amount_minor: int, currency: str) -> str:
    """A quick amount as written on a coin or note: '5 €', not '5,00 €'; '0,50 €' stays."""
    language = i18n.language()
    value = to_decimal(amount_minor, currency)
    if value != value.to_integral_value():
        return format_money(amount_minor, currency, language)
    pattern = Locale.parse(language).currency_formats["standard"].pattern
    return format_currency(
        value.to_integral_value(),
        currency,
        format=re.sub(r"\.0+", "", pattern),
        locale=language,
        currency_digits=False,
    )


WELCOME = N_("Welcome! Come in and share the meal.")
TODAYS_MENU = N_("Today's menu")
HERE_TO_COOK = N_("I'm here to cook")


def greeting(code: str) -> dict[str, str]:
    """The welcome screen's words in one of the canteen's languages."""
    return {
        "code": code,
        "dir": i18n.direction(code),
        "welcome": in_language(code, WELCOME),
        "menu": in_language(code, TODAYS_MENU),
        "cook": in_language(code, HERE_TO_COOK),
    }


def welcome_languages(canteen: dict[str, Any]) -> list[str]:
    """The canteen's own languages first, then every other language the kiosk speaks."""
    own = [code for code in canteen["languages"].split(",") if code in i18n.LANGUAGES]
    return own + [code for code in i18n.LANGUAGES if code not in own]


async def page_context(request: Request[Any, Any, Any], figures: bool = False) -> dict[str, Any]:
    """The tablet's canteen and today's service; with figures, its cost and credits too.

    Figures take a few aggregate queries: only the pay and coordinator screens show them.
    """
    canteen_id = int(request.state.device["canteen"])
    canteen = await network.get_canteen(canteen_id)
    service = await meals.todays_service(canteen_id)
    return {
        "canteen": canteen,
        "service": service,
        "service_out": await meals.service_out(service) if service and figures else None,
        "canteen_languages": [c for c in canteen["languages"].split(",") if c],
    }


def coordinator_idle(request: Request[Any, Any, Any]) -> int:
    """Seconds until coordinator mode ends: the tablet then goes back to the diners by itself."""
    return int(getattr(request.state, "coordinator_seconds_left", IDLE_SECONDS)) + 1
