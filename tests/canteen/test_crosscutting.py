"""The cross-cutting homes: clock, access, idempotency's pure parts, geo. No database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec
import pytest

from canteen import access, clock, geo, idempotency
from canteen.errors import Forbidden, IdempotencyConflict, NotFound


class User(msgspec.Struct, frozen=True):
    is_staff: bool
    canteen: int | None


STAFF = User(True, None)
COORD = User(False, 7)


def test_a_canteens_today_is_its_own_local_date_not_the_servers() -> None:
    late_evening_utc = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
    with clock.freeze(late_evening_utc):
        assert clock.local_today("Europe/Paris") == date(2026, 12, 8)
        assert clock.local_today("America/Lima") == date(2026, 12, 7)
        assert clock.utc_today() == date(2026, 12, 7)
        assert clock.now() == late_evening_utc
    assert clock.now().tzinfo is not None


def test_staff_see_every_canteen_a_coordinator_only_theirs() -> None:
    assert access.can_see_canteen(STAFF, 3)
    assert access.can_see_canteen(COORD, 7)
    assert not access.can_see_canteen(COORD, 8)
    assert not access.can_see_canteen(None, 7)
    assert not access.can_see_canteen(COORD, None)
    with pytest.raises(Forbidden):
        access.require_canteen(COORD, 8)
    with pytest.raises(NotFound):
        access.require_visible(COORD, 8)
    access.require_canteen(COORD, 7)


def test_only_staff_pass_the_staff_check() -> None:
    access.require_staff(STAFF)
    with pytest.raises(access.StaffOnly):
        access.require_staff(COORD)
    with pytest.raises(access.StaffOnly):
        access.require_staff(None)
    assert access.can_edit_project(STAFF) and not access.can_edit_project(COORD)


def test_projects_and_resources_follow_what_a_coordinator_may_see() -> None:
    assert access.can_see_project(STAFF, 5, None)
    assert access.can_see_project(COORD, 5, [4, 5])
    assert not access.can_see_project(COORD, 6, [4, 5])
    assert not access.can_see_project(None, 5, [5])
    assert access.can_see_resource(COORD, staff_only=False)
    assert not access.can_see_resource(COORD, staff_only=True)
    assert access.can_see_resource(STAFF, staff_only=True)


class Body(msgspec.Struct):
    id: str
    amount: int


def test_a_retry_has_the_same_fingerprint_another_body_or_scope_does_not() -> None:
    first = idempotency.body_hash(1, Body("a", 300))
    assert idempotency.body_hash(1, Body("b", 300)) == first  # the id is not the body
    assert idempotency.body_hash(1, Body("a", 301)) != first
    assert idempotency.body_hash(2, Body("a", 300)) != first
    idempotency.check_replay(first, first)
    with pytest.raises(IdempotencyConflict):
        idempotency.check_replay(first, idempotency.body_hash(1, Body("a", 301)))


def test_client_ids_fold_into_stable_uuids() -> None:
    raw = "2b1c7a52-4f11-4a0e-9d5e-3c2b1a0f9e8d"
    assert str(idempotency.record_uuid(raw)) == raw
    assert idempotency.record_uuid("tab-1") == idempotency.record_uuid("tab-1")
    assert idempotency.record_uuid("tab-1") != idempotency.record_uuid("tab-2")


def test_distances_are_great_circle_kilometres() -> None:
    lyon, paris = (45.764, 4.8357), (48.8566, 2.3522)
    assert geo.distance_km(*lyon, *paris) == pytest.approx(392, abs=3)
    lima, arequipa = (-12.0464, -77.0428), (-16.409, -71.5375)
    assert geo.distance_km(*lima, *arequipa) == pytest.approx(765, abs=25)
    grid = geo.distances_km([lyon[0], lima[0]], [lyon[1], lima[1]], [paris[0]], [paris[1]])
    assert grid.shape == (2, 1)
    assert grid[0, 0] == pytest.approx(geo.distance_km(*lyon, *paris))
    assert geo.distance_km(*lyon, *lyon) == 0
