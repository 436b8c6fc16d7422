"""The network on the staff side: the home page and each canteen's tablets and PIN."""

from admin.network.pages import network_router

__all__ = ["network_router"]
