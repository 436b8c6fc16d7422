"""Covers expected for a canteen's coming services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from canteen import i18n
from canteen.clock import local_today
from canteen.forecast import services as forecast
from canteen.forecast.schemas import MarkIn
from canteen.forecast.tables import CoversForecast
from canteen.meals import services as meals
from canteen.meals.schemas import CheckInIn, CloseIn
from canteen.network import services as network
from tests.canteen.forecast.conftest import add_history, weekly
from tests.factories import client_id, make_canteen, open_today

TUE_THU = {1: 24, 3: 48}


async def test_a_steady_history_gives_its_weekday_pattern_back(db: str) -> None:
    canteen = await make_canteen()
    await add_history(canteen, weekly(20, TUE_THU)())
    outlook = await forecast.covers_outlook(canteen)
    assert outlook.basis == "history" and not outlook.little_history
    assert outlook.message is None
    assert outlook.usual_weekdays == [1, 3]
    assert len(outlook.services) == forecast.SERVICES_AHEAD
    for service in outlook.services:
        day = date.fromisoformat(service.date)
        assert day.weekday() in (1, 3)
        assert service.expected == TUE_THU[day.weekday()]
        assert service.low is not None and service.high is not None
        assert service.low <= service.expected <= service.high
        assert service.covers_expected == service.expected


async def test_with_no_history_it_says_so_and_uses_the_covers_typed(db: str) -> None:
    canteen = await make_canteen()
    await open_today(canteen, covers_expected=35)
    token = i18n.current_language.set("fr")
    try:
        outlook = await forecast.covers_outlook(canteen)
    finally:
        i18n.current_language.reset(token)
    assert outlook.little_history and outlook.basis == "typed"
    today = outlook.services[0]
    assert today.date == outlook.today
    assert today.expected == 35 and today.low is not None and today.low < 35 < today.high
    assert outlook.message is not None and "historique" in outlook.message


async def test_a_brand_new_canteen_is_told_how_to_start(db: str) -> None:
    canteen = await make_canteen()
    outlook = await forecast.covers_outlook(canteen)
    assert outlook.services == [] and outlook.notice == "no_service_days"
    assert outlook.message


async def test_a_new_canteen_with_a_weekly_shift_pattern_gets_its_service_days(
    db: str,
) -> None:
    from canteen.volunteers import patterns
    from canteen.volunteers.schemas import PatternIn

    canteen = await make_canteen()
    for weekday, kind in ((0, "cooking"), (2, "service"), (4, "washing_up")):
        line = PatternIn(weekday=weekday, kind=kind, starts="9:00", ends="12:00", places=3)
        await patterns.add_pattern(canteen, line)
    outlook = await forecast.covers_outlook(canteen)
    # Washing up alone is no meal: Mondays and Wednesdays are the service days.
    assert outlook.usual_weekdays == [0, 2]
    assert outlook.services and outlook.notice != "no_service_days"
    assert {date.fromisoformat(s.date).weekday() for s in outlook.services} == {0, 2}


async def test_little_history_says_so_and_follows_its_own_first_services(db: str) -> None:
    network_id = await network.create_network("Réseau", "reseau")
    for n in range(3):  # running canteens: Fridays twice as busy as Mondays
        other = await make_canteen(slug=f"other-{n}", network=network_id)
        await add_history(other, weekly(16, {0: 20 + n, 4: 40 + 2 * n})())
    newcomer = await make_canteen(slug="newcomer", network=network_id)
    history = weekly(3, {0: 30, 4: 30})()
    first_monday = min(day for day in history if day.weekday() == 0)
    del history[first_monday]  # five services: Mondays and Fridays alike so far
    await add_history(newcomer, history)
    outlook = await forecast.covers_outlook(newcomer)
    assert outlook.little_history and outlook.basis == "little_history"
    assert outlook.history_services == len(history)
    assert str(len(history)) in (outlook.message or "")
    by_weekday = {date.fromisoformat(s.date).weekday(): s.expected for s in outlook.services}
    assert set(by_weekday) == {0, 4}
    # The network's shape is only a prior of the smoothed forecasters: the canteen's own five
    # services (Mondays and Fridays alike) are what the blend follows.
    assert set(by_weekday.values()) == {30}


async def test_the_override_is_kept_beside_the_forecast(db: str) -> None:
    canteen = await make_canteen()
    await add_history(canteen, weekly(10, TUE_THU)())
    coming = (await forecast.covers_outlook(canteen)).services[1]
    outlook = await forecast.set_override(canteen, date.fromisoformat(coming.date), 70)
    changed = next(s for s in outlook.services if s.date == coming.date)
    assert changed.override == 70 and changed.covers_expected == 70
    assert changed.expected == coming.expected
    day = date.fromisoformat(changed.date)
    row = await CoversForecast.select().where(CoversForecast.date == day).first()
    assert row is not None and (row["expected"], row["override"]) == (coming.expected, 70)
    cleared = await forecast.set_override(canteen, date.fromisoformat(coming.date), None)
    assert next(s for s in cleared.services if s.date == coming.date).override is None


async def test_bad_overrides_are_refused_and_change_nothing(db: str) -> None:
    canteen = await make_canteen()
    await add_history(canteen, weekly(10, TUE_THU)())
    outlook = await forecast.covers_outlook(canteen)
    coming = date.fromisoformat(outlook.services[0].date)
    with pytest.raises(forecast.CoversOutOfRange):
        await forecast.set_override(canteen, coming, -3)
    with pytest.raises(forecast.DayOutOfRange):
        await forecast.set_override(canteen, coming - timedelta(days=30), 20)
    assert await CoversForecast.count().where(CoversForecast.override.is_not_null()) == 0


async def test_the_actual_is_kept_after_the_service_closes(db: str) -> None:
    canteen = await make_canteen()
    today = local_today("Europe/Paris")
    await add_history(canteen, weekly(10, {today.weekday(): 30})())
    service_id = await open_today(canteen, covers_expected=None)
    outlook = await forecast.covers_outlook(canteen)
    assert outlook.services[0].date == today.isoformat()
    assert outlook.services[0].expected == 30
    for size in (4, 3, 2):
        await meals.record_checkin(canteen, service_id, CheckInIn(id=client_id(), party_size=size))
    await meals.close_service(canteen, service_id, CloseIn(id=client_id(), counted_cash_minor=0))
    await forecast.keep_actual(canteen, service_id)  # as the close handlers do
    row = await CoversForecast.select().where(CoversForecast.date == today).first()
    assert row is not None and (row["expected"], row["actual"]) == (30, 9)
    accuracy = await forecast.accuracy(canteen)
    assert accuracy.services == 1 and accuracy.rows[0].actual == 9
    assert accuracy.wape == pytest.approx(21 / 9)
    # Once closed, today is no longer a coming service and its row is never recomputed.
    after = await forecast.covers_outlook(canteen)
    assert all(s.date != today.isoformat() for s in after.services)


async def test_a_service_never_forecast_gets_one_from_the_days_before_it(db: str) -> None:
    canteen = await make_canteen()
    today = local_today("Europe/Paris")
    await add_history(canteen, weekly(8, {today.weekday(): 20})())
    service_id = await open_today(canteen)
    await meals.record_checkin(canteen, service_id, CheckInIn(id=client_id(), party_size=30))
    await meals.close_service(canteen, service_id, CloseIn(id=client_id(), counted_cash_minor=0))
    await forecast.keep_actual(canteen, service_id)  # as the close handlers do
    row = await CoversForecast.select().where(CoversForecast.date == today).first()
    assert row is not None and (row["expected"], row["actual"]) == (20, 30)


async def test_marked_days_shape_the_coming_services(db: str) -> None:
    canteen = await make_canteen()
    await add_history(canteen, weekly(12, TUE_THU)())
    outlook = await forecast.covers_outlook(canteen)
    first = date.fromisoformat(outlook.services[0].date)
    outlook = await forecast.mark_day(canteen, first, MarkIn(kind="closed", note="Travaux"))
    assert all(s.date != first.isoformat() for s in outlook.services)
    assert any(m.date == first.isoformat() and m.kind == "closed" for m in outlook.marked_days)
    saturday = first + timedelta(days=(5 - first.weekday()) % 7)
    outlook = await forecast.mark_day(canteen, saturday, MarkIn(kind="special", note="Fête"))
    special = next(s for s in outlook.services if s.date == saturday.isoformat())
    assert special.mark == "special" and special.note == "Fête"
    assert special.low is not None and special.high is not None
    assert special.high - special.low > 0  # no past day like it: a wider interval
    outlook = await forecast.mark_day(canteen, first, MarkIn(kind=None))
    assert outlook.services[0].date == first.isoformat()


async def test_past_holidays_teach_the_effect_of_coming_ones(db: str) -> None:
    canteen = await make_canteen()
    history = weekly(20, {1: 40, 3: 40})()
    holidays = sorted(history)[10:14]
    for day in holidays:
        history[day] = 20  # school holidays: half the diners
    await add_history(canteen, history)
    for day in holidays:
        await forecast.mark_day(canteen, day, MarkIn(kind="holiday"))
    outlook = await forecast.covers_outlook(canteen)
    usual = outlook.services[1]
    assert usual.expected == 40  # the holidays did not drag the level down
    outlook = await forecast.mark_day(
        canteen, date.fromisoformat(usual.date), MarkIn(kind="holiday")
    )
    holiday = next(s for s in outlook.services if s.date == usual.date)
    assert holiday.expected is not None and 20 <= holiday.expected < 32
