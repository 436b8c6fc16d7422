"""GET /health: 200 when the database answers, 503 otherwise."""

from __future__ import annotations

from litestar import MediaType, Response, get
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from canteen import __version__, db


@get("/health", include_in_schema=False, media_type=MediaType.JSON)
async def health() -> Response[dict[str, str]]:
    """200 when the database answers."""
    try:
        await db.fetch("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure is 'not healthy'
        return Response({"status": "unavailable"}, status_code=HTTP_503_SERVICE_UNAVAILABLE)
    return Response({"status": "ok", "version": __version__})
