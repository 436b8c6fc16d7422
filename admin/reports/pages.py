"""Reports pages: a canteen's dashboard (its coordinator, or staff) and the network's (staff).

Charts are PNG images rendered on the server, each followed by the table of its numbers and a
CSV link; the annual impact report is one click away. The figures come from
canteen.reports.services, the same functions the `canteen report` command uses.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import date
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, Router, get
from litestar.response import Redirect, Template

from admin.accounts.guards import current_user, requires_canteen_reader, requires_staff
from canteen import access, i18n
from canteen.errors import N_, NotFound
from canteen.reports import (
    cells,
    charts,
    exports,
    formatting,
    pdf,
    periods,
    rules,
    services,
    summary,
)
from canteen.reports.cells import ExportTable
from canteen.reports.errors import InvalidPeriod
from canteen.reports.rules import Period
from canteen.reports.schemas import Dashboard

CACHE_SECONDS = 60  # a page and its chart images ask for the same figures within seconds
CACHE_SIZE = 32
# Matplotlib shares font caches between threads: draw one chart at a time per process.
RENDER_LOCK = threading.Lock()
QUICK_PERIODS = (
    ("12m", N_("Last 12 months")),
    ("3m", N_("Last 3 months")),
    ("year", N_("This year")),
    ("last-year", N_("Last year")),
)
SECTIONS = (
    # (title, charts, table); a chart or table missing from this dashboard is left out
    (N_("Covers"), ("covers-per-week",), "covers-by-week"),
    (N_("Money"), ("takings-groceries", "average-cost"), "money-by-month"),
    (N_("How diners paid"), ("payment-methods",), "payment-methods"),
    (N_("Pay it forward"), ("pay-it-forward",), "pay-it-forward-by-month"),
    (N_("Welcome survey"), ("welcome-survey",), "welcome-survey"),
    (N_("First visits"), (), "first-visits"),
    (N_("Canteens"), (), "canteens"),
    (N_("Welcome survey per canteen"), (), "welcome-survey-by-canteen"),
    (N_("Forecast against actual"), ("forecast",), "forecast-by-week"),
    (N_("Volunteers and their hours"), ("volunteers",), "volunteers-by-month"),
)


def _period(request: Request[Any, Any, Any]) -> Period:
    quick = request.query_params.get("quick")
    today = periods.today()
    if quick == "3m":
        return periods.last_months(3, today)
    if quick == "year":
        return rules.make(date(today.year, 1, 1), today)
    if quick == "last-year":
        return rules.year(today.year - 1)
    return periods.parse(request.query_params.get("from"), request.query_params.get("to"))


async def _dashboard(
    request: Request[Any, Any, Any], period: Period, canteen_id: int | None
) -> Dashboard:
    """The dashboard's figures, kept a minute per worker (charts ask for them again)."""
    state = request.app.state
    cache: dict[Any, tuple[float, Dashboard]] = state.setdefault("report_cache", {})
    key = (canteen_id, period.start, period.end)
    hit = cache.get(key)
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    board = await services.dashboard(period, canteen_id)
    if len(cache) >= CACHE_SIZE:
        cache.pop(min(cache, key=lambda k: cache[k][0]))
    cache[key] = (time.monotonic(), board)
    return board


def _query(period: Period, **extra: Any) -> str:
    params = {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "lang": i18n.language(),
    }
    params |= {k: v for k, v in extra.items() if v is not None}
    return urlencode(params)


def _table_view(table: ExportTable, base: str, period: Period) -> dict[str, Any]:
    return {
        "name": table.name,
        "title": i18n.gettext(table.title),
        "columns": [i18n.gettext(c.title) for c in table.columns],
        "rows": [
            [
                {
                    "text": cells.html_cell(column, value),
                    "hidden": value is cells.HIDDEN,
                    "header": index == 0,
                }
                for index, (column, value) in enumerate(zip(table.columns, row, strict=True))
            ]
            for row in table.rows
        ],
        "csv": f"{base}csv/{table.name}.csv?{_query(period)}",
        "long": len(table.rows) > 14,
    }


def _sections(board: Dashboard, base: str) -> list[dict[str, Any]]:
    sections = []
    for title, names, table_name in SECTIONS:
        builder, shown = exports.TABLES[table_name]
        if not shown(board):
            continue
        figures = []
        for name in names:
            chart = charts.CHARTS[name]
            if not chart.shown(board):
                continue
            for currency in board.currencies if chart.per_currency else [None]:
                figures.append(
                    {
                        "src": f"{base}charts/{name}.png?{_query(board.period, currency=currency)}",
                        "alt": charts.alt_text(board, name, currency),
                    }
                )
        sections.append(
            {
                "id": table_name,
                "title": i18n.gettext(title),
                "figures": figures,
                "table": _table_view(builder(board), base, board.period),
            }
        )
    return sections


def _years() -> list[int]:
    this_year = periods.today().year
    return list(range(this_year, this_year - 6, -1))


