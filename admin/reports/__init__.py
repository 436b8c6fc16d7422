"""Reports on the staff side: a canteen's dashboard and the network's, CSV, charts, PDF."""

from admin.reports.pages import reports_router

__all__ = ["reports_router"]
