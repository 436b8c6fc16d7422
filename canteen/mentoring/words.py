"""A proposal explains itself in words, in the reader's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from babel import Locale
from babel.dates import format_timedelta
from babel.numbers import format_decimal

from canteen import i18n
from canteen.onboarding.rules import AREAS, MODELS, PREMISES


def language_name(code: str) -> str:
    """'French' in English, 'français' in French; the code itself when babel does not know it."""
    try:
        return Locale.parse(i18n.language()).languages.get(code, code)
    except (ValueError, TypeError):
        return code


def separator() -> str:
    """Between the parts of a list: the Arabic comma in Arabic."""
    return "، " if i18n.language() == "ar" else ", "


def explanation(details: dict[str, Any]) -> str:
    """'12 km away, both speak French, same kind of premises (community centre), …'."""
    _ = i18n.gettext
    parts = [_("{km} km away", km=format_decimal(details.get("km", 0), locale=i18n.language()))]
    languages = details.get("languages") or []
    if languages:
        names = separator().join(language_name(code) for code in languages)
        parts.append(_("both speak {languages}", languages=names))
    premises = PREMISES.get(str(details.get("premises")))
    if premises:
        parts.append(_("same kind of premises ({premises})", premises=_(premises)))
    area = AREAS.get(str(details.get("area")))
    if area:
        parts.append(_("both {area}", area=_(area)))
    model = MODELS.get(str(details.get("model")))
    if model:
        parts.append(_("same model ({model})", model=_(model)))
    if details.get("similar_size"):
        parts.append(
            _(
                "similar size ({project} and {mentor} covers)",
                project=details.get("project_covers", 0),
                mentor=details.get("mentor_covers", 0),
            )
        )
    # babel words the duration ("3 years", "7 mois", "3 سنوات") with each language's plurals.
    months = int(details.get("months", 0))
    duration = format_timedelta(
        timedelta(days=months * 30.44), granularity="month", threshold=1, locale=i18n.language()
    )
    parts.append(_("mentor running for {duration}", duration=duration))
    parts.append(
        _(
            "mentoring {load} of {capacity} projects now",
            load=details.get("load", 0),
            capacity=details.get("capacity", 0),
        )
    )
    return separator().join(parts)