async def _page(request: Request[Any, Any, Any], canteen_id: int | None, base: str) -> Template:
    period = _period(request)
    board = await _dashboard(request, period, canteen_id)
    staff = access.is_staff(await current_user(request))
    return Template(
        template_name="admin/reports/dashboard.html",
        context={
            "board": board,
            "canteen": board.canteen,
            "base": base,
            "period": period,
            "period_text": formatting.period(period.start, period.end),
            "quick": [(key, i18n.gettext(label)) for key, label in QUICK_PERIODS],
            "key_figures": summary.key_figures(board),
            "sections": _sections(board, base),
            "years": _years(),
            "default_year": services.default_year(),
            "canteens": board.canteens if canteen_id is None else [],
            "staff": staff,
        },
    )


async def _chart(
    request: Request[Any, Any, Any], canteen_id: int | None, name: str
) -> Response[bytes]:
    if not name.endswith(".png"):
        raise NotFound()
    board = await _dashboard(request, _period(request), canteen_id)
    currency = request.query_params.get("currency")

    def draw() -> bytes:
        with RENDER_LOCK:
            return charts.render(board, name.removesuffix(".png"), currency)

    data = await asyncio.to_thread(draw)
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


async def _csv(
    request: Request[Any, Any, Any], canteen_id: int | None, name: str, slug: str
) -> Response[bytes]:
    if not name.endswith(".csv"):
        raise NotFound()
    period = _period(request)
    board = await _dashboard(request, period, canteen_id)
    table = exports.table(board, name.removesuffix(".csv"))
    filename = f"{slug}-{table.name}-{period.start}-{period.end}.csv"
    return Response(
        cells.to_csv(table).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


async def _annual(
    request: Request[Any, Any, Any], canteen_id: int | None, slug: str
) -> Response[bytes]:
    try:
        year = int(request.query_params.get("year") or services.default_year())
    except ValueError:
        raise InvalidPeriod() from None
    report = await services.annual_report(year, canteen_id)

    def draw() -> bytes:
        with RENDER_LOCK:
            return pdf.render(report)

    data = await asyncio.to_thread(draw)
    filename = f"{i18n.gettext(cells.FILE_NAME)}-{year}-{slug}.pdf"
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


class ReportsHomeController(Controller):
    path = "/admin/reports"
    include_in_schema = False

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Redirect:
        """Staff go to the network, a coordinator to their canteen, others to sign in."""
        user = await current_user(request)
        if access.is_staff(user):
            return Redirect(path="/admin/reports/network/")
        if user is not None and user.canteen is not None:
            return Redirect(path=f"/admin/reports/canteen/{user.canteen}/")
        return Redirect(path="/admin/login")


class NetworkReportsController(Controller):
    path = "/admin/reports/network"
    guards = [requires_staff]
    include_in_schema = False

    @get("/")
    async def dashboard(self, request: Request[Any, Any, Any]) -> Template:
        return await _page(request, None, "/admin/reports/network/")

    @get("/charts/{name:str}")
    async def chart(self, request: Request[Any, Any, Any], name: str) -> Response[bytes]:
        return await _chart(request, None, name)

    @get("/csv/{name:str}")
    async def csv(self, request: Request[Any, Any, Any], name: str) -> Response[bytes]:
        return await _csv(request, None, name, "network")

    @get("/annual.pdf")
    async def annual(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        slug = request.query_params.get("canteen")
        if slug:
            canteen = await services.canteen_by_slug(slug[:80])
            return await _annual(request, canteen.id, canteen.slug)
        return await _annual(request, None, "network")


class CanteenReportsController(Controller):
    path = "/admin/reports/canteen/{canteen_id:int}"
    guards = [requires_canteen_reader]
    include_in_schema = False

    async def _slug(self, canteen_id: int) -> str:
        infos = await services.canteens()
        if canteen_id not in infos:
            raise NotFound()
        return infos[canteen_id].slug

    @get("/")
    async def dashboard(self, request: Request[Any, Any, Any], canteen_id: int) -> Template:
        return await _page(request, canteen_id, f"/admin/reports/canteen/{canteen_id}/")

    @get("/charts/{name:str}")
    async def chart(
        self, request: Request[Any, Any, Any], canteen_id: int, name: str
    ) -> Response[bytes]:
        return await _chart(request, canteen_id, name)

    @get("/csv/{name:str}")
    async def csv(
        self, request: Request[Any, Any, Any], canteen_id: int, name: str
    ) -> Response[bytes]:
        return await _csv(request, canteen_id, name, await self._slug(canteen_id))

    @get("/annual.pdf")
    async def annual(self, request: Request[Any, Any, Any], canteen_id: int) -> Response[bytes]:
        return await _annual(request, canteen_id, await self._slug(canteen_id))


reports_router = Router(
    path="/",
    route_handlers=[
        ReportsHomeController,
        NetworkReportsController,
        CanteenReportsController,
    ],
)
