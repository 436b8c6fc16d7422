"""Histories of covers, written straight into the tables (fast), for the forecast tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from canteen.clock import local_today
from canteen.meals.tables import CheckIn, MealService


async def add_history(canteen_id: int, covers_by_day: dict[date, int]) -> None:
    """Closed meal services with their check-ins (parties of up to 4)."""
    for day, covers in sorted(covers_by_day.items()):
        rows = await MealService.insert(
            MealService(
                canteen=canteen_id,
                date=day,
                status="closed",
                opened_at=datetime.now(UTC),
                closed_at=datetime.now(UTC),
                client_id=f"history-{canteen_id}-{day.isoformat()}",
                body_hash="test",
            )
        ).returning(MealService.id)
        parties, left = [], covers
        while left > 0:
            size = min(4, left)
            parties.append(
                CheckIn(id=uuid.uuid4(), service=rows[0]["id"], party_size=size, body_hash="t")
            )
            left -= size
        if parties:
            await CheckIn.insert(*parties)


def weekly(
    weeks: int, pattern: dict[int, int], timezone: str = "Europe/Paris"
) -> Callable[[], dict[date, int]]:
    """A history of `weeks` weeks ending yesterday: covers by weekday (Monday = 0)."""

    def build() -> dict[date, int]:
        today = local_today(timezone)
        days = {}
        for offset in range(1, weeks * 7 + 1):
            day = today - timedelta(days=offset)
            if day.weekday() in pattern:
                days[day] = pattern[day.weekday()]
        return days

    return build
