"""Coordinator mode, after a shift: who came (everyone ticked by default), absences excused or
not, sign-ups waiting for a yes, "needs approval" for a volunteer, and certificates."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.response import Redirect, Template

from canteen import clock, i18n
from canteen.network.services import get_canteen
from canteen.volunteers import attendance, certificate, rules, shifts
from kiosk.auth import requires_coordinator, requires_device
from kiosk.volunteers.common import notify, page
from kiosk.volunteers.forms import Form

BASE = "/kiosk/coordinator/volunteers"


def attendance_from(form: dict[str, str]) -> tuple[set[int], dict[int, str]]:
    """The "who came?" form: came_<sign-up id> ticked, absence_<sign-up id> for the others."""
    came = {int(key[5:]) for key in form if key.startswith("came_") and key[5:].isdigit()}
    absences = {
        int(key[8:]): value
        for key, value in form.items()
        if key.startswith("absence_") and key[8:].isdigit() and value in rules.ABSENCES
    }
    return came, absences


class AttendanceController(Controller):
    path = BASE
    guards = [requires_device, requires_coordinator]
    include_in_schema = False

    async def _canteen(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return await get_canteen(int(request.state.device["canteen"]))

    @get("/shifts/{shift_id:int}/attendance")
    async def form(
        self, request: Request[Any, Any, Any], shift_id: int, saved: int = 0
    ) -> Template:
        canteen = await self._canteen(request)
        people = await attendance.attendees(canteen["id"], shift_id)
        shift = await shifts.shift_out(shift_id)
        started = rules.has_started((await shifts.get_shift(shift_id))["starts_at"], clock.now())
        return page(
            "coord_attendance",
            canteen=canteen,
            shift=shift,
            people=people,
            started=started,
            saved=bool(saved),
        )

    @post("/shifts/{shift_id:int}/attendance")
    async def record(
        self, request: Request[Any, Any, Any], shift_id: int, data: Form
    ) -> Response[Any]:
        canteen = await self._canteen(request)
        came, absences = attendance_from(data)
        await attendance.record_attendance(canteen["id"], shift_id, came, absences)
        return Redirect(path=f"{BASE}/shifts/{shift_id}/attendance?saved=1")

    @post("/people/{volunteer_id:int}/approval")
    async def approval(
        self, request: Request[Any, Any, Any], volunteer_id: int, data: Form
    ) -> Response[Any]:
        canteen = await self._canteen(request)
        value = data.get("needs_approval") == "yes"
        await attendance.set_needs_approval(canteen["id"], volunteer_id, value)
        return Redirect(path=f"{BASE}/people")

    @post("/pending/{sign_up_id:int}")
    async def decide(
        self, request: Request[Any, Any, Any], sign_up_id: int, data: Form
    ) -> Response[Any]:
        canteen = await self._canteen(request)
        yes = data.get("answer") == "yes"
        await notify(request, await attendance.decide(canteen["id"], sign_up_id, yes))
        return Redirect(path=f"{BASE}/")

    @get("/people/{volunteer_id:int}/certificate.pdf")
    async def certificate(
        self, request: Request[Any, Any, Any], volunteer_id: int
    ) -> Response[bytes]:
        canteen = await self._canteen(request)
        body = await certificate.certificate_for(canteen["id"], volunteer_id)
        return pdf_response(body, f"certificate-{volunteer_id}.pdf")


def pdf_response(body: bytes, filename: str) -> Response[bytes]:
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "cache-control": "no-store",
            "content-language": i18n.language(),
        },
    )


attendance_router = Router(path="/", route_handlers=[AttendanceController])
