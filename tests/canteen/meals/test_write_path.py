"""The contribution's fast path keeps every rule: exactly once, and nothing after closing."""

from __future__ import annotations

import asyncio

import pytest

from canteen.errors import IdempotencyConflict, NotFound
from canteen.meals import contributions, figures, schemas
from canteen.meals import errors as meal_errors
from canteen.meals import services as meals
from canteen.meals.schemas import CloseIn, ContributionIn
from canteen.meals.tables import Contribution
from tests.factories import client_id, make_canteen, open_today


def cash(amount: int = 300, **fields: object) -> ContributionIn:
    return ContributionIn(
        id=client_id(), amount_minor=amount, currency="EUR", method="cash", **fields
    )  # type: ignore[arg-type]


async def test_concurrent_replays_of_a_contribution_make_one_row_and_one_answer(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    contribution = cash(450)
    answers = await asyncio.gather(
        *[contributions.record_contribution(canteen, service, contribution) for _ in range(10)]
    )
    assert {answer.id for answer in answers} == {contribution.id}
    assert {answer.amount_minor for answer in answers} == {450}
    assert await Contribution.count() == 1
    changed = ContributionIn(id=contribution.id, amount_minor=451, currency="EUR", method="cash")
    with pytest.raises(IdempotencyConflict):
        await contributions.record_contribution(canteen, service, changed)


async def test_contributions_racing_the_close_are_all_counted_or_refused(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen, cash_float_minor=0)
    attempts = [contributions.record_contribution(canteen, service, cash(100)) for _ in range(20)]
    close = meals.close_service(canteen, service, CloseIn(id=client_id(), counted_cash_minor=0))
    outcomes = await asyncio.gather(*attempts[:10], close, *attempts[10:], return_exceptions=True)
    summary = outcomes[10]
    assert isinstance(summary, schemas.ServiceSummary)
    recorded = [o for o in outcomes if isinstance(o, schemas.ContributionOut)]
    refused = [o for o in outcomes if isinstance(o, meal_errors.ServiceNotOpen)]
    assert len(recorded) + len(refused) == 20
    # What the tablet was told was recorded is in the day's figures; nothing came in after.
    assert summary.contributions == len(recorded)
    assert summary.takings_minor == 100 * len(recorded)
    assert await Contribution.count() == len(recorded)
    assert (await figures.service_summary(canteen, service)).takings_minor == summary.takings_minor


async def test_a_lower_case_currency_is_recorded_as_the_canteens(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    answer = await contributions.record_contribution(
        canteen,
        service,
        ContributionIn(id=client_id(), amount_minor=200, currency="eur", method="card"),
    )
    assert answer.currency == "EUR"
    assert (await figures.live_counts(service)).takings_minor == 200


async def test_the_fast_path_refuses_what_the_rules_refuse(db: str) -> None:
    canteen = await make_canteen(max_contribution_minor=5000)
    other = await make_canteen("lille")
    service = await open_today(canteen)
    with pytest.raises(meal_errors.AmountOutOfRange):
        await contributions.record_contribution(canteen, service, cash(5001))
    with pytest.raises(meal_errors.WrongCurrency):
        await contributions.record_contribution(
            canteen,
            service,
            ContributionIn(id=client_id(), amount_minor=100, currency="CAD", method="cash"),
        )
    with pytest.raises(meal_errors.WrongCanteen):
        await contributions.record_contribution(other, service, cash(100))
    with pytest.raises(NotFound):
        await contributions.record_contribution(canteen, service + 1000, cash(100))
    assert await Contribution.count() == 0
    assert (
        await contributions.record_contribution(canteen, service, cash(5000))
    ).amount_minor == 5000
