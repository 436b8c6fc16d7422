"""Who may see what, at the edges: a coordinator's own canteen passes every check, another's or
nobody's never does."""

from __future__ import annotations

import msgspec
import pytest

from canteen import access
from canteen.errors import Forbidden, NotFound


class User(msgspec.Struct, frozen=True):
    is_staff: bool
    canteen: int | None


STAFF = User(True, None)
COORD = User(False, 7)


def test_a_coordinator_reads_their_own_canteens_records() -> None:
    access.require_visible(COORD, 7)
    access.require_visible(STAFF, 8)
    access.require_canteen(STAFF, 8)
    with pytest.raises(NotFound):
        access.require_visible(None, 7)
    with pytest.raises(NotFound):
        access.require_visible(COORD, None)
    with pytest.raises(Forbidden):
        access.require_canteen(None, 7)


def test_a_coordinator_without_a_canteen_sees_no_canteen() -> None:
    lost = User(False, None)
    assert not access.can_see_canteen(lost, 7)
    assert not access.is_staff(lost) and not access.is_staff(None) and access.is_staff(STAFF)
    assert not access.can_see_project(COORD, 5, None)
    assert not access.can_see_resource(None, staff_only=False)
