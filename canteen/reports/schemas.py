"""What the reports show, after privacy protection: None means "too few answers to show".

Money stays in integer minor units with its currency; shares are computed when displayed.
"""

from __future__ import annotations

from datetime import date

import msgspec

from canteen.reports.rules import Period

SMILEYS = (1, 2, 3, 4)  # 1 sad … 4 big smile; 3 and 4 count as "yes"


class CanteenInfo(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    slug: str
    name: str
    city: str
    neighbourhood: str
    currency: str


class MoneyTotal(msgspec.Struct, kw_only=True):
    """Money for one currency: never added across currencies."""

    currency: str
    services: int = 0
    covers: int = 0
    contributions: int = 0
    takings_minor: int = 0
    groceries_minor: int = 0


class MethodTotal(msgspec.Struct, kw_only=True):
    method: str  # cash | card | voucher | credit | nothing
    currency: str
    contributions: int
    amount_minor: int


class FirstVisits(msgspec.Struct, kw_only=True):
    """Parties that answered "first visit?", and the people who came for the first time."""

    answers: int  # parties that answered yes or no (always shown)
    first_parties: int | None
    first_covers: int | None  # people on their first visit


class SurveyResult(msgspec.Struct, kw_only=True):
    question: str  # key in canteen.meals.services.QUESTIONS
    answers: int  # always shown: it says nothing of what anyone answered
    counts: list[int | None]  # per smiley 1..4
    positive: int | None  # smileys 3 and 4


class Figures(msgspec.Struct, kw_only=True):
    """The sums of one canteen, or of the network, over a period."""

    services: int = 0
    covers: int = 0
    parties: int = 0
    children: int = 0
    contributions: int = 0
    pay_forward_given: int = 0
    pay_forward_used: int = 0
    forecast_services: int = 0
    covers_expected: int = 0
    covers_forecast_actual: int = 0
    money: list[MoneyTotal] = msgspec.field(default_factory=list)
    methods: list[MethodTotal] = msgspec.field(default_factory=list)
    first_visits: FirstVisits = msgspec.field(
        default_factory=lambda: FirstVisits(answers=0, first_parties=None, first_covers=None)
    )
    survey: list[SurveyResult] = msgspec.field(default_factory=list)


class CanteenFigures(msgspec.Struct, kw_only=True):
    canteen: CanteenInfo
    figures: Figures


class WeekRow(msgspec.Struct, kw_only=True):
    week: date  # its Monday
    services: int
    covers: int
    forecast_services: int
    covers_expected: int
    covers_forecast_actual: int


class MonthRow(msgspec.Struct, kw_only=True):
    month: date  # its first day
    currency: str
    services: int
    covers: int
    contributions: int
    takings_minor: int
    groceries_minor: int
    pay_forward_given: int
    pay_forward_used: int


class CanteenMonth(msgspec.Struct, kw_only=True):
    canteen_id: int
    month: date
    services: int
    covers: int
    takings_minor: int
    groceries_minor: int


class VolunteerMonth(msgspec.Struct, kw_only=True):
    month: date
    volunteers: int
    minutes: int


class VolunteerFigures(msgspec.Struct, kw_only=True):
    """What a volunteers source gives the reports (see canteen.reports.volunteers)."""

    volunteers: int  # distinct people who took a place over the period
    minutes: int
    months: list[VolunteerMonth]
    canteens: dict[int, tuple[int, int]]  # canteen id -> (volunteers, minutes)


class Dashboard(msgspec.Struct, kw_only=True):
    period: Period
    network_name: str
    canteen: CanteenInfo | None  # None: the whole network
    totals: Figures
    canteens: list[CanteenFigures]
    cities: int
    neighbourhoods: int
    weeks: list[WeekRow]
    months: list[MonthRow]
    volunteers: VolunteerFigures | None = None

    @property
    def currencies(self) -> list[str]:
        return [money.currency for money in self.totals.money]

    @property
    def has_forecast(self) -> bool:
        return self.totals.forecast_services > 0


class AnnualReport(msgspec.Struct, kw_only=True):
    year: int
    dashboard: Dashboard
    canteen_months: list[CanteenMonth]
