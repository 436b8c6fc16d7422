"""The rules of a meal service, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from canteen.errors import IdempotencyConflict
from canteen.meals import contributions, figures
from canteen.meals import errors as meal_errors
from canteen.meals import services as meals
from canteen.meals.schemas import CheckInIn, CloseIn, ContributionIn, SurveyResponseIn
from canteen.meals.tables import CheckIn, Contribution, SurveyResponse
from tests.factories import client_id, make_canteen, open_today


async def test_a_day_adds_up_to_the_cent(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen, groceries_minor=11200, cash_float_minor=2000)
    for size, first in [(1, True), (2, False), (3, None), (4, True)]:
        await meals.record_checkin(
            canteen, service, CheckInIn(id=client_id(), party_size=size, first_visit=first)
        )
    for amount, method in [
        (300, "cash"),
        (550, "card"),
        (0, "nothing"),
        (700, "voucher"),
        (1000, "cash"),
    ]:
        await contributions.record_contribution(
            canteen,
            service,
            ContributionIn(id=client_id(), amount_minor=amount, currency="EUR", method=method),
        )
    summary = await meals.close_service(
        canteen, service, CloseIn(id=client_id(), counted_cash_minor=3250)
    )
    assert summary.covers == 10
    assert summary.first_visits == 5
    assert summary.takings_minor == 2550
    assert summary.takings_by_method == {
        "cash": 1300,
        "card": 550,
        "voucher": 700,
        "credit": 0,
        "nothing": 0,
    }
    assert summary.average_contribution_minor == 255
    assert summary.cost_per_portion_minor == 1120
    assert summary.balance_minor == 2550 - 11200
    assert summary.expected_cash_minor == 3300
    assert summary.cash_gap_minor == -50
    assert summary.status == "closed"


async def test_a_retry_is_counted_once_and_a_changed_body_is_refused(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    contribution = ContributionIn(id=client_id(), amount_minor=250, currency="EUR", method="cash")
    first = await contributions.record_contribution(canteen, service, contribution)
    again = await contributions.record_contribution(canteen, service, contribution)
    assert again == first
    changed = ContributionIn(id=contribution.id, amount_minor=900, currency="EUR", method="cash")
    with pytest.raises(IdempotencyConflict):
        await contributions.record_contribution(canteen, service, changed)
    assert await Contribution.count() == 1
    assert (await figures.live_counts(service)).takings_minor == 250


async def test_concurrent_retries_of_one_record_make_one_row(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    checkin = CheckInIn(id=client_id(), party_size=2)
    results = await asyncio.gather(
        *[meals.record_checkin(canteen, service, checkin) for _ in range(8)]
    )
    assert len({r.id for r in results}) == 1
    assert await CheckIn.count() == 1


async def test_a_retry_after_closing_still_gets_its_first_answer(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    contribution = ContributionIn(id=client_id(), amount_minor=100, currency="EUR", method="cash")
    await contributions.record_contribution(canteen, service, contribution)
    await meals.close_service(canteen, service, CloseIn(id=client_id(), counted_cash_minor=2100))
    replay = await contributions.record_contribution(canteen, service, contribution)
    assert replay.amount_minor == 100
    with pytest.raises(meal_errors.ServiceNotOpen):
        await contributions.record_contribution(
            canteen,
            service,
            ContributionIn(id=client_id(), amount_minor=100, currency="EUR", method="cash"),
        )
    assert await Contribution.count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"amount_minor": -1}, meal_errors.AmountNegative),
        ({"amount_minor": 5001}, meal_errors.AmountOutOfRange),
        ({"currency": "CAD"}, meal_errors.WrongCurrency),
        ({"method": "nothing", "amount_minor": 200}, meal_errors.MethodAmountMismatch),
        ({"method": "credit", "amount_minor": 0}, meal_errors.NoCreditAvailable),
        (
            {"method": "nothing", "amount_minor": 0, "pay_forward": 1},
            meal_errors.PayForwardNeedsAmount,
        ),
    ],
)
async def test_bad_contributions_are_refused_and_change_nothing(
    db: str, fields: dict[str, object], error: type[Exception]
) -> None:
    canteen = await make_canteen(max_contribution_minor=5000)
    service = await open_today(canteen)
    body = {"id": client_id(), "amount_minor": 200, "currency": "EUR", "method": "cash", **fields}
    with pytest.raises(error):
        await contributions.record_contribution(canteen, service, ContributionIn(**body))  # type: ignore[arg-type]
    assert await Contribution.count() == 0
    assert await contributions.credits_available(canteen) == 0


async def test_paid_forward_meals_are_given_then_used_never_below_zero(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    await contributions.record_contribution(
        canteen,
        service,
        ContributionIn(
            id=client_id(), amount_minor=800, currency="EUR", method="card", pay_forward=2
        ),
    )
    assert await contributions.credits_available(canteen) == 2
    uses = [
        ContributionIn(id=client_id(), amount_minor=0, currency="EUR", method="credit")
        for _ in range(3)
    ]
    outcomes = await asyncio.gather(
        *[contributions.record_contribution(canteen, service, use) for use in uses],
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, meal_errors.NoCreditAvailable)]
    assert len(refused) == 1
    assert await contributions.credits_available(canteen) == 0
    summary = await figures.service_summary(canteen, service)
    assert (summary.pay_forward_given, summary.pay_forward_used) == (2, 2)


@pytest.mark.parametrize(("size", "children"), [(0, None), (31, None), (-2, None), (2, 3)])
async def test_absurd_party_sizes_are_refused(db: str, size: int, children: int | None) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    with pytest.raises((meal_errors.PartySizeInvalid, meal_errors.ChildrenInvalid)):
        await meals.record_checkin(
            canteen, service, CheckInIn(id=client_id(), party_size=size, children=children)
        )
    assert await CheckIn.count() == 0


async def test_a_tablet_cannot_write_to_another_canteens_service(db: str) -> None:
    lyon = await make_canteen("lyon")
    lille = await make_canteen("lille")
    lille_service = await open_today(lille)
    with pytest.raises(meal_errors.WrongCanteen):
        await meals.record_checkin(lyon, lille_service, CheckInIn(id=client_id(), party_size=1))
    assert await CheckIn.count() == 0


async def test_survey_answers_are_kept_anonymously_and_checked(db: str) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    response = await meals.record_survey_response(
        canteen,
        service,
        SurveyResponseIn(id=client_id(), answers={"welcome": 4, "met_someone": 3}),
    )
    assert response.answers == {"welcome": 4, "met_someone": 3}
    with pytest.raises(meal_errors.UnknownQuestion):
        await meals.record_survey_response(
            canteen, service, SurveyResponseIn(id=client_id(), answers={"your_name": 2})
        )
    with pytest.raises(meal_errors.EmptySurvey):
        await meals.record_survey_response(
            canteen, service, SurveyResponseIn(id=client_id(), answers={})
        )
    assert await SurveyResponse.count() == 1


async def test_one_service_a_day_and_closing_twice_is_refused(db: str) -> None:
    canteen = await make_canteen()
    first = await open_today(canteen)
    second = await open_today(canteen)
    assert first == second
    close = CloseIn(id=client_id(), counted_cash_minor=2000)
    summary = await meals.close_service(canteen, first, close)
    assert await meals.close_service(canteen, first, close) == summary
    with pytest.raises(meal_errors.ServiceAlreadyClosed):
        await meals.close_service(canteen, first, CloseIn(id=client_id(), counted_cash_minor=1))
    with pytest.raises(meal_errors.ServiceAlreadyClosed):
        await open_today(canteen)


async def test_zero_decimal_currency_is_exact(db: str) -> None:
    canteen = await make_canteen(
        "bamako", currency="XOF", timezone="Africa/Bamako", max_contribution_minor=5000
    )
    service = await open_today(
        canteen, groceries_minor=30000, cash_float_minor=0, covers_expected=None
    )
    await meals.record_checkin(canteen, service, CheckInIn(id=client_id(), party_size=3))
    await contributions.record_contribution(
        canteen,
        service,
        ContributionIn(id=client_id(), amount_minor=1000, currency="XOF", method="cash"),
    )
    summary = await figures.service_summary(canteen, service)
    assert summary.cost_per_portion_minor == 10000
    assert summary.average_contribution_minor == 333
