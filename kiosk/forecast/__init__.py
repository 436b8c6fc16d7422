"""Covers expected at the tablet: the cooks' and the coordinator's pages, and the JSON API."""

from kiosk.forecast.api import forecast_api_router
from kiosk.forecast.pages import forecast_pages_router

__all__ = ["forecast_api_router", "forecast_pages_router"]
