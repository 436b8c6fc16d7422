"""Conservation batches on both databases: recorded once, allergens from the recipe sheet,
use-by from the method and the canteen's own rules, portions never taken twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from canteen.clock import local_today
from canteen.conservation import errors, services
from canteen.conservation.schemas import BatchIn, MoveIn
from canteen.conservation.tables import BatchMove, ConservationBatch
from canteen.demo.batches import seed_batches
from canteen.demo.recipes import load_recipe_sheets
from canteen.errors import IdempotencyConflict
from tests.factories import client_id, make_canteen


async def test_a_batch_takes_its_allergens_from_the_sheet_and_its_use_by_from_the_method(
    db: str,
) -> None:
    canteen = await make_canteen()
    await load_recipe_sheets(None)
    today = local_today("Europe/Paris")
    data = BatchIn(id=client_id(), recipe="soupe-potiron", method="chilled", portions=12)
    batch = await services.record_batch(canteen, data)
    assert batch.dish == "Soupe de potiron et pain" and batch.portions_left == 12
    assert batch.allergens == ["gluten", "milk", "celery"] and batch.traces == ["sesame"]
    assert batch.use_by == (today + timedelta(days=3)).isoformat()
    assert batch.expiring is False
    # The tablet retries after a wifi drop: the same batch, recorded once.
    assert await services.record_batch(canteen, data) == batch
    assert await ConservationBatch.count() == 1
    with pytest.raises(IdempotencyConflict):
        await services.record_batch(canteen, BatchIn(**{**_fields(data), "portions": 13}))
    frozen = await services.record_batch(
        canteen,
        BatchIn(id=client_id(), recipe="dhal-lentilles-corail", method="frozen", portions=8),
    )
    assert frozen.use_by == (today + timedelta(days=90)).isoformat()


def _fields(data: BatchIn) -> dict[str, object]:
    return {name: getattr(data, name) for name in data.__struct_fields__}


async def test_the_canteens_own_rule_sets_the_use_by_and_the_coordinator_sees_what_expires(
    db: str,
) -> None:
    canteen = await make_canteen()
    await services.set_rule(canteen, "chilled", 1)
    today = local_today("Europe/Paris")
    soon = await services.record_batch(
        canteen,
        BatchIn(
            id=client_id(), dish="Bouillon", method="chilled", portions=20, allergens=["celery"]
        ),
    )
    assert soon.use_by == (today + timedelta(days=1)).isoformat() and soon.expiring
    later = await services.record_batch(
        canteen, BatchIn(id=client_id(), dish="Bocaux de tomates", method="canned", portions=30)
    )
    assert [b.id for b in await services.batches(canteen, expiring_only=True)] == [soon.id]
    assert [b.id for b in await services.batches(canteen)] == [soon.id, later.id]
    await services.set_rule(canteen, "chilled", None)  # back to the default
    assert "chilled" not in await services.own_rules(canteen)


async def test_bad_batches_are_refused_and_change_nothing(db: str) -> None:
    canteen = await make_canteen()
    today = local_today("Europe/Paris")
    bad = [
        (errors.PortionsInvalid, {"portions": 0}),
        (errors.MadeDateInvalid, {"made": (today + timedelta(days=1)).isoformat()}),
        (errors.MadeDateInvalid, {"made": (today - timedelta(days=10)).isoformat()}),
        (errors.MadeDateInvalid, {"made": "soon"}),
    ]
    for error, change in bad:
        with pytest.raises(error):
            await services.record_batch(
                canteen,
                BatchIn(
                    **{
                        "id": client_id(),
                        "dish": "Soupe",
                        "method": "chilled",
                        "portions": 4,
                        **change,
                    }
                ),  # type: ignore[arg-type]
            )
    assert await ConservationBatch.count() == 0


async def test_portions_used_and_discarded_never_exceed_the_batch_even_at_once(db: str) -> None:
    canteen = await make_canteen()
    other = await make_canteen(slug="other")
    batch = await services.record_batch(
        canteen, BatchIn(id=client_id(), dish="Compote", method="pasteurised", portions=10)
    )
    used = MoveIn(id=client_id(), kind="used", portions=6)
    after = await services.record_move(canteen, batch.id, used)
    assert (after.portions_left, after.used) == (4, 6)
    assert await services.record_move(canteen, batch.id, used) == after  # a retry, once
    with pytest.raises(errors.BatchNotFound):
        await services.record_move(other, batch.id, MoveIn(id=client_id(), kind="used", portions=1))
    # Two tablets take 3 of the 4 last portions at the same moment: one of them is refused.
    outcomes = await asyncio.gather(
        *[
            services.record_move(
                canteen, batch.id, MoveIn(id=client_id(), kind="discarded", portions=3)
            )
            for _ in range(2)
        ],
        return_exceptions=True,
    )
    assert sum(isinstance(o, errors.NotEnoughPortions) for o in outcomes) == 1
    final = await services.get_batch(batch.id)
    assert (final.portions_left, final.discarded) == (1, 3)
    assert await BatchMove.count() == 2
    with pytest.raises(errors.BatchNotFound):
        await services.get_batch("not-a-batch")


async def test_the_demo_canteen_keeps_a_few_batches_one_of_them_expiring(db: str) -> None:
    canteen = await make_canteen()
    await load_recipe_sheets(None)
    assert await seed_batches(1) == 4
    assert [b.dish for b in await services.batches(canteen, expiring_only=True)] == [
        "Soupe de potiron et pain"
    ]
    stock = [b for b in await services.batches(canteen) if b.method == "canned"]
    assert stock[0].allergens == ["celery"] and stock[0].portions_left == 30
