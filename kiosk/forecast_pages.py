"""Covers expected at the tablet: the coordinator's page (overrides, marked days, accuracy),
the cooks' read-only view, and the shopping list scaled to the covers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from babel.dates import format_date
from babel.numbers import format_percent
from litestar import Controller, Request, Response, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from canteen import i18n
from canteen.errors import N_, DomainError, InvalidInput
from canteen.forecast import services as forecast
from canteen.forecast.schemas import CoversOutlook, MarkIn
from canteen.network import services as network
from canteen.recipes import services as recipes
from canteen.web.forms import int_field
from kiosk.auth import requires_coordinator, requires_device

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
MARK_LABELS = {
    "closed": N_("Closed: no service"),
    "holiday": N_("Holiday"),
    "special": N_("Special day"),
}
UNIT_LABELS = {
    "kg": N_("kg"),
    "g": N_("g"),
    "l": N_("l"),
    "ml": N_("ml"),
    "piece": N_("pieces"),
    "bunch": N_("bunches"),
}


def _page(name: str, status_code: int = 200, **context: Any) -> Template:
    return Template(template_name=f"kiosk/{name}.html", context=context, status_code=status_code)


def _message(error: DomainError) -> str:
    return i18n.gettext(error.msgid, **error.params)


def day_label(day: date | str, pattern: str = "EEEE d MMMM") -> str:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return format_date(value, pattern, locale=i18n.language())


def _rows(outlook: CoversOutlook) -> list[dict[str, Any]]:
    return [
        {
            "service": service,
            "label": day_label(service.date),
            "today": service.date == outlook.today,
            "mark_label": MARK_LABELS.get(service.mark or ""),
        }
        for service in outlook.services
    ]


async def _canteen(request: Request[Any, Any, Any]) -> dict[str, Any]:
    return await network.get_canteen(int(request.state.device["canteen"]))


def _form_day(data: dict[str, str]) -> date:
    try:
        return date.fromisoformat((data.get("date") or "").strip()[:10])
    except ValueError:
        raise InvalidInput() from None


class CooksForecastController(Controller):
    """Read-only, for the cooks: how many to cook for at the coming services."""

    path = "/kiosk/forecast"
    guards = [requires_device]
    include_in_schema = False

    @get("/")
    async def show(self, request: Request[Any, Any, Any]) -> Template:
        canteen = await _canteen(request)
        outlook = await forecast.covers_outlook(canteen["id"])
        return _page("forecast_cooks", canteen=canteen, outlook=outlook, rows=_rows(outlook))


class CoordinatorForecastController(Controller):
    path = "/kiosk/coordinator/forecast"
    guards = [requires_device, requires_coordinator]
    include_in_schema = False

    @get("/")
    async def show(self, request: Request[Any, Any, Any]) -> Template:
        return await self._page(request)

    async def _page(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        canteen = await _canteen(request)
        outlook = await forecast.covers_outlook(canteen["id"])
        accuracy = await forecast.accuracy(canteen["id"])
        marks = [
            {"mark": mark, "label": day_label(mark.date), "kind": MARK_LABELS[mark.kind]}
            for mark in outlook.marked_days
        ]
        history = [{"row": row, "label": day_label(row.date, "EEE d MMM")} for row in accuracy.rows]
        return _page(
            "forecast_coordinator",
            status,
            canteen=canteen,
            outlook=outlook,
            rows=_rows(outlook),
            marks=marks,
            accuracy=accuracy,
            history=history,
            wape=_percent(accuracy.wape),
            inside=_percent(accuracy.inside_interval),
            kinds=MARK_LABELS,
            error=error,
        )

    @post("/override")
    async def override(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        canteen = await _canteen(request)
        try:
            await forecast.set_override(
                canteen["id"], _form_day(data), int_field(data, "covers", None)
            )
        except DomainError as error:
            return await self._page(request, 422, _message(error))
        return Redirect(path="/kiosk/coordinator/forecast")

    @post("/mark")
    async def mark(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        canteen = await _canteen(request)
        kind = (data.get("kind") or "").strip()
        try:
            if kind and kind not in MARK_LABELS:
                raise InvalidInput()
            mark = MarkIn(kind=kind or None, note=(data.get("note") or "").strip()[:200])  # type: ignore[arg-type]
            await forecast.mark_day(canteen["id"], _form_day(data), mark)
        except DomainError as error:
            return await self._page(request, 422, _message(error))
        return Redirect(path="/kiosk/coordinator/forecast")


class ShoppingListController(Controller):
    """Recipe sheets scaled to the covers expected, as a printable shopping list."""

    path = "/kiosk/coordinator/recipes"
    guards = [requires_device, requires_coordinator]
    include_in_schema = False

    @get("/")
    async def choose(
        self, request: Request[Any, Any, Any], covers: str = "", day: str = ""
    ) -> Template:
        canteen = await _canteen(request)
        return await self._choose(canteen, covers, day)

    async def _choose(
        self,
        canteen: dict[str, Any],
        covers: str,
        day: str,
        status: int = 200,
        error: str | None = None,
        chosen: list[str] | None = None,
    ) -> Template:
        sheets = await recipes.list_recipes(canteen["network"])
        return _page(
            "recipes_choose",
            status,
            canteen=canteen,
            sheets=sheets,
            covers=covers[:5],
            day=day[:10],
            day_label=_safe_label(day),
            chosen=chosen or [],
            error=error,
        )

    @get("/shopping-list")
    async def shopping_list(
        self,
        request: Request[Any, Any, Any],
        covers: str = "",
        day: str = "",
        recipe: list[str] | None = None,
    ) -> Template:
        canteen = await _canteen(request)
        chosen = [slug[:80] for slug in (recipe or [])][:12]
        try:
            count = int_field({"covers": covers}, "covers", 0) or 0
            found = await recipes.shopping_list(chosen, count, canteen["network"])
        except DomainError as error:
            return await self._choose(canteen, covers, day, 422, _message(error), chosen)
        lines = [
            {"line": line, "unit": UNIT_LABELS.get(line.amount_unit, line.amount_unit)}
            for line in found.lines
        ]
        return _page(
            "recipes_shopping",
            canteen=canteen,
            found=found,
            lines=lines,
            day_label=_safe_label(day),
            other_currency=found.currency != canteen["currency"],
        )


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, locale=i18n.language())


def _safe_label(day: str) -> str:
    try:
        return day_label(day[:10]) if day else ""
    except ValueError:
        return ""


forecast_pages_router = Router(
    path="/",
    route_handlers=[CooksForecastController, CoordinatorForecastController, ShoppingListController],
)
