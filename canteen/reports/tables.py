"""Rollups: one row of sums per closed meal service (and its survey answers per question), and
the same added up per canteen and month.

A closed service accepts nothing more, so its row never changes once written: dashboards and the
annual report read these few rows instead of millions of contributions. Rows are added lazily
(canteen.reports.rollup.refresh) for the services a report needs that are closed but not yet
rolled up, so nothing elsewhere has to remember to maintain them.
"""

from piccolo.columns import BigInt, Date, ForeignKey, Integer, Serial, Varchar
from piccolo.table import Table

from canteen.meals.tables import MealService
from canteen.network.tables import Canteen


class ServiceRollup(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    service = ForeignKey(references=MealService, null=False, unique=True)
    canteen = ForeignKey(references=Canteen, null=False)
    date = Date()  # the canteen's local date, as on the meal service
    currency = Varchar(length=3)
    groceries_minor = Integer(default=0)
    covers_expected = Integer(null=True, default=None)
    covers = Integer(default=0)
    parties = Integer(default=0)
    children = Integer(default=0)
    # Parties (check-ins) that answered "first visit?" yes / no, and the people in them.
    first_visit_parties = Integer(default=0)
    first_visit_covers = Integer(default=0)
    returning_parties = Integer(default=0)
    returning_covers = Integer(default=0)
    contributions = Integer(default=0)
    takings_minor = Integer(default=0)
    cash_n = Integer(default=0)
    cash_minor = Integer(default=0)
    card_n = Integer(default=0)
    card_minor = Integer(default=0)
    voucher_n = Integer(default=0)
    voucher_minor = Integer(default=0)
    credit_n = Integer(default=0)  # paid-forward meals used
    nothing_n = Integer(default=0)
    pay_forward_given = Integer(default=0)
    survey_responses = Integer(default=0)


class SurveyRollup(Table):
    """How many answered each smiley (1 sad … 4 big smile) to one question at one service."""

    id: Serial  # Piccolo adds it; declared for type checkers
    service = ForeignKey(references=MealService, null=False)
    canteen = ForeignKey(references=Canteen, null=False)
    date = Date()
    question_key = Varchar(length=40)
    answers = Integer(default=0)
    v1 = Integer(default=0)
    v2 = Integer(default=0)
    v3 = Integer(default=0)
    v4 = Integer(default=0)


class MonthRollup(Table):
    """A canteen's month: the sums of its rolled-up services, added as each one is rolled up.

    Dashboards read whole months here (a dozen rows a canteen a year) and only the days of a
    period's partial first and last months from the daily rollup.
    """

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False)
    month = Date()  # its first day
    currency = Varchar(length=3)
    services = Integer(default=0)
    groceries_minor = BigInt(default=0)
    covers = Integer(default=0)
    parties = Integer(default=0)
    children = Integer(default=0)
    first_visit_parties = Integer(default=0)
    first_visit_covers = Integer(default=0)
    returning_parties = Integer(default=0)
    returning_covers = Integer(default=0)
    contributions = Integer(default=0)
    takings_minor = BigInt(default=0)
    cash_n = Integer(default=0)
    cash_minor = BigInt(default=0)
    card_n = Integer(default=0)
    card_minor = BigInt(default=0)
    voucher_n = Integer(default=0)
    voucher_minor = BigInt(default=0)
    credit_n = Integer(default=0)
    nothing_n = Integer(default=0)
    pay_forward_given = Integer(default=0)
    survey_responses = Integer(default=0)
    forecast_services = Integer(default=0)
    covers_expected = Integer(default=0)
    covers_forecast_actual = Integer(default=0)


class SurveyMonthRollup(Table):
    """A canteen's month of answers to one question, per smiley."""

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False)
    month = Date()
    question_key = Varchar(length=40)
    answers = Integer(default=0)
    v1 = Integer(default=0)
    v2 = Integer(default=0)
    v3 = Integer(default=0)
    v4 = Integer(default=0)
