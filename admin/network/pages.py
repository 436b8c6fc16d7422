"""The staff side's home, and one canteen's page: its tablets (pairing, withdrawing), its
coordinator PIN, its last meals and the projects it mentors."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, Router, get, post
from litestar.response import Redirect, Template

from admin.accounts.guards import requires_signed_in
from admin.common import AnyRequest, page, settings_of, user_of
from canteen import access
from canteen.access import StaffOnly
from canteen.meals.tables import MealService
from canteen.mentoring import queries as mentoring
from canteen.mentoring import visibility
from canteen.network import rules as network_rules
from canteen.network import services as network
from canteen.onboarding import services as onboarding
from canteen.web.qr import qr_svg


class HomeController(Controller):
    path = "/admin"
    guards = [requires_signed_in]
    include_in_schema = False

    @get("/")
    async def home(self, request: AnyRequest) -> Response[Any]:
        user = user_of(request)
        if not user.is_staff:
            return Redirect(path=f"/admin/canteens/{user.canteen}/")
        return page(
            "home",
            board=await onboarding.board_counts(),
            overdue=await visibility.overdue_projects(user),
            canteens=await network.list_canteens(),
            mentors=await mentoring.mentor_loads(),
        )


class CanteenController(Controller):
    """One canteen: its tablets, its coordinator PIN, its last meals, the projects it mentors."""

    path = "/admin/canteens/{canteen_id:int}"
    guards = [requires_signed_in]
    include_in_schema = False

    async def _canteen(self, request: AnyRequest, canteen_id: int) -> dict[str, Any]:
        if not access.can_see_canteen(user_of(request), canteen_id):
            raise StaffOnly()
        return await network.get_canteen(canteen_id)

    async def _page(
        self, request: AnyRequest, canteen_id: int, status: int = 200, **extra: Any
    ) -> Template:
        canteen = await self._canteen(request, canteen_id)
        services = (
            await MealService.select()
            .where(MealService.canteen == canteen_id)
            .order_by(MealService.date, ascending=False)
            .limit(10)
        )
        return page(
            "canteen",
            status,
            canteen=canteen,
            devices=await network.list_devices(canteen_id),
            services=services,
            mentor=await mentoring.get_mentor_for_canteen(canteen_id),
            mentorings=await mentoring.list_mentorings(user_of(request), canteen_id=canteen_id),
            project=await onboarding.project_of_canteen(canteen_id),
            **extra,
        )

    @get("/")
    async def show(self, request: AnyRequest, canteen_id: int) -> Template:
        return await self._page(request, canteen_id)

    @post("/pairing")
    async def new_pairing_code(self, request: AnyRequest, canteen_id: int) -> Template:
        await self._canteen(request, canteen_id)
        settings = settings_of(request)
        code, _expires_at = await network.create_pairing_code(
            canteen_id, settings.pairing_code_minutes
        )
        url = f"{str(request.base_url).rstrip('/')}/kiosk/pair?code={code}"
        pairing = {
            "code": code,
            "url": url,
            "qr": qr_svg(url),
            "minutes": settings.pairing_code_minutes,
        }
        return await self._page(request, canteen_id, pairing=pairing)

    @post("/devices/{device_id:int}/revoke")
    async def revoke(self, request: AnyRequest, canteen_id: int, device_id: int) -> Response[Any]:
        await self._canteen(request, canteen_id)
        await network.revoke_device(canteen_id, device_id)
        return Redirect(path=f"/admin/canteens/{canteen_id}/")

    @post("/pin")
    async def new_pin(self, request: AnyRequest, canteen_id: int) -> Template:
        """A new coordinator PIN for the tablet, shown once."""
        await self._canteen(request, canteen_id)
        pin = network_rules.new_pin()
        await network.set_coordinator_pin(canteen_id, pin)
        return await self._page(request, canteen_id, new_pin=pin)


network_router = Router(path="/", route_handlers=[HomeController, CanteenController])
