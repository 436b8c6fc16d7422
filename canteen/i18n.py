"""Catalogs and the current language. Every .po file found in the locale folders is merged."""

from __future__ import annotations

import contextvars
import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from canteen import LOCALE_DIR

# code -> (name in its own language, writing direction)
LANGUAGES: dict[str, tuple[str, str]] = {
    "fr": ("Français", "ltr"),
    "en": ("English", "ltr"),
    "es": ("Español", "ltr"),
    "nl": ("Nederlands", "ltr"),
    "ar": ("العربية", "rtl"),
}
DEFAULT_LANGUAGE = "fr"

_locale_dirs: list[Path] = [LOCALE_DIR]
current_language: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_language", default=DEFAULT_LANGUAGE
)


def add_locale_dir(path: Path) -> None:
    """Let a package (kiosk, admin) add its catalogs to the merged ones."""
    if path not in _locale_dirs:
        _locale_dirs.append(path)
        translations.cache_clear()


@lru_cache(maxsize=16)
def translations(language: str) -> Translations:
    """The merged catalogs for one language, compiled in memory (no .mo files to build)."""
    merged = Translations()
    for directory in _locale_dirs:
        folder = directory / language / "LC_MESSAGES"
        for po_path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            merged.merge(Translations(buffer))
    return merged


def language() -> str:
    return current_language.get()


def gettext(message: str, **params: Any) -> str:
    """Translate into the current language; {name} placeholders are filled from params."""
    text = translations(current_language.get()).gettext(message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
    text = translations(current_language.get()).ngettext(singular, plural, n)
    return text.format(n=n, **params)


_ = gettext


def direction(code: str | None = None) -> str:
    return LANGUAGES.get(code or current_language.get(), ("", "ltr"))[1]


def negotiate(candidates: Iterable[str | None], accept_language: str | None = None) -> str:
    """The first supported language among explicit choices, then the Accept-Language header."""
    for candidate in candidates:
        if candidate and candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    if accept_language:
        weighted = []
        for part in accept_language.split(","):
            code, _sep, quality = part.strip().partition(";q=")
            try:
                weight = float(quality) if quality else 1.0
            except ValueError:
                weight = 0.0
            weighted.append((weight, code.strip()[:2].lower()))
        for _weight, code in sorted(weighted, key=lambda item: -item[0]):
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE
