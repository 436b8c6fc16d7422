"""A canteen's tablet can neither write to nor read another canteen's service, whatever the
service function called: each refuses on its own, before any web layer, and changes nothing."""

from __future__ import annotations

import pytest

from canteen.meals import contributions, figures
from canteen.meals import errors as meal_errors
from canteen.meals import services as meals
from canteen.meals.schemas import CheckInIn, CloseIn, ContributionIn, SurveyResponseIn
from canteen.meals.tables import CheckIn, Contribution, MealService, SurveyAnswer, SurveyResponse
from tests.factories import client_id, make_canteen, open_today


async def two_canteens() -> tuple[int, int, int]:
    """Lyon's tablet, and Lille's open service with one diner and one contribution."""
    lyon = await make_canteen("lyon")
    lille = await make_canteen("lille")
    service = await open_today(lille)
    await meals.record_checkin(lille, service, CheckInIn(id=client_id(), party_size=2))
    await contributions.record_contribution(
        lille,
        service,
        ContributionIn(id=client_id(), amount_minor=300, currency="EUR", method="cash"),
    )
    return lyon, lille, service


async def unchanged(service: int) -> None:
    assert await CheckIn.count() == 1
    assert await Contribution.count() == 1
    assert await SurveyResponse.count() == 0
    assert await SurveyAnswer.count() == 0
    row = await MealService.select().where(MealService.id == service).first()
    assert row["status"] == "open" and row["counted_cash_minor"] is None
    assert (await figures.live_counts(service)).takings_minor == 300


async def test_checkins_for_another_canteen_are_refused(db: str) -> None:
    lyon, _lille, service = await two_canteens()
    with pytest.raises(meal_errors.WrongCanteen):
        await meals.record_checkin(lyon, service, CheckInIn(id=client_id(), party_size=3))
    await unchanged(service)


@pytest.mark.parametrize(
    ("method", "pay_forward"),
    [("cash", 0), ("card", 0), ("nothing", 0), ("cash", 1)],  # the fast path and the checked one
)
async def test_contributions_for_another_canteen_are_refused(
    db: str, method: str, pay_forward: int
) -> None:
    lyon, _lille, service = await two_canteens()
    amount = 0 if method == "nothing" else 500
    gift = ContributionIn(
        id=client_id(), amount_minor=amount, currency="EUR", method=method, pay_forward=pay_forward
    )
    with pytest.raises(meal_errors.WrongCanteen):
        await contributions.record_contribution(lyon, service, gift)
    await unchanged(service)


async def test_survey_answers_for_another_canteen_are_refused(db: str) -> None:
    lyon, _lille, service = await two_canteens()
    answers = SurveyResponseIn(id=client_id(), answers={"welcome": 4})
    with pytest.raises(meal_errors.WrongCanteen):
        await meals.record_survey_response(lyon, service, answers)
    await unchanged(service)


async def test_closing_another_canteens_service_is_refused(db: str) -> None:
    lyon, lille, service = await two_canteens()
    with pytest.raises(meal_errors.WrongCanteen):
        await meals.close_service(lyon, service, CloseIn(id=client_id(), counted_cash_minor=2300))
    await unchanged(service)
    closed = await meals.close_service(
        lille, service, CloseIn(id=client_id(), counted_cash_minor=2300)
    )
    assert closed.status == "closed"  # its own canteen still can


async def test_reading_another_canteens_service_is_refused(db: str) -> None:
    lyon, lille, service = await two_canteens()
    with pytest.raises(meal_errors.WrongCanteen):
        await meals.get_service(lyon, service)
    with pytest.raises(meal_errors.WrongCanteen):
        await figures.service_summary(lyon, service)
    assert (await meals.get_service(lille, service))["id"] == service
    assert (await figures.service_summary(lille, service)).takings_minor == 300
