"""Covers expected at the tablet: the coordinator's page (overrides, marked days, accuracy)
and the cooks' read-only view. The shopping list for a day's covers is kiosk/recipes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from litestar import Controller, Request, Response, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from canteen import i18n
from canteen.errors import N_, DomainError, InvalidInput
from canteen.forecast import services as forecast
from canteen.forecast.schemas import CoversOutlook, MarkIn
from canteen.network import services as network
from canteen.web.forms import int_field
from kiosk.auth import requires_coordinator, requires_device

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
MARK_LABELS = {
    "closed": N_("Closed: no service"),
    "holiday": N_("Holiday"),
    "special": N_("Special day"),
    "strike": N_("Strike"),
    "change": N_("Expected change"),
}
MOVED = N_("{mark}: {covers} covers")
CHANGE_LABEL = N_("{covers} covers announced")


def _page(name: str, status_code: int = 200, **context: Any) -> Template:
    return Template(
        template_name=f"kiosk/forecast/{name}.html", context=context, status_code=status_code
    )


def message(error: DomainError) -> str:
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
            "moved": _moved(service.mark, service.mark_effect),
        }
        for service in outlook.services
    ]


def _signed(covers: int) -> str:
    return ("+" if covers > 0 else "−" if covers < 0 else "±") + format_decimal(
        abs(covers), locale=i18n.language()
    )


def _moved(mark: str | None, effect: int | None) -> str | None:
    """'Holiday: −12 covers': which mark moved the number, and by how much."""
    if not mark or mark == "closed" or effect is None:
        return None
    return i18n.gettext(MOVED, mark=i18n.gettext(MARK_LABELS[mark]), covers=_signed(effect))


async def device_canteen(request: Request[Any, Any, Any]) -> dict[str, Any]:
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
        canteen = await device_canteen(request)
        outlook = await forecast.covers_outlook(canteen["id"])
        return _page("cooks", canteen=canteen, outlook=outlook, rows=_rows(outlook))


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
        canteen = await device_canteen(request)
        outlook = await forecast.covers_outlook(canteen["id"])
        accuracy = await forecast.accuracy(canteen["id"])
        marks = [
            {
                "mark": mark,
                "label": day_label(mark.date),
                "kind": MARK_LABELS[mark.kind],
                "change": None
                if mark.change is None
                else i18n.gettext(CHANGE_LABEL, covers=_signed(mark.change)),
            }
            for mark in outlook.marked_days
        ]
        history = [{"row": row, "label": day_label(row.date, "EEE d MMM")} for row in accuracy.rows]
        return _page(
            "coordinator",
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
        canteen = await device_canteen(request)
        try:
            await forecast.set_override(
                canteen["id"], _form_day(data), int_field(data, "covers", None)
            )
        except DomainError as error:
            return await self._page(request, 422, message(error))
        return Redirect(path="/kiosk/coordinator/forecast")

    @post("/mark")
    async def mark(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        canteen = await device_canteen(request)
        kind = (data.get("kind") or "").strip()
        try:
            if kind and kind not in MARK_LABELS:
                raise InvalidInput()
            change = int_field(data, "change", None) if kind == "change" else None
            note = (data.get("note") or "").strip()[:200]
            mark = MarkIn(kind=kind or None, note=note, change=change)  # type: ignore[arg-type]
            await forecast.mark_day(canteen["id"], _form_day(data), mark)
        except DomainError as error:
            return await self._page(request, 422, message(error))
        return Redirect(path="/kiosk/coordinator/forecast")


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value, locale=i18n.language())


forecast_pages_router = Router(
    path="/",
    route_handlers=[CooksForecastController, CoordinatorForecastController],
)
