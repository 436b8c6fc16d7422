"""What goes in and out of a meal service. Money is always integer minor units + currency."""

from __future__ import annotations

from typing import Annotated

import msgspec

from canteen.meals.rules import MAX_PAY_FORWARD, SURVEY_MAX, SURVEY_MIN, Method
from canteen.network.schemas import ClientId

Smiley = Annotated[int, msgspec.Meta(ge=SURVEY_MIN, le=SURVEY_MAX)]
MinorAmount = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)]


class ServiceOpenIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: ClientId
    menu: Annotated[str, msgspec.Meta(max_length=500)] = ""
    groceries_minor: MinorAmount = 0
    covers_expected: MinorAmount | None = None
    cash_float_minor: MinorAmount = 0


class CheckInIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: ClientId
    party_size: MinorAmount
    children: MinorAmount | None = None
    first_visit: bool | None = None


class ContributionIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: ClientId
    amount_minor: MinorAmount
    currency: Annotated[str, msgspec.Meta(min_length=3, max_length=3)]
    method: Method
    pay_forward: Annotated[int, msgspec.Meta(ge=0, le=MAX_PAY_FORWARD)] = 0


class SurveyResponseIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: ClientId
    answers: dict[Annotated[str, msgspec.Meta(max_length=40)], Smiley]


class CloseIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: ClientId
    counted_cash_minor: MinorAmount


class CheckInOut(msgspec.Struct, kw_only=True):
    id: str
    service_id: int
    party_size: int
    children: int | None
    first_visit: bool | None


class ContributionOut(msgspec.Struct, kw_only=True):
    id: str
    service_id: int
    amount_minor: int
    currency: str
    method: str
    pay_forward: int


class SurveyResponseOut(msgspec.Struct, kw_only=True):
    id: str
    service_id: int
    answers: dict[str, int]


class ServiceOut(msgspec.Struct, kw_only=True):
    id: int
    canteen_id: int
    date: str
    status: str
    menu: str
    currency: str
    groceries_minor: int
    covers_expected: int | None
    cash_float_minor: int
    cost_per_portion_minor: int | None
    credits_available: int


class LiveCounts(msgspec.Struct, kw_only=True):
    covers: int
    parties: int
    children: int
    first_visits: int
    contributions: int
    takings_minor: int
    survey_responses: int


class ServiceSummary(msgspec.Struct, kw_only=True):
    service_id: int
    date: str
    status: str
    menu: str
    currency: str
    covers: int
    covers_expected: int | None
    parties: int
    children: int
    first_visits: int
    contributions: int
    takings_minor: int
    takings_by_method: dict[str, int]
    contributions_by_method: dict[str, int]
    average_contribution_minor: int | None
    groceries_minor: int
    cost_per_portion_minor: int | None
    balance_minor: int
    cash_float_minor: int
    expected_cash_minor: int
    counted_cash_minor: int | None
    cash_gap_minor: int | None
    pay_forward_given: int
    pay_forward_used: int
    survey_responses: int


class SurveyQuestionOut(msgspec.Struct, kw_only=True):
    key: str
    text: str
