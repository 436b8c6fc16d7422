"""What every template can call: translation, the language and its direction, money, numbers,
and the static files' version."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from canteen import __version__, i18n, money
from canteen.recipes.rules import ALLERGENS, DIETS


def static_version(*directories: Path) -> str:
    """The release plus a digest of the static files, for cache-busting URLs."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:10]}"


def template_globals(version: str) -> dict[str, Any]:
    def money_filter(amount_minor: int | None, currency: str) -> str:
        if amount_minor is None:
            return "—"
        return money.format_money(amount_minor, currency, i18n.language())

    def number_filter(value: int | float | None) -> str:
        return "—" if value is None else format_decimal(value, locale=i18n.language())

    return {
        "_": i18n.gettext,
        "ngettext": i18n.ngettext,
        "lang": i18n.language,
        "dir": i18n.direction,
        "LANGUAGES": i18n.LANGUAGES,
        "ALLERGENS": ALLERGENS,  # the 14 of EU 1169/2011 annex II: code -> name to translate
        "DIETS": DIETS,
        "money": money_filter,
        "number": number_filter,
        "version": version,
    }
