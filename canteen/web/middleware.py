"""Middleware and hooks every answer goes through: the request's language, security headers."""

from __future__ import annotations

from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from canteen import i18n
from canteen.settings import Settings
from canteen.web.language import language_of

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(self), geolocation=(), microphone=()"),
]
# Sent when CANTEEN_SECURE_COOKIES is on (the service is reached over HTTPS): browsers then
# refuse plain HTTP to it for a year, even if the proxy's own header is missing.
HSTS = (b"strict-transport-security", b"max-age=31536000")


def language_and_headers_middleware(app: ASGIApp) -> ASGIApp:
    """Sets the request's language for everything below, and the security headers."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        language = language_of(scope)
        token = i18n.current_language.set(language)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _value in headers}
                # The kiosk's service worker files each page it caches under its language: the
                # one the page was rendered in (a kiosk page may choose it, kiosk/language.py).
                if b"content-language" not in names:
                    headers.append((b"content-language", i18n.language().encode()))
                message["headers"] = headers
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        finally:
            i18n.current_language.reset(token)

    return middleware


def security_headers_for(settings: Settings) -> Any:
    """The hook that gives every answer its security headers (HSTS too behind HTTPS)."""
    wanted = [*SECURITY_HEADERS, HSTS] if settings.secure_cookies else SECURITY_HEADERS

    def security_headers(message: Message, scope: Any) -> None:
        """Every answer's security headers, also on what no route matched (a 404 or 405 is
        answered before any middleware runs, but after this hook)."""
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _value in headers}
            headers.extend(h for h in wanted if h[0] not in names)
            message["headers"] = headers

    return security_headers
