"""Catalog upkeep: which messages the code uses, and which a language still lacks.

`canteen i18n missing fr` prints a .po stub of the messages French has no translation for;
paste it (translated) into a catalog of the package it belongs to. Every .po file found under
<package>/locale/<lang>/LC_MESSAGES/ is merged, so each domain keeps its own file.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from canteen import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("canteen", "kiosk", "admin")
METHOD_MAP = [
    ("**/piccolo_migrations/**", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def used_messages() -> dict[str, list[str]]:
    """msgid -> places it is used, from the Python code and the templates."""
    found: dict[str, list[str]] = {}
    for package in PACKAGES:
        directory = ROOT / package
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(directory),
            METHOD_MAP,
            keywords={"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)},
        ):
            msgids = message if isinstance(message, tuple) else (message,)
            for msgid in msgids:
                if msgid:
                    found.setdefault(msgid, []).append(f"{package}/{filename}:{lineno}")
    return found


def catalog_files(language: str) -> list[Path]:
    files: list[Path] = []
    for package in PACKAGES:
        folder = ROOT / package / "locale" / language / "LC_MESSAGES"
        files.extend(sorted(folder.glob("*.po")) if folder.is_dir() else [])
    return files


def translated(language: str) -> dict[str, str]:
    """msgid -> msgstr over every catalog of a language (plural forms joined by |)."""
    result: dict[str, str] = {}
    for path in catalog_files(language):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id:
                continue
            key = str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)
            value = message.string
            text = "|".join(value) if isinstance(value, (tuple, list)) else str(value)
            if text:
                result[key] = text
    return result


def missing(language: str, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """Messages used in these packages that the language has no translation for."""
    have = translated(language)
    return sorted(
        msgid
        for msgid, places in used_messages().items()
        if msgid not in have and any(place.split("/")[0] in packages for place in places)
    )


def placeholder_mismatches(language: str) -> list[str]:
    """Translations whose {placeholders} differ from the message's."""
    bad = []
    for msgid, text in translated(language).items():
        for form in text.split("|"):
            if set(PLACEHOLDER.findall(form)) - set(PLACEHOLDER.findall(msgid)) - {"n"}:
                bad.append(f"{language}: {msgid!r} -> {form!r}")
    return bad


def stub(language: str) -> str:
    import io

    catalog = Catalog(locale=language)
    for msgid in missing(language):
        catalog.add(msgid, "")
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, width=0)
    return buffer.getvalue().decode("utf-8")


__all__ = ["i18n", "used_messages", "missing", "translated", "placeholder_mismatches", "stub"]
