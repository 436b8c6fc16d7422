"""The kiosk with no network: its service worker, its offline page and its strings.

The service worker (static/sw.js, served at /kiosk/sw.js so that its scope covers the kiosk)
keeps the shell: pages in each language, styles, icons, scripts and offline.json. The page script
(static/outbox.js) keeps every write in an outbox until the server confirmed it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from litestar import Controller, Request, Response, Router, get
from litestar.response import Template

from canteen import __version__, i18n, money
from canteen.errors import N_, InvalidInput
from canteen.meals import errors as meal_errors
from canteen.meals import rules
from canteen.meals.services import active_question_keys
from canteen.network import services as network
from canteen.web.errors import message_of
from kiosk.auth import requires_device
from kiosk.paths import STATIC_DIR

# What a reload needs, in each language (the thanks page has its three variants).
FLOW_PAGES = (
    "/kiosk/",
    "/kiosk/checkin",
    "/kiosk/pay",
    "/kiosk/thanks?given=0",
    "/kiosk/thanks?given=1",
    "/kiosk/thanks?done=1",
    "/kiosk/survey",
    "/kiosk/offline",
    "/kiosk/cook",  # "I'm here to cook": today's shifts (each shift's form is kept once seen)
)
# Static files the pages load (with the ?v= the templates add), cached when the worker installs.
VERSIONED_ASSETS = ("kiosk.css", "icons.svg", "outbox.js", "volunteers.css", "volunteers.svg")
PLAIN_ASSETS = ("favicon.svg",)

# What the page script shows; translated per language in offline.json.
STRINGS = {
    "waiting": N_("Waiting to send: {n}"),
    "flagged": N_("Refused, for the coordinator: {n}"),
    "all_sent": N_("Everything recorded on this tablet has reached the server."),
    "panel_title": N_("Records kept on this tablet"),
    "offline_now": N_(
        "No connection right now. Records are kept on this tablet and sent when it is back."
    ),
    "flagged_help": N_(
        "The server refused these records. They stay on this tablet until you discard them."
    ),
    "send_now": N_("Send now"),
    "discard": N_("Discard"),
    "discard_confirm": N_("Discard this record for good? It will never reach the server."),
    "kind_checkin": N_("Check-in"),
    "kind_contribution": N_("Contribution"),
    "kind_survey": N_("Survey answers"),
    "kind_signup": N_("Volunteer sign-up"),
    "confirm_later": N_("Will be confirmed when the tablet is back online."),
    "credit_pending": N_(
        "Your meal paid forward will be confirmed when the tablet is back online."
    ),
    "signup_pending": N_(
        "Thank you! Your place will be confirmed when the tablet is back online. If the last "
        "place is taken meanwhile, you will be on the waiting list and the coordinator will see it."
    ),
    "not_open": meal_errors.ServiceNotOpen.message,
    "invalid": InvalidInput.message,
    "choose_amount": rules.CHOOSE_AMOUNT,
    "amount_invalid": money.InvalidAmount.message,
    "amount_negative": meal_errors.AmountNegative.message,
    "pay_forward": meal_errors.PayForwardNeedsAmount.message,
    "children": meal_errors.ChildrenInvalid.message,
    "out_of_range": meal_errors.ValueOutOfRange.message,
}


@cache
def shell_version() -> str:
    """Changes whenever a file of the shell changes, so that tablets pick up the new one."""
    digest = hashlib.sha256(__version__.encode())
    for name in (*VERSIONED_ASSETS, *PLAIN_ASSETS, "sw.js"):
        digest.update((STATIC_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


@cache
def service_worker_script() -> bytes:
    config = {
        "version": shell_version(),
        "assets": [f"/static/kiosk/{name}?v={__version__}" for name in VERSIONED_ASSETS]
        + [f"/static/kiosk/{name}" for name in PLAIN_ASSETS],
        "pages": FLOW_PAGES,
        "languages": list(i18n.LANGUAGES),
    }
    header = f"const TABLEE = {json.dumps(config)};\n"
    return header.encode() + (STATIC_DIR / "sw.js").read_bytes()


def offline_strings(canteen: dict[str, Any]) -> dict[str, str]:
    most = meal_errors.AmountOutOfRange(
        max_minor=canteen["max_contribution_minor"], currency=canteen["currency"]
    )
    return {
        **{key: i18n.gettext(message) for key, message in STRINGS.items()},
        "party_size": message_of(meal_errors.PartySizeInvalid(max=rules.MAX_PARTY)),
        "amount_max": message_of(most),
    }


def kiosk_rules(canteen: dict[str, Any], language: str) -> dict[str, Any]:
    """What the page script checks before keeping a record, from the rules themselves
    (canteen/meals/rules.py) and the amount format of canteen/money.py: it restates none."""
    currency = canteen["currency"]
    return {
        "methods": rules.METHODS,
        "paying_methods": rules.PAYING_METHODS,
        "zero_methods": rules.ZERO_METHODS,
        "default_method": rules.DEFAULT_METHOD,
        "credit_method": rules.CREDIT,  # draws on the paid-forward meals: needs the server
        "max_contribution_minor": canteen["max_contribution_minor"],
        "max_party": rules.MAX_PARTY,
        "survey": [rules.SURVEY_MIN, rules.SURVEY_MAX],
        "amount": money.amount_format(currency, language),
    }


class OfflineController(Controller):
    path = "/kiosk"
    include_in_schema = False

    @get("/sw.js", cache_control=None)
    async def service_worker(self) -> Response[bytes]:
        """The worker's scope is the folder it is served from: /kiosk/."""
        return Response(
            service_worker_script(),
            media_type="text/javascript",
            headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/kiosk/"},
        )

    @get("/offline.json", guards=[requires_device])
    async def strings(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        """What the page script needs to take a record with no network, in this language."""
        canteen = await network.get_canteen(int(request.state.device["canteen"]))
        language = i18n.language()
        currency = canteen["currency"]
        amount = money.amount_format(currency, language)
        return Response(
            {
                "language": language,
                "currency": currency,
                "timezone": canteen["timezone"],
                "exponent": amount["exponent"],
                "decimal": amount["decimal"],
                "group": amount["group"],
                "max_contribution_minor": canteen["max_contribution_minor"],
                "max_party": rules.MAX_PARTY,
                "rules": kiosk_rules(canteen, language),
                "questions": await active_question_keys(),
                "messages": offline_strings(canteen),
            },
            headers={"Cache-Control": "no-cache"},
        )

    @get("/offline", guards=[requires_device])
    async def offline_page(self, request: Request[Any, Any, Any]) -> Template:
        """Shown, from the cache, for a page that needs the server while there is no network."""
        canteen = await network.get_canteen(int(request.state.device["canteen"]))
        return Template(template_name="kiosk/offline.html", context={"canteen": canteen})


offline_router = Router(path="/", route_handlers=[OfflineController])
