"""The day's figures: live counts while it runs, the summary once closed (exact to the cent)."""

from __future__ import annotations

from typing import Any

from canteen.errors import NotFound
from canteen.meals import rules
from canteen.meals.errors import WrongCanteen
from canteen.meals.schemas import LiveCounts, ServiceSummary
from canteen.meals.tables import CheckIn, Contribution, MealService, SurveyResponse
from canteen.network.services import get_canteen


async def service_row(service_id: int) -> dict[str, Any]:
    """One meal service's row, or NotFound."""
    row = await MealService.select().where(MealService.id == service_id).first()
    if row is None:
        raise NotFound()
    return row


def cost_per_portion(service: dict[str, Any], covers: int) -> int | None:
    """Groceries ÷ portions, for this service row (see rules.cost_per_portion)."""
    return rules.cost_per_portion(
        service["groceries_minor"],
        covers,
        service["covers_expected"],
        service["status"] == rules.SERVICE_CLOSED,
    )


async def _totals(service_id: int) -> dict[str, Any]:
    """Aggregates for one service, computed in SQL."""
    checkins = await CheckIn.raw(
        "SELECT COUNT(*) AS parties, COALESCE(SUM(party_size), 0) AS covers, "
        "COALESCE(SUM(children), 0) AS children, "
        "COALESCE(SUM(CASE WHEN first_visit THEN party_size ELSE 0 END), 0) AS first_visits "
        "FROM check_in WHERE service = {}",
        service_id,
    )
    by_method = await Contribution.raw(
        "SELECT method, COUNT(*) AS n, COALESCE(SUM(amount_minor), 0) AS amount, "
        "COALESCE(SUM(pay_forward), 0) AS forward "
        "FROM contribution WHERE service = {} GROUP BY method",
        service_id,
    )
    surveys = await SurveyResponse.raw(
        "SELECT COUNT(*) AS n FROM survey_response WHERE service = {}", service_id
    )
    return {
        **{key: int(value) for key, value in checkins[0].items()},
        "by_method": {
            row["method"]: (int(row["n"]), int(row["amount"]), int(row["forward"]))
            for row in by_method
        },
        "survey_responses": int(surveys[0]["n"]),
    }


async def live_counts(service_id: int) -> LiveCounts:
    totals = await _totals(service_id)
    by_method = totals["by_method"]
    return LiveCounts(
        covers=totals["covers"],
        parties=totals["parties"],
        children=totals["children"],
        first_visits=totals["first_visits"],
        contributions=sum(n for n, _a, _f in by_method.values()),
        takings_minor=sum(a for _n, a, _f in by_method.values()),
        survey_responses=totals["survey_responses"],
    )


async def service_summary(canteen_id: int, service_id: int) -> ServiceSummary:
    """The day's figures, exact to the cent: covers, takings per method, cost, cash gap. Only
    for the service's own canteen (WrongCanteen otherwise)."""
    service = await service_row(service_id)
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    canteen = await get_canteen(service["canteen"])
    totals = await _totals(service_id)
    by_method = totals["by_method"]
    takings_by_method = {m: by_method.get(m, (0, 0, 0))[1] for m in rules.METHODS}
    takings = sum(takings_by_method.values())
    covers = totals["covers"]
    expected_cash = service["cash_float_minor"] + takings_by_method["cash"]
    counted = service["counted_cash_minor"]
    return ServiceSummary(
        service_id=service_id,
        date=service["date"].isoformat(),
        status=service["status"],
        menu=service["menu"],
        currency=canteen["currency"],
        covers=covers,
        covers_expected=service["covers_expected"],
        parties=totals["parties"],
        children=totals["children"],
        first_visits=totals["first_visits"],
        contributions=sum(n for n, _a, _f in by_method.values()),
        takings_minor=takings,
        takings_by_method=takings_by_method,
        contributions_by_method={m: by_method.get(m, (0, 0, 0))[0] for m in rules.METHODS},
        average_contribution_minor=rules.average_per_cover(takings, covers),
        groceries_minor=service["groceries_minor"],
        cost_per_portion_minor=cost_per_portion(service, covers),
        balance_minor=takings - service["groceries_minor"],
        cash_float_minor=service["cash_float_minor"],
        expected_cash_minor=expected_cash,
        counted_cash_minor=counted,
        cash_gap_minor=None if counted is None else counted - expected_cash,
        pay_forward_given=sum(f for _n, _a, f in by_method.values()),
        pay_forward_used=by_method.get(rules.CREDIT, (0, 0, 0))[0],
        survey_responses=totals["survey_responses"],
    )
