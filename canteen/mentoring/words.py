"""A proposal explains itself in words, in the reader's language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from babel import Locale
from babel.dates import format_timedelta
from babel.numbers import format_decimal

from canteen import i18n
from canteen.errors import N_
from canteen.onboarding.rules import AREAS, MODELS, PREMISES

# Why a mentor is not a project's mentor in a run (canteen/mentoring/tradeoffs.py).
OBSTACLES: dict[str, str] = {
    "language": N_("does not speak the main language"),
    "too_far": N_("further than the network's maximum distance"),
    "rejected": N_("rejected by staff for this project"),
    "full": N_("is full"),
    "taken": N_("its place went to another project"),
    "fit": N_("fits less well"),
}


def language_name(code: str) -> str:
    """'French' in English, 'français' in French; the code itself when babel does not know it."""
    try:
        return Locale.parse(i18n.language()).languages.get(code, code)
    except (ValueError, TypeError):
        return code


def separator() -> str:
    """Between the parts of a list: the Arabic comma in Arabic."""
    return "، " if i18n.language() == "ar" else ", "


def explanation(details: dict[str, Any], with_tradeoffs: bool = True) -> str:
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
    words = separator().join(parts)
    traded = tradeoff_words(details) if with_tradeoffs else []
    return "; ".join([words, *traded]) if traded else words


def _km(value: object) -> str:
    return format_decimal(int(str(value or 0)), locale=i18n.language())


def _mentor(item: dict[str, Any]) -> str:
    """'Cantine Bamako (Bamako, 213 km)'."""
    _ = i18n.gettext
    return _(
        "{name} ({city}, {km} km)",
        name=item.get("name", ""),
        city=item.get("city", ""),
        km=_km(item.get("km")),
    )


def _why(item: dict[str, Any]) -> str:
    return i18n.gettext(OBSTACLES.get(str(item.get("why")), OBSTACLES["fit"]))


def tradeoff_words(details: dict[str, Any]) -> list[str]:
    """What the proposal traded away: mentoring from abroad, closer mentors passed over."""
    _ = i18n.gettext
    found = []
    if details.get("far"):
        found.append(
            _(
                "mentoring from abroad: no mentor in the same country or within {km} km who "
                "speaks the main language has a free place",
                km=_km(details.get("nearby_km")),
            )
        )
    for item in details.get("closer") or []:
        found.append(_("a closer mentor, {mentor}: {why}", mentor=_mentor(item), why=_why(item)))
    return found


def near_miss_words(near: list[dict[str, Any]]) -> str:
    """The nearest mentors of a project left without one, and what ruled each out."""
    return "; ".join(f"{_mentor(item)}: {_why(item)}" for item in near)
