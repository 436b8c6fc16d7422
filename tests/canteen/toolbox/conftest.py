"""Fixtures of the staff side (see tests/staff_factories.py)."""

from tests.staff_factories import cheap_passwords  # noqa: F401 - autouse fixture
