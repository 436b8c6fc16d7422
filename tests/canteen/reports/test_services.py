"""The numbers behind each chart, against figures computed by hand (see two_canteens)."""

from __future__ import annotations

from datetime import date
from typing import Any

from canteen.reports import rules, services
from canteen.reports.tables import ServiceRollup

SPRING = rules.make(date(2026, 3, 1), date(2026, 4, 30))


def _month(board: Any, month: date, currency: str) -> Any:
    return next(m for m in board.months if m.month == month and m.currency == currency)


async def test_network_covers_per_week_count_closed_services_only(
    two_canteens: dict[str, Any],
) -> None:
    board = await services.dashboard(SPRING)
    weeks = {w.week: w.covers for w in board.weeks}
    # 1 March 2026 is a Sunday: the period touches the week of Monday 23 February.
    assert min(weeks) == date(2026, 2, 23) and max(weeks) == date(2026, 4, 27)
    assert len(weeks) == 10
    assert weeks[date(2026, 3, 2)] == 7 + 4 + 5
    assert weeks[date(2026, 4, 6)] == 4  # the open service of 8 April is not counted
    assert sum(weeks.values()) == 20
    assert board.totals.covers == 20 and board.totals.services == 4


async def test_takings_against_groceries_per_month_stay_in_their_currency(
    two_canteens: dict[str, Any],
) -> None:
    board = await services.dashboard(SPRING)
    assert board.currencies == ["EUR", "CAD"]
    march = _month(board, date(2026, 3, 1), "EUR")
    assert (march.covers, march.takings_minor, march.groceries_minor) == (11, 2050, 16200)
    assert (march.pay_forward_given, march.pay_forward_used) == (1, 1)
    april = _month(board, date(2026, 4, 1), "EUR")
    assert (april.covers, april.takings_minor, april.groceries_minor) == (4, 800, 8000)
    cad = _month(board, date(2026, 3, 1), "CAD")
    assert (cad.covers, cad.takings_minor, cad.groceries_minor) == (5, 2000, 6000)
    assert _month(board, date(2026, 4, 1), "CAD").covers == 0
    eur = board.totals.money[0]
    assert (eur.currency, eur.takings_minor, eur.groceries_minor, eur.covers) == (
        "EUR",
        2850,
        24200,
        15,
    )


async def test_a_canteen_dashboard_has_its_own_figures_only(
    two_canteens: dict[str, Any],
) -> None:
    board = await services.dashboard(SPRING, two_canteens["lyon"])
    assert board.canteen is not None and board.canteen.slug == "lyon-croix-rousse"
    assert board.currencies == ["EUR"]
    assert board.totals.covers == 15 and board.totals.services == 3
    assert {w.week: w.covers for w in board.weeks if w.covers} == {
        date(2026, 3, 2): 11,
        date(2026, 4, 6): 4,
    }
    methods = {
        (m.method, m.currency): (m.contributions, m.amount_minor) for m in board.totals.methods
    }
    assert methods == {
        ("cash", "EUR"): (4, 2300),
        ("card", "EUR"): (1, 300),
        ("voucher", "EUR"): (1, 250),
        ("credit", "EUR"): (1, 0),
        ("nothing", "EUR"): (1, 0),
    }
    assert (board.totals.pay_forward_given, board.totals.pay_forward_used) == (1, 1)
    assert board.cities == 1 and board.neighbourhoods == 1


async def test_forecast_against_actual_uses_services_that_had_a_forecast(
    two_canteens: dict[str, Any],
) -> None:
    board = await services.dashboard(SPRING)
    assert board.has_forecast
    week = next(w for w in board.weeks if w.week == date(2026, 3, 2))
    # Lyon 2 March (40 expected, 7 came) and Montréal 3 March (10, 5); Lyon 4 March had none.
    assert (week.covers_expected, week.covers_forecast_actual) == (50, 12)
    assert week.forecast_services == 2
    assert (board.totals.covers_expected, board.totals.covers_forecast_actual) == (70, 16)


async def test_the_network_counts_canteens_cities_and_neighbourhoods(
    two_canteens: dict[str, Any],
) -> None:
    board = await services.dashboard(SPRING)
    assert [c.canteen.slug for c in board.canteens] == ["lyon-croix-rousse", "montreal-hochelaga"]
    assert (board.cities, board.neighbourhoods) == (2, 2)
    lyon = board.canteens[0].figures
    assert (lyon.covers, lyon.parties, lyon.contributions) == (15, 7, 8)


async def test_the_rollup_is_written_once_per_closed_service(
    two_canteens: dict[str, Any],
) -> None:
    await services.dashboard(SPRING)
    assert await ServiceRollup.count() == 4
    await services.dashboard(SPRING, two_canteens["lyon"])
    assert await ServiceRollup.count() == 4


async def test_a_period_cut_in_the_middle_of_months_counts_only_its_days(
    two_canteens: dict[str, Any],
) -> None:
    # Whole months come from the monthly rollup, the days around them from the daily one.
    board = await services.dashboard(rules.make(date(2026, 3, 3), date(2026, 4, 7)))
    assert board.totals.covers == 4 + 5 + 4  # not Lyon's 2 March
    assert board.totals.services == 3
    march = _month(board, date(2026, 3, 1), "EUR")
    assert (march.covers, march.takings_minor) == (4, 250)
    lyon = next(c for c in board.canteens if c.canteen.slug == "lyon-croix-rousse").figures
    assert lyon.survey == []  # the answers were given on 2 March


async def test_refreshing_twice_at_once_counts_each_service_once(
    two_canteens: dict[str, Any],
) -> None:
    import asyncio

    from canteen.reports import rollup
    from canteen.reports.tables import MonthRollup

    await asyncio.gather(rollup.refresh(SPRING), rollup.refresh(SPRING))
    march = (
        await MonthRollup.select(MonthRollup.covers, MonthRollup.services)
        .where(
            (MonthRollup.canteen == two_canteens["lyon"]) & (MonthRollup.month == date(2026, 3, 1))
        )
        .first()
    )
    assert march == {"covers": 11, "services": 2}
    board = await services.dashboard(SPRING)
    assert board.totals.covers == 20
