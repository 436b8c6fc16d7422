"""The staff side's toolbox: search, resources, uploads and downloads."""

from admin.toolbox.pages import toolbox_router

__all__ = ["toolbox_router"]
