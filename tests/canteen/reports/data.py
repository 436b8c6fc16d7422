"""Report test data: meal services on past dates, recorded through the real services."""

from __future__ import annotations

from datetime import UTC, date, datetime

from canteen.meals import services as meals
from canteen.meals.contributions import record_contribution
from canteen.meals.schemas import CheckInIn, CloseIn, ContributionIn, SurveyResponseIn
from canteen.meals.tables import MealService
from canteen.network.services import get_canteen
from tests.factories import client_id, make_canteen


async def past_service(
    canteen_id: int,
    day: date,
    *,
    groceries_minor: int = 0,
    covers_expected: int | None = None,
    parties: list[tuple[int, bool | None]] = (),  # type: ignore[assignment]
    contributions: list[tuple[int, str, int]] = (),  # type: ignore[assignment]
    surveys: list[dict[str, int]] = (),  # type: ignore[assignment]
    close: bool = True,
) -> int:
    """A service on a past date: opened as if that day, filled and closed by the real services."""
    canteen = await get_canteen(canteen_id)
    rows = await MealService.insert(
        MealService(
            canteen=canteen_id,
            date=day,
            groceries_minor=groceries_minor,
            covers_expected=covers_expected,
            status="open",
            opened_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
            client_id=client_id(),
        )
    ).returning(MealService.id)
    service_id = int(rows[0]["id"])
    for size, first_visit in parties:
        await meals.record_checkin(
            canteen_id,
            service_id,
            CheckInIn(id=client_id(), party_size=size, first_visit=first_visit),
        )
    for amount, method, forward in contributions:
        await record_contribution(
            canteen_id,
            service_id,
            ContributionIn(
                id=client_id(),
                amount_minor=amount,
                currency=canteen["currency"],
                method=method,  # type: ignore[arg-type]
                pay_forward=forward,
            ),
        )
    for answers in surveys:
        await meals.record_survey_response(
            canteen_id, service_id, SurveyResponseIn(id=client_id(), answers=answers)
        )
    if close:
        closing = CloseIn(id=client_id(), counted_cash_minor=0)
        await meals.close_service(canteen_id, service_id, closing)
    return service_id


def answers(question: str, values: list[int]) -> list[dict[str, int]]:
    return [{question: value} for value in values]


async def two_canteens() -> dict[str, int]:
    """Lyon (EUR) and Montréal (CAD) with a few services in March and April 2026, by hand.

    Lyon, 2 March: 4 parties (2 first visit, 1 returning, 3 unknown, 1 first) = 7 covers;
      cash 5.00, card 3.00, nothing, cash 10.00 paying one meal forward; groceries 112.00,
      40 expected.
      Welcome survey: "felt welcome" 7 × very much, 3 × yes, 2 × a little (12 answers);
      "met someone new" 5 of each of the four answers (20).
    Lyon, 4 March: 1 returning party of 4; a paid-forward meal used, a voucher of 2.50;
      groceries 50.00, no forecast.
    Lyon, 7 April: 2 parties of 2 (unknown, first); cash 4.00 twice; groceries 80.00, 20 expected.
    Lyon, 8 April: still open (must not count).
    Montréal, 3 March: 1 returning party of 5, card 20.00; groceries 60.00, 10 expected.
    """
    lyon = await make_canteen(
        "lyon-croix-rousse", name="Lyon Croix-Rousse", city="Lyon", neighbourhood="Croix-Rousse"
    )
    montreal = await make_canteen(
        "montreal-hochelaga",
        name="Montréal Hochelaga",
        city="Montréal",
        neighbourhood="Hochelaga",
        currency="CAD",
        timezone="America/Toronto",
    )
    await past_service(
        lyon,
        date(2026, 3, 2),
        groceries_minor=11200,
        covers_expected=40,
        parties=[(2, True), (1, False), (3, None), (1, True)],
        contributions=[(500, "cash", 0), (300, "card", 0), (0, "nothing", 0), (1000, "cash", 1)],
        surveys=answers("welcome", [4] * 7 + [3] * 3 + [2] * 2)
        + answers("met_someone", [1, 2, 3, 4] * 5),
    )
    await past_service(
        lyon,
        date(2026, 3, 4),
        groceries_minor=5000,
        parties=[(4, False)],
        contributions=[(0, "credit", 0), (250, "voucher", 0)],
    )
    await past_service(
        lyon,
        date(2026, 4, 7),
        groceries_minor=8000,
        covers_expected=20,
        parties=[(2, None), (2, True)],
        contributions=[(400, "cash", 0), (400, "cash", 0)],
    )
    await past_service(
        lyon, date(2026, 4, 8), groceries_minor=999, parties=[(9, True)], close=False
    )
    await past_service(
        montreal,
        date(2026, 3, 3),
        groceries_minor=6000,
        covers_expected=10,
        parties=[(5, False)],
        contributions=[(2000, "card", 0)],
    )
    return {"lyon": lyon, "montreal": montreal}
