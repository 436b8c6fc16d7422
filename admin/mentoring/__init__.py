"""The staff side's mentoring: mentors' offers, the match, mentoring relationships."""

from admin.mentoring.pages import mentoring_router

__all__ = ["mentoring_router"]
