"""Reports' use cases: a dashboard's figures for a canteen or the network, the annual report.

Everything is summed in SQL over the rollups (refreshed first for the period): whole months from
the monthly one, the days of partial months and the weeks from the daily one. Only closed meal
services count: an open day's figures are not final. Diners' answers go through
canteen.reports.protect before anything leaves this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from canteen.errors import NotFound
from canteen.meals.rules import METHODS
from canteen.network.tables import Canteen, Network
from canteen.reports import periods, protect, queries, rollup, rules, volunteers
from canteen.reports.rules import Period
from canteen.reports.schemas import (
    AnnualReport,
    CanteenFigures,
    CanteenInfo,
    CanteenMonth,
    Dashboard,
    Figures,
    MethodTotal,
    MoneyTotal,
    MonthRow,
    WeekRow,
)

Progress = Callable[[int, int], None]


async def canteens() -> dict[int, CanteenInfo]:
    rows = await Canteen.select(
        Canteen.id,
        Canteen.slug,
        Canteen.name,
        Canteen.city,
        Canteen.neighbourhood,
        Canteen.currency,
    ).order_by(Canteen.name)
    return {row["id"]: CanteenInfo(**row) for row in rows}


async def canteen_by_slug(slug: str) -> CanteenInfo:
    for info in (await canteens()).values():
        if info.slug == slug:
            return info
    raise NotFound()


async def network_name() -> str:
    row = await Network.select(Network.name).order_by(Network.id).first()
    return str(row["name"]) if row else ""


def _figures(rows: Sequence[dict[str, Any]]) -> Figures:
    """Add up per-canteen sums (a few hundred rows at most); money stays per currency."""
    figures = Figures()
    money: dict[str, MoneyTotal] = {}
    methods: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        for name in ("services", "covers", "parties", "children", "contributions"):
            setattr(figures, name, getattr(figures, name) + row[name])
        figures.pay_forward_given += row["pay_forward_given"]
        figures.pay_forward_used += row["credit_n"]
        figures.forecast_services += row["forecast_services"]
        figures.covers_expected += row["covers_expected"]
        figures.covers_forecast_actual += row["covers_forecast_actual"]
        total = money.setdefault(row["currency"], MoneyTotal(currency=row["currency"]))
        total.services += row["services"]
        total.covers += row["covers"]
        total.contributions += row["contributions"]
        total.takings_minor += row["takings_minor"]
        total.groceries_minor += row["groceries_minor"]
        for method in METHODS:
            n = row[f"{method}_n"]
            amount = row.get(f"{method}_minor", 0)
            counted = methods.setdefault((method, row["currency"]), [0, 0])
            counted[0] += n
            counted[1] += amount
    figures.money = sorted(money.values(), key=lambda m: (-m.covers, m.currency))
    order = {currency: i for i, currency in enumerate(m.currency for m in figures.money)}
    figures.methods = [
        MethodTotal(method=method, currency=currency, contributions=n, amount_minor=amount)
        for (method, currency), (n, amount) in sorted(
            methods.items(), key=lambda item: (order[item[0][1]], METHODS.index(item[0][0]))
        )
    ]
    return figures


def _weeks(period: Period, rows: list[dict[str, Any]]) -> list[WeekRow]:
    """Every week of the period, with zeros where no service was closed."""
    found = {row["week"]: row for row in rows}
    empty = {k: 0 for k in ("services", "covers", "forecast_services")}
    empty |= {"covers_expected": 0, "covers_forecast_actual": 0}
    return [
        WeekRow(week=week, **{k: found.get(week, empty)[k] for k in empty})
        for week in rules.weeks(period)
    ]


def _months(period: Period, rows: list[dict[str, Any]], currencies: list[str]) -> list[MonthRow]:
    found = {
        (row["month"], row["currency"]): {**row, "pay_forward_used": row["credit_n"]}
        for row in rows
    }
    names = (
        "services",
        "covers",
        "contributions",
        "takings_minor",
        "groceries_minor",
        "pay_forward_given",
        "pay_forward_used",
    )
    return [
        MonthRow(
            month=month,
            currency=currency,
            **{name: found.get((month, currency), {}).get(name, 0) for name in names},
        )
        for currency in currencies
        for month in rules.months(period)
    ]


async def dashboard(
    period: Period, canteen_id: int | None = None, progress: Progress | None = None
) -> Dashboard:
    """The figures of one canteen (or of the network with None) over a period."""
    infos = await canteens()
    if canteen_id is not None and canteen_id not in infos:
        raise NotFound()
    scope = None if canteen_id is None else [canteen_id]
    # The whole network is rolled up: a canteen's answers are protected network-wide.
    await rollup.refresh(period, None, progress)
    network = await queries.sums(period, None, ("canteen", "currency"))
    mine = [row for row in network if scope is None or row["canteen"] in scope]
    first_visits = protect.first_visits(network)
    survey = protect.survey(await queries.survey_by_canteen(period, None))
    rows = []
    for row in mine:
        figures = _figures([row])
        figures.first_visits = first_visits[row["canteen"]]
        figures.survey = survey.get(row["canteen"], [])
        rows.append(CanteenFigures(canteen=infos[row["canteen"]], figures=figures))
    rows.sort(key=lambda item: item.canteen.name)
    totals = _figures(mine)
    key = protect.NETWORK if canteen_id is None else canteen_id
    totals.first_visits = first_visits.get(key, totals.first_visits)
    totals.survey = survey.get(key, [])
    currencies = [m.currency for m in totals.money]
    if canteen_id is not None and not currencies:
        currencies = [infos[canteen_id].currency]
    places = [infos[row["canteen"]] for row in mine]
    return Dashboard(
        period=period,
        network_name=await network_name(),
        canteen=None if canteen_id is None else infos[canteen_id],
        totals=totals,
        canteens=rows,
        cities=len({p.city for p in places}),
        neighbourhoods=len({(p.city, p.neighbourhood) for p in places if p.neighbourhood}),
        weeks=_weeks(period, await queries.by_week(period, scope)),
        months=_months(
            period, await queries.sums(period, scope, ("month", "currency")), currencies
        ),
        volunteers=await volunteers.for_period(period, scope),
    )


async def annual_report(
    year: int, canteen_id: int | None = None, progress: Progress | None = None
) -> AnnualReport:
    """The figures of the annual impact report: the year's dashboard and each canteen's months."""
    period = rules.report_year(year)
    board = await dashboard(period, canteen_id, progress)
    scope = None if canteen_id is None else [canteen_id]
    per_canteen = await queries.sums(period, scope, ("canteen", "month"))
    months = [
        CanteenMonth(
            canteen_id=row["canteen"],
            month=row["month"],
            services=row["services"],
            covers=row["covers"],
            takings_minor=row["takings_minor"],
            groceries_minor=row["groceries_minor"],
        )
        for row in per_canteen
    ]
    return AnnualReport(year=year, dashboard=board, canteen_months=months)


def default_year(today: date | None = None) -> int:
    """The year a report is usually asked for: the last full one until February, then this one."""
    return rules.default_year(today or periods.today())
