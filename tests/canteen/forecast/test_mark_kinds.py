"""Each kind of mark the coordinator can set, through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from canteen.forecast import services as forecast
from canteen.forecast.errors import ChangeNeeded
from canteen.forecast.schemas import MarkIn
from canteen.forecast.tables import MarkedDay
from tests.canteen.forecast.conftest import add_history, weekly
from tests.factories import make_canteen

EVERY_DAY = {0: 40, 1: 40, 2: 40, 3: 40, 4: 40}


async def _canteen(history: dict[date, int] | None = None) -> tuple[int, date]:
    canteen = await make_canteen()
    await add_history(canteen, history or weekly(16, EVERY_DAY)())
    outlook = await forecast.covers_outlook(canteen)
    return canteen, date.fromisoformat(outlook.services[2].date)


def _on(outlook: forecast.CoversOutlook, day: date) -> forecast.ServiceForecast | None:
    return next((s for s in outlook.services if s.date == day.isoformat()), None)


async def test_a_closed_day_is_no_service(db: str) -> None:
    canteen, day = await _canteen()
    outlook = await forecast.mark_day(canteen, day, MarkIn(kind="closed"))
    assert _on(outlook, day) is None
    assert [m.kind for m in outlook.marked_days if m.date == day.isoformat()] == ["closed"]


@pytest.mark.parametrize("kind", ["holiday", "special", "strike"])
async def test_past_days_of_a_kind_teach_its_effect_and_the_page_says_so(
    db: str, kind: str
) -> None:
    history = weekly(16, EVERY_DAY)()
    marked = sorted(history)[30:36]
    for past in marked:
        history[past] = 16  # fewer than half the usual diners
    canteen, day = await _canteen(history)
    for past in marked:
        await forecast.mark_day(canteen, past, MarkIn(kind=kind))  # type: ignore[arg-type]
    usual = _on(await forecast.covers_outlook(canteen), day)
    assert usual is not None and usual.expected == 40 and usual.mark_effect is None
    outlook = await forecast.mark_day(canteen, day, MarkIn(kind=kind, note="x"))  # type: ignore[arg-type]
    found = _on(outlook, day)
    assert found is not None and found.mark == kind and found.expected is not None
    assert 14 <= found.expected <= 28
    assert found.mark_effect == found.expected - 40


async def test_an_expected_change_moves_the_number_by_its_covers(db: str) -> None:
    canteen, day = await _canteen()
    outlook = await forecast.mark_day(
        canteen, day, MarkIn(kind="change", change=-30, note="school trip")
    )
    found = _on(outlook, day)
    assert found is not None and found.mark == "change" and found.change == -30
    assert found.expected == 10 and found.mark_effect == -30
    assert found.note == "school trip"
    stored = await MarkedDay.select().where(MarkedDay.date == day).first()
    assert stored is not None and stored["covers_change"] == -30


@pytest.mark.parametrize("change", [None, 0, 10_001])
async def test_a_change_without_a_sensible_number_is_refused_and_changes_nothing(
    db: str, change: int | None
) -> None:
    canteen, day = await _canteen()
    with pytest.raises(ChangeNeeded):
        await forecast.mark_day(canteen, day, MarkIn(kind="change", change=change))
    assert await MarkedDay.count() == 0


async def test_another_kind_keeps_no_stale_change(db: str) -> None:
    canteen, day = await _canteen()
    await forecast.mark_day(canteen, day, MarkIn(kind="change", change=12))
    outlook = await forecast.mark_day(canteen, day, MarkIn(kind="special", change=12))
    found = _on(outlook, day)
    assert found is not None and found.change is None and found.mark == "special"
