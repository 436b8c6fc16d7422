"""The language of each request: ?lang=, then the lang cookie, then Accept-Language."""

from __future__ import annotations

from http.cookies import SimpleCookie

from litestar.datastructures import Cookie
from litestar.types import Scope

from canteen import i18n

LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_SECONDS = 12 * 3600
# The kiosk's party of diners (kiosk/language.py): sent with /kiosk pages only (its path), so
# that a kiosk page no handler answers (an error page) speaks the party's language too.
PARTY_COOKIE = "tablee_party_lang"


def language_of(scope: Scope) -> str:
    """?lang=, then the lang cookie, then Accept-Language, then the default (French)."""
    query = scope.get("query_string", b"").decode("latin-1")
    from_query = next((part[5:] for part in query.split("&") if part.startswith("lang=")), None)
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
    from_party = from_cookie = None
    raw_cookie = headers.get("cookie", "")
    if LANGUAGE_COOKIE + "=" in raw_cookie:  # parsed only when it may be there (every request)
        cookie = SimpleCookie()
        try:
            cookie.load(raw_cookie)
        except Exception:  # noqa: BLE001 - a broken cookie header is ignored, not fatal
            cookie = SimpleCookie()
        from_cookie = cookie[LANGUAGE_COOKIE].value if LANGUAGE_COOKIE in cookie else None
        from_party = cookie[PARTY_COOKIE].value if PARTY_COOKIE in cookie else None
    return i18n.negotiate([from_query, from_party, from_cookie], headers.get("accept-language"))


def language_cookie(code: str) -> Cookie:
    """The diner's or the user's choice, kept for the rest of the day."""
    return Cookie(
        key=LANGUAGE_COOKIE,
        value=code,
        max_age=LANGUAGE_COOKIE_SECONDS,
        samesite="lax",
        path="/",
    )
