"""The staff side's canteen projects: board, list, overdue follow-ups, one project's page."""

from admin.onboarding.pages import onboarding_router

__all__ = ["onboarding_router"]
