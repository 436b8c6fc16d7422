"""Closing the day, for pages and API alike: the meal service, then the forecast's record.

The forecast builds on meals, so meals never calls it: the caller above both keeps the day's
forecast beside its actual covers once the service is closed (forecast.keep_actual is
idempotent: a replayed close keeps it again, harmlessly).
"""

from __future__ import annotations

import logging

from canteen.forecast.services import keep_actual
from canteen.meals import services as meals
from canteen.meals.schemas import CloseIn, ServiceSummary

log = logging.getLogger(__name__)


async def close_day(canteen_id: int, service_id: int, data: CloseIn) -> ServiceSummary:
    """Close the service with the cash counted, then keep the forecast and the actual.

    The close itself is done first: a failure of the forecast is logged, not shown, and the
    forecast catches up with the actual covers the next time it is computed.
    """
    summary = await meals.close_service(canteen_id, service_id, data)
    try:
        await keep_actual(canteen_id, service_id)
    except Exception:  # noqa: BLE001
        log.exception("Covers forecast not updated after closing")
    return summary
