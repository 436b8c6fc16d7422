"""Report fixtures."""

from __future__ import annotations

import pytest

from tests.canteen.reports import data


@pytest.fixture
async def two_canteens(db: str) -> dict[str, int]:
    """Lyon (EUR) and Montréal (CAD) with services in March and April 2026 (see data.py)."""
    return await data.two_canteens()
