"""Who may see or change what: the one home for it. Guards (web) and services both call these.

A user is whoever is signed in on the staff side: network staff (every canteen) or a canteen's
coordinator (their own canteen). Pure: the callers fetch what these decide on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from canteen.errors import N_, Forbidden, NotFound


class User(Protocol):
    @property
    def is_staff(self) -> bool: ...

    @property
    def canteen(self) -> int | None: ...


class StaffOnly(Forbidden):
    message = N_("Only network staff can do this.")


def is_staff(user: User | None) -> bool:
    return user is not None and user.is_staff


def require_staff(user: User | None) -> None:
    """Network staff only, or StaffOnly (403)."""
    if not is_staff(user):
        raise StaffOnly()


def can_see_canteen(user: User | None, canteen_id: int | None) -> bool:
    """Staff see every canteen; a coordinator sees their own."""
    if user is None or canteen_id is None:
        return False
    return user.is_staff or user.canteen == canteen_id


def require_canteen(user: User | None, canteen_id: int | None) -> None:
    """This canteen's coordinator or network staff, or Forbidden (403)."""
    if not can_see_canteen(user, canteen_id):
        raise Forbidden()


def require_visible(user: User | None, canteen_id: int | None) -> None:
    """Like require_canteen, but a record of another canteen is 'not found': its existence is
    not told."""
    if not can_see_canteen(user, canteen_id):
        raise NotFound()


def can_see_project(user: User | None, project_id: int, visible: Iterable[int] | None) -> bool:
    """Staff see every project; a coordinator the ones in `visible` (their canteen's mentees and
    the project their canteen came from, as the onboarding service lists them)."""
    if user is None:
        return False
    return user.is_staff or (visible is not None and project_id in set(visible))


def can_edit_project(user: User | None) -> bool:
    """Only network staff move or edit a canteen project; a mentor's coordinator reads it."""
    return is_staff(user)


def can_see_resource(user: User | None, staff_only: bool) -> bool:
    """A staff-only toolbox resource is hidden from coordinators."""
    return user is not None and (user.is_staff or not staff_only)
