"""The toolbox's rules: the kinds of resource, what a link and a tag may be, who sees a resource,
which resources suit a project, and which files are accepted. Pure: no database, no files.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from canteen import access, text
from canteen.errors import N_

KINDS: dict[str, str] = {
    "practical_sheet": N_("practical sheet"),
    "recipe_sheet": N_("recipe sheet"),
    "template": N_("template"),
    "booklet": N_("booklet"),
    "video": N_("video"),
    "podcast": N_("podcast"),
    "link": N_("link"),
}
LINK_SCHEMES = ("https://", "http://")
SEARCH_MAX = 80  # characters of a search kept
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# content type -> (what staff read in messages, file extension for the download)
ACCEPTED: dict[str, tuple[str, str]] = {
    "application/pdf": ("PDF", ".pdf"),
    "image/png": ("PNG", ".png"),
    "image/jpeg": ("JPEG", ".jpg"),
    ODT: ("ODT", ".odt"),
    DOCX: ("DOCX", ".docx"),
}
# The first bytes of each accepted type that is not a zip archive (ODT and DOCX are zips).
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
ZIP_MAGIC = b"PK\x03\x04"
FILENAME_STEM_MAX = 120


def link_allowed(link: str) -> bool:
    """Empty, or a web address (https:// or http://)."""
    return not link or link.lower().startswith(LINK_SCHEMES)


def unknown_stages(stages: Iterable[str], known: Iterable[str]) -> list[str]:
    names = set(known)
    return [stage for stage in stages if stage not in names]


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as stored: trimmed, lower case, no comma (the stored list's separator), each once."""
    cleaned = [tag.strip().lower().replace(",", " ") for tag in tags if tag.strip()]
    return list(dict.fromkeys(cleaned))


def visible_to(user: access.User | None, row: Mapping[str, Any]) -> bool:
    """A staff-only resource is hidden from coordinators (not listed, not found, not served)."""
    return access.can_see_resource(user, bool(row["staff_only"]))


def matches(row: Mapping[str, Any], language: str = "", stage: str = "", tag: str = "") -> bool:
    """A resource passes the filters: in that language (or in none given), for that stage,
    with that tag."""
    languages = text.split(row["languages"])
    if language and languages and language not in languages:
        return False
    if stage and stage not in text.split(row["stages"]):
        return False
    return not (tag and tag.lower() not in text.split(row["tags"]))


def suits(row: Mapping[str, Any], languages: Sequence[str]) -> bool:
    """In one of the project's languages, or in any language when the resource names none."""
    codes = text.split(row["languages"])
    return not codes or any(code in codes for code in languages)


def suggestion_order(row: Mapping[str, Any], languages: Sequence[str]) -> tuple[bool, str]:
    """Those in the project's main language first, then by title."""
    main = languages[0] if languages else ""
    return main not in text.split(row["languages"]), row["title"]


# Files --------------------------------------------------------------------------------------


def accepted_names() -> str:
    return ", ".join(name for name, _ext in ACCEPTED.values())


def too_large(size: int, max_bytes: int) -> bool:
    return size > max_bytes


def limit_mb(max_bytes: int) -> str:
    """The size limit as staff read it: '2', '0.5' (megabytes)."""
    return f"{max_bytes / (1024 * 1024):g}"


def type_of_head(head: bytes) -> str | None:
    """The content type told by a file's first bytes; 'zip' for an archive to look into."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return "zip" if head.startswith(ZIP_MAGIC) else None


def office_type(names: set[str], mimetype: bytes | None) -> str | None:
    """ODT or DOCX from an archive's member names (and its 'mimetype' member), or None."""
    if mimetype is not None and mimetype.strip() == ODT.encode():
        return ODT
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    return None


def clean_filename(name: str, content_type: str) -> str:
    """A name safe to offer in a download: no path, no control characters, the right extension."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(c for c in base if c.isprintable() and c not in '"<>:|?*;')
    stem = os.path.splitext(base)[0].strip(" .")[:FILENAME_STEM_MAX] or "document"
    return stem + ACCEPTED[content_type][1]


def ascii_fallback(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._ -]+", "_", plain).strip() or "document"
