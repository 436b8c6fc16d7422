"""The language of whoever is at the tablet: the party of diners, or the coordinator.

The tablet is shared, so its language belongs to the person using it, not to the tablet:
- a party's choice (the welcome screen's tiles, /kiosk/start) holds from check-in to the end of
  the survey, in a cookie of its own that only that tap writes; the next party taps again;
- coordinator mode has its own choice, kept for the coordinator's session only;
- nothing else writes either: a page fetched by the service worker (with ?lang=) or opened in
  another tab (the public volunteer pages write the site-wide `lang` cookie) changes neither.
Without a choice, the canteen's first language.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie

from canteen import i18n
from canteen.network.services import get_canteen
from canteen.web.language import PARTY_COOKIE
from canteen.web.requests import settings_of

PARTY_ID_COOKIE = "tablee_party"  # one per party: its forms' client ids derive from it
COORDINATOR_LANGUAGE_COOKIE = "tablee_coord_lang"
PARTY_SECONDS = 3 * 3600  # a party never stays this long; the next one taps its own language
COORDINATOR_PREFIX = "/kiosk/coordinator"


def canteen_languages(canteen: dict[str, Any]) -> list[str]:
    """The canteen's own languages, in its order (the first is its default)."""
    own = [code for code in canteen["languages"].split(",") if code in i18n.LANGUAGES]
    return own or [i18n.DEFAULT_LANGUAGE]


def chosen_language(
    request: Request[Any, Any, Any], cookie_name: str, canteen: dict[str, Any]
) -> str:
    """?lang= (an explicit link, or the service worker filing a page), then the person's own
    cookie, then the canteen's first language. Never the tablet-wide `lang` cookie."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(cookie_name)):
        if candidate in i18n.LANGUAGES:
            return str(candidate)
    return canteen_languages(canteen)[0]


async def use_tablet_language(request: Request[Any, Any, Any]) -> None:
    """before_request for the kiosk's pages: the party's or the coordinator's language.

    Runs after the guards; a page with no paired tablet (pairing, the worker's script) keeps the
    language the middleware negotiated.
    """
    path = request.url.path
    device = getattr(request.state, "device", None)
    if not path.startswith("/kiosk") or device is None:
        return
    canteen = await get_canteen(int(device["canteen"]))
    coordinator = path == COORDINATOR_PREFIX or path.startswith(COORDINATOR_PREFIX + "/")
    name = COORDINATOR_LANGUAGE_COOKIE if coordinator else PARTY_COOKIE
    i18n.current_language.set(chosen_language(request, name, canteen))


def language_choice_cookie(request: Request[Any, Any, Any], name: str, code: str) -> Cookie:
    """The party's choice for its visit; the coordinator's for the browser session (cleared when
    they leave coordinator mode). Scoped to the kiosk, so that no other page reads it."""
    return Cookie(
        key=name,
        value=code,
        max_age=None if name == COORDINATOR_LANGUAGE_COOKIE else PARTY_SECONDS,
        httponly=True,
        samesite="lax",
        secure=settings_of(request).secure_cookies,
        path="/kiosk",
    )


def new_party_cookie(request: Request[Any, Any, Any]) -> Cookie:
    """A new party begins (its tap on a language): a new id for its forms."""
    return language_choice_cookie(request, PARTY_ID_COOKIE, uuid.uuid4().hex)


def party_form_id(request: Request[Any, Any, Any], step: str) -> str:
    """The client id of one of the party's forms (check-in, pay, survey): the same each time the
    form is shown to this party, so that Back and submit again is the same record, not a second
    one. Without a party (a page opened directly), a fresh id per rendering."""
    party = request.cookies.get(PARTY_ID_COOKIE) or ""
    if not 16 <= len(party) <= 64:
        return str(uuid.uuid4())
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"tablee-party:{party}:{step}"))


def in_language(code: str, message: str) -> str:
    """A message in a given language, whatever the page's (the welcome screen greets in each)."""
    return i18n.translations(code).gettext(message)
