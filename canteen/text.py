"""Small text helpers shared by the domains: comma-separated lists as stored, and slugs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def split(value: str | None) -> list[str]:
    """The parts of a stored comma-separated list ('fr,en' → ['fr', 'en']), empty parts dropped."""
    return [part for part in (value or "").split(",") if part]


def join(values: Iterable[str]) -> str:
    """A comma-separated list to store, each value once, in the order first given."""
    return ",".join(dict.fromkeys(values))


def slugify(text: str, fallback: str = "canteen") -> str:
    """ASCII words joined by hyphens, at most 60 characters ('Cantine Léon' → 'cantine-leon')."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or fallback
