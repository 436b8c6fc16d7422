"""Optional data sources: a dashboard section appears only when its source exists.

Volunteers' shifts and hours live in another domain. Its reports adapter is looked up by name,
so this domain imports nothing of it: a module exposing

    async def volunteer_figures(start: date, end: date, canteen_ids: list[int] | None)
        -> canteen.reports.schemas.VolunteerFigures

(computed in SQL: distinct volunteers and minutes signed up on shifts of closed services) makes
the "Volunteers and their hours" section, CSV and key figures appear. Until then they are hidden.
Forecast against actual needs no source: it uses the covers expected stored on each service.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from datetime import date

from canteen.reports.periods import Period
from canteen.reports.schemas import VolunteerFigures

VolunteerSource = Callable[[date, date, list[int] | None], Awaitable[VolunteerFigures | None]]
VOLUNTEER_SOURCE = "canteen.volunteers.reports:volunteer_figures"

_registered: dict[str, VolunteerSource | None] = {}


def register_volunteer_source(source: VolunteerSource | None) -> None:
    """Set a volunteers source explicitly (e.g. in tests); None goes back to discovery."""
    if source is None:
        _registered.pop("volunteers", None)
    else:
        _registered["volunteers"] = source


def _discover(path: str) -> VolunteerSource | None:
    module_name, _sep, name = path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    source = getattr(module, name, None)
    return source if callable(source) else None


def volunteer_source() -> VolunteerSource | None:
    if "volunteers" not in _registered:
        _registered["volunteers"] = _discover(VOLUNTEER_SOURCE)
    return _registered["volunteers"]


async def volunteer_figures(
    period: Period, canteen_ids: Sequence[int] | None
) -> VolunteerFigures | None:
    source = volunteer_source()
    if source is None:
        return None
    ids = None if canteen_ids is None else list(canteen_ids)
    return await source(period.start, period.end, ids)
