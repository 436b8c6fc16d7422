"""Recipe sheets at the tablet: the shopping list scaled to the covers, page and JSON API."""

from kiosk.recipes.api import recipes_api_router
from kiosk.recipes.pages import recipes_pages_router

__all__ = ["recipes_api_router", "recipes_pages_router"]
