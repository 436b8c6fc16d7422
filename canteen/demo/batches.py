"""Demo conservation batches: what a canteen kept from recent meals (chilled, frozen, in jars),
some already partly served, one close to its use-by so the coordinator's list shows it."""

from __future__ import annotations

from datetime import timedelta

from canteen import clock
from canteen.conservation import services as conservation
from canteen.conservation.schemas import BatchIn, MoveIn
from canteen.network.tables import Canteen

# (recipe slug or typed dish, method, portions, made days ago, portions served since, allergens
# of a typed dish: a sheet brings its own)
BATCHES: list[tuple[str, str, int, int, int, list[str]]] = [
    ("soupe-potiron", "chilled", 14, 2, 0, []),  # use-by tomorrow: on the coordinator's list
    ("dhal-lentilles-corail", "frozen", 24, 20, 8, []),
    ("Compote de pommes", "pasteurised", 30, 3, 12, []),
    # The collective kitchens' long-keeping vegetable stock (Cuisines de Quartier, RDV #6).
    ("Bouillon de légumes", "canned", 40, 60, 10, ["celery"]),
]


async def seed_batches(canteens: int = 2) -> int:
    """A few batches in the first demo canteens; returns how many were recorded."""
    rows = await Canteen.select(Canteen.id, Canteen.slug, Canteen.timezone).order_by(Canteen.id)
    count = 0
    for canteen in rows[:canteens]:
        today = clock.local_today(canteen["timezone"])
        for number, (what, method, portions, ago, served, allergens) in enumerate(BATCHES):
            from_sheet = what.islower()  # slugs are lower case, typed dish names are not
            batch = await conservation.record_batch(
                canteen["id"],
                BatchIn(
                    id=f"demo-batch-{canteen['slug']}-{number}",
                    recipe=what if from_sheet else "",
                    dish="" if from_sheet else what,
                    method=method,  # type: ignore[arg-type]
                    portions=portions,
                    made=(today - timedelta(days=ago)).isoformat(),
                    allergens=allergens,
                ),
            )
            if served:
                await conservation.record_move(
                    canteen["id"],
                    batch.id,
                    MoveIn(
                        id=f"demo-move-{canteen['slug']}-{number}", kind="used", portions=served
                    ),
                )
            count += 1
    return count
