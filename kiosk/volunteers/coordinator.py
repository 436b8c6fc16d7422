"""Coordinator mode's volunteer views: today's cooks, shifts short of hands, hours per month,
reminders to give by hand, the weekly pattern, one day's changes, and volunteers' data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from babel.dates import format_skeleton
from babel.numbers import format_decimal
from litestar import Controller, Request, Response, Router, get, post
from litestar.response import Redirect, Template

from canteen import clock, i18n
from canteen.errors import DomainError
from canteen.network.services import get_canteen
from canteen.volunteers import (
    attendance,
    cover,
    patterns,
    personal_data,
    reminders,
    reports,
    rules,
    shifts,
)
from canteen.web.requests import settings_of
from kiosk.auth import requires_coordinator, requires_device
from kiosk.volunteers.common import by_day, long_date, message, notify, page, weekday_names
from kiosk.volunteers.forms import Form, pattern_from, shift_add_from, shift_change_from

BASE = "/kiosk/coordinator/volunteers"
SHORT_DAYS = 14


def month_name(value: str) -> str:
    year, month = (int(part) for part in value.split("-"))
    return format_skeleton("yMMMM", date(year, month, 1), locale=i18n.language())


def hours(minutes: int) -> str:
    return format_decimal(round(minutes / 60, 1), format="#,##0.#", locale=i18n.language())


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


class CoordinatorVolunteersController(Controller):
    path = BASE
    guards = [requires_device, requires_coordinator]
    include_in_schema = False

    async def _canteen(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return await get_canteen(int(request.state.device["canteen"]))

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        canteen = await self._canteen(request)
        smtp = settings_of(request).smtp_configured
        months = await reports.hours_by_month(canteen["id"])
        return page(
            "coord_home",
            canteen=canteen,
            cooks=await reports.todays_cooks(canteen["id"]),
            short=by_day(await reports.short_of_hands(canteen["id"], SHORT_DAYS)),
            by_hand=await reminders.reminders_by_hand(canteen["id"], smtp),
            smtp=smtp,
            months=[(month_name(m.month), m.places, hours(m.minutes)) for m in months],
            today=clock.local_today(canteen["timezone"]).isoformat(),
            short_days=SHORT_DAYS,
            awaiting=await attendance.awaiting_attendance(canteen["id"]),
            alerts=await attendance.absence_alerts(canteen["id"]),
            pending=await attendance.pending(canteen["id"]),
            covers=await cover.open_covers(canteen["id"]),
        )

    @post("/generate")
    async def generate(self, request: Request[Any, Any, Any]) -> Response[Any]:
        canteen = await self._canteen(request)
        await patterns.generate_shifts(canteen["id"], rules.DEFAULT_WEEKS)
        return Redirect(path=f"{BASE}/")

    @post("/reminders/{sign_up_id:int}/done")
    async def reminded(self, request: Request[Any, Any, Any], sign_up_id: int) -> Response[Any]:
        canteen = await self._canteen(request)
        await reminders.mark_reminded(canteen["id"], sign_up_id)
        return Redirect(path=f"{BASE}/")

    # --- the weekly pattern ---

    @get("/pattern")
    async def pattern(self, request: Request[Any, Any, Any]) -> Template:
        return await self._pattern_page(request)

    async def _pattern_page(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        canteen = await self._canteen(request)
        return page(
            "coord_pattern",
            status,
            canteen=canteen,
            patterns=await patterns.list_patterns(canteen["id"]),
            weekdays=weekday_names(),
            kinds=rules.KINDS,
            error=error,
        )

    @post("/pattern")
    async def add_pattern(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        canteen = await self._canteen(request)
        try:
            await patterns.add_pattern(canteen["id"], pattern_from(data))
        except DomainError as error:
            return await self._pattern_page(request, error.status, message(error))
        return Redirect(path=f"{BASE}/pattern")

    @post("/pattern/{pattern_id:int}/remove")
    async def remove_pattern(
        self, request: Request[Any, Any, Any], pattern_id: int
    ) -> Response[Any]:
        canteen = await self._canteen(request)
        await patterns.remove_pattern(canteen["id"], pattern_id)
        return Redirect(path=f"{BASE}/pattern")

    # --- one day ---

    @get("/day")
    async def day(self, request: Request[Any, Any, Any], date: str = "") -> Template:
        return await self._day_page(request, date)

    async def _day_page(
        self,
        request: Request[Any, Any, Any],
        day_value: str,
        status: int = 200,
        error: str | None = None,
    ) -> Template:
        canteen = await self._canteen(request)
        today = clock.local_today(canteen["timezone"])
        try:
            day = date.fromisoformat(day_value) if day_value else today
        except ValueError:
            day = today
        day_shifts = await shifts.shifts_on(canteen["id"], day)
        now = clock.now()
        return page(
            "coord_day",
            status,
            canteen=canteen,
            day=day.isoformat(),
            day_words=long_date(day),
            previous=(day - timedelta(days=1)).isoformat(),
            next=(day + timedelta(days=1)).isoformat(),
            editable=day >= today,
            shifts=day_shifts,
            started={s.id for s in day_shifts if rules.has_started(_instant(s.starts_at), now)},
            late=await cover.late_cancellations(canteen["id"], day),
            covers={c.shift.id for c in await cover.open_covers(canteen["id"])},
            kinds=rules.KINDS,
            error=error,
        )

    @post("/day/{day:str}/add")
    async def add_shift(
        self, request: Request[Any, Any, Any], day: str, data: Form
    ) -> Response[Any]:
        canteen = await self._canteen(request)
        try:
            await shifts.add_shift(canteen["id"], shift_add_from(day, data))
        except DomainError as error:
            return await self._day_page(request, day[:10], error.status, message(error))
        return Redirect(path=f"{BASE}/day?date={day[:10]}")

    @post("/shifts/{shift_id:int}")
    async def change_shift(
        self, request: Request[Any, Any, Any], shift_id: int, data: Form
    ) -> Response[Any]:
        canteen = await self._canteen(request)
        shift = await shifts.own_shift(canteen["id"], shift_id)
        day = shift["date"].isoformat()
        try:
            change = shift_change_from(data)
            await notify(request, await shifts.change_shift(canteen["id"], shift_id, change))
        except DomainError as error:
            return await self._day_page(request, day, error.status, message(error))
        return Redirect(path=f"{BASE}/day?date={day}")

    @post("/shifts/{shift_id:int}/cancel")
    async def cancel_shift(self, request: Request[Any, Any, Any], shift_id: int) -> Response[Any]:
        canteen = await self._canteen(request)
        shift = await shifts.own_shift(canteen["id"], shift_id)
        day = shift["date"].isoformat()
        try:
            await shifts.cancel_shift(canteen["id"], shift_id)
        except DomainError as error:
            return await self._day_page(request, day, error.status, message(error))
        return Redirect(path=f"{BASE}/day?date={day}")

    # --- volunteers' personal data ---

    @get("/people")
    async def people(self, request: Request[Any, Any, Any], erased: int = 0) -> Template:
        canteen = await self._canteen(request)
        return page(
            "coord_people",
            canteen=canteen,
            people=await reports.list_volunteers(canteen["id"]),
            alerts={a.volunteer_id: a for a in await attendance.absence_alerts(canteen["id"])},
            erased=bool(erased),
        )

    @get("/people/{volunteer_id:int}/export")
    async def export(self, request: Request[Any, Any, Any], volunteer_id: int) -> Response[Any]:
        canteen = await self._canteen(request)
        data = await personal_data.export_volunteer(canteen["id"], volunteer_id)
        return Response(
            data,
            headers={
                "content-disposition": f'attachment; filename="volunteer-{volunteer_id}.json"',
                "cache-control": "no-store",
            },
        )

    @post("/people/{volunteer_id:int}/erase")
    async def erase(
        self, request: Request[Any, Any, Any], volunteer_id: int, data: Form
    ) -> Response[Any]:
        canteen = await self._canteen(request)
        if data.get("confirm") != "yes":
            return Redirect(path=f"{BASE}/people")
        await notify(request, await personal_data.erase_volunteer(canteen["id"], volunteer_id))
        return Redirect(path=f"{BASE}/people?erased=1")


coordinator_volunteers_router = Router(path="/", route_handlers=[CoordinatorVolunteersController])
