"""The JSON API for conservation batches: the same services as the pages, client ids included
(a retry with the same id and body gets the first answer)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Router, get, post

from canteen.conservation import services as conservation
from canteen.conservation.schemas import BatchIn, BatchOut, MoveIn
from kiosk.auth import requires_coordinator, requires_device
from kiosk.forecast.api import device_canteen_id


class BatchesController(Controller):
    path = "/batches"
    guards = [requires_device]
    tags = ["conservation"]

    @post("/")
    async def record(self, request: Request[Any, Any, Any], data: BatchIn) -> BatchOut:
        """A cook records food kept for later; the answer carries its use-by."""
        return await conservation.record_batch(device_canteen_id(request), data)

    @post("/{batch_id:str}/moves")
    async def move(self, request: Request[Any, Any, Any], batch_id: str, data: MoveIn) -> BatchOut:
        """Portions used or discarded, never more than are left."""
        return await conservation.record_move(device_canteen_id(request), batch_id, data)

    @get("/", guards=[requires_coordinator])
    async def listing(
        self, request: Request[Any, Any, Any], expiring: bool = False
    ) -> list[BatchOut]:
        """Batches with portions left, soonest use-by first; `expiring`: within 2 days."""
        return await conservation.batches(device_canteen_id(request), expiring_only=expiring)


batches_api_router = Router(path="/api/v1", route_handlers=[BatchesController])
