"""Test data built through the real services."""

from __future__ import annotations

import uuid

from canteen.meals import services as meals
from canteen.meals.schemas import ServiceOpenIn
from canteen.network import services as network


def client_id() -> str:
    return str(uuid.uuid4())


async def make_canteen(
    slug: str = "lyon-croix-rousse",
    currency: str = "EUR",
    timezone: str = "Europe/Paris",
    pin: str = "246810",
    max_contribution_minor: int = 5000,
    **fields: object,
) -> int:
    return await network.create_canteen(
        slug=slug,
        name=fields.pop("name", slug.replace("-", " ").title()),
        city=fields.pop("city", "Lyon"),
        currency=currency,
        timezone=timezone,
        max_contribution_minor=max_contribution_minor,
        pin=pin,
        **fields,
    )


async def open_today(canteen_id: int, groceries_minor: int = 11200, **fields: object) -> int:
    service = await meals.open_service(
        canteen_id,
        ServiceOpenIn(
            id=client_id(),
            menu=str(fields.get("menu", "Lentil dhal, rice, apple crumble")),
            groceries_minor=groceries_minor,
            covers_expected=fields.get("covers_expected", 40),  # type: ignore[arg-type]
            cash_float_minor=fields.get("cash_float_minor", 2000),  # type: ignore[arg-type]
        ),
    )
    return service.id
