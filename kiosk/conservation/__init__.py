"""Conservation batches at the tablet: record, label with a QR code, use or discard, expiring."""

from kiosk.conservation.api import batches_api_router
from kiosk.conservation.pages import batches_pages_router

__all__ = ["batches_api_router", "batches_pages_router"]
