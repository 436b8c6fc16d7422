"""Conservation batches' pages: a cook records a batch and prints its label; the label's QR code
opens the batch on any phone (read only); the tablet records portions used or discarded; the
coordinator sees what expires in the next 2 days and sets the canteen's own keeping rules."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, get, post
from litestar.response import Redirect, Template

from canteen.conservation import rules
from canteen.conservation import services as conservation
from canteen.conservation.schemas import BatchIn, MoveIn
from canteen.errors import DomainError, InvalidInput
from canteen.recipes import services as recipes
from canteen.web.forms import client_id_from, int_field, new_client_id
from canteen.web.qr import qr_svg
from kiosk.auth import requires_coordinator, requires_device
from kiosk.forecast.pages import day_label, device_canteen, message
from kiosk.meals.common import Form
from kiosk.volunteers.common import base_url


def _page(name: str, status_code: int = 200, **context: Any) -> Template:
    return Template(
        template_name=f"kiosk/conservation/{name}.html",
        context={"methods": rules.METHODS, "day_label": day_label, **context},
        status_code=status_code,
    )


class BatchController(Controller):
    """At the tablet: record a batch, print its label, use or discard portions."""

    path = "/kiosk/batches"
    guards = [requires_device]
    include_in_schema = False

    @get("/new")
    async def new(self, request: Request[Any, Any, Any]) -> Template:
        return await self._new(request)

    async def _new(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        canteen = await device_canteen(request)
        return _page(
            "new",
            status,
            canteen=canteen,
            sheets=await recipes.list_recipes(canteen["network"]),
            days=await conservation.own_rules(canteen["id"]),
            defaults=rules.DEFAULTS,
            client_id=new_client_id(),
            error=error,
        )

    @post("/")
    async def record(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        canteen = await device_canteen(request)
        try:
            batch = await conservation.record_batch(
                canteen["id"],
                BatchIn(
                    id=client_id_from(data),
                    recipe=(data.get("recipe") or "")[:80],
                    dish=(data.get("dish") or "")[:200],
                    method=data.get("method") or "",  # type: ignore[arg-type]
                    portions=int_field(data, "portions", 0) or 0,
                    made=(data.get("made") or "")[:10],
                ),
            )
        except DomainError as error:
            return await self._new(request, error.status, message(error))
        return Redirect(path=f"/kiosk/batches/{batch.id}/label")

    @get("/{batch_id:str}/label")
    async def label(self, request: Request[Any, Any, Any], batch_id: str) -> Template:
        canteen = await device_canteen(request)
        batch = await conservation.get_batch(batch_id, canteen["id"])
        url = f"{base_url(request)}/batch/{batch.id}"
        return _page("label", canteen=canteen, batch=batch, url=url, qr=qr_svg(url))

    @get("/{batch_id:str}")
    async def view(self, request: Request[Any, Any, Any], batch_id: str) -> Template:
        return await self._view(request, batch_id)

    async def _view(
        self,
        request: Request[Any, Any, Any],
        batch_id: str,
        status: int = 200,
        error: str | None = None,
    ) -> Template:
        canteen = await device_canteen(request)
        batch = await conservation.get_batch(batch_id, canteen["id"])
        return _page(
            "batch",
            status,
            canteen=canteen,
            batch=batch,
            tablet=True,
            client_id=new_client_id(),
            error=error,
        )

    @post("/{batch_id:str}/move")
    async def move(
        self, request: Request[Any, Any, Any], batch_id: str, data: Form
    ) -> Response[Any]:
        canteen = await device_canteen(request)
        try:
            kind = data.get("kind") or ""
            if kind not in ("used", "discarded"):
                raise InvalidInput()
            await conservation.record_move(
                canteen["id"],
                batch_id,
                MoveIn(
                    id=client_id_from(data),
                    kind=kind,  # type: ignore[arg-type]
                    portions=int_field(data, "portions", 0) or 0,
                ),
            )
        except DomainError as error:
            return await self._view(request, batch_id, error.status, message(error))
        return Redirect(path=f"/kiosk/batches/{batch_id}")


class PublicBatchController(Controller):
    """What a batch label's QR code opens, on any phone: what, when, allergens, use-by."""

    path = "/batch"
    include_in_schema = False

    @get("/{batch_id:str}")
    async def view(self, batch_id: str) -> Template:
        batch = await conservation.get_batch(batch_id)
        return _page("batch", batch=batch, tablet=False)


class CoordinatorBatchesController(Controller):
    """What expires in the next 2 days, every batch with portions left, and the keeping rules."""

    path = "/kiosk/coordinator/batches"
    guards = [requires_device, requires_coordinator]
    include_in_schema = False

    @get("/")
    async def listing(self, request: Request[Any, Any, Any]) -> Template:
        return await self._listing(request)

    async def _listing(
        self, request: Request[Any, Any, Any], status: int = 200, error: str | None = None
    ) -> Template:
        canteen = await device_canteen(request)
        found = await conservation.batches(canteen["id"])
        return _page(
            "coordinator",
            status,
            canteen=canteen,
            expiring=[batch for batch in found if batch.expiring],
            batches=found,
            days=await conservation.own_rules(canteen["id"]),
            defaults=rules.DEFAULTS,
            error=error,
        )

    @post("/rules")
    async def set_rule(self, request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        canteen = await device_canteen(request)
        try:
            text = (data.get("days") or "").strip()
            days = int_field(data, "days", 0) if text else None
            await conservation.set_rule(canteen["id"], data.get("method") or "", days)
        except DomainError as error:
            return await self._listing(request, error.status, message(error))
        return Redirect(path="/kiosk/coordinator/batches")


batches_pages_router = Router(
    path="/",
    route_handlers=[BatchController, PublicBatchController, CoordinatorBatchesController],
)
