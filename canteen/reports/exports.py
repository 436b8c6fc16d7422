"""Every table a dashboard shows, defined once: the cells render it as HTML and as CSV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from canteen.errors import N_, NotFound
from canteen.reports.cells import (
    METHOD_LABELS,
    SMILEY_LABELS,
    Column,
    ExportTable,
    kept,
    per_cover,
    ratio,
)
from canteen.reports.schemas import Dashboard, Figures, SurveyResult

# --- the columns several tables share: one title, one kind each ------------------------------

WEEK = Column("week", N_("Week of"), "week")
MONTH = Column("month", N_("Month"), "month")
CANTEEN = Column("canteen", N_("Canteen"), "text")
QUESTION = Column("question", N_("Question"), "question")
CURRENCY = Column("currency", N_("Currency"), "text")
SERVICES = Column("services", N_("Meal services"))
COVERS = Column("covers", N_("Covers"))
TAKINGS = Column("takings", N_("Takings"), "money")
GROCERIES = Column("groceries", N_("Groceries' cost"), "money")
COVERED = Column("covered", N_("Share of costs covered"), "share")
GIVEN = Column("given", N_("Meals paid forward"))
USED = Column("used", N_("Paid-forward meals used"))

# --- the tables -------------------------------------------------------------------------------


def covers_by_week(board: Dashboard) -> ExportTable:
    return ExportTable(
        name="covers-by-week",
        title=N_("Covers per week"),
        columns=[
            WEEK,
            SERVICES,
            COVERS,
        ],
        rows=[[w.week, w.services, w.covers] for w in board.weeks],
    )


def money_by_month(board: Dashboard) -> ExportTable:
    return ExportTable(
        name="money-by-month",
        title=N_("Takings against the groceries' cost, per month"),
        columns=[
            MONTH,
            CURRENCY,
            SERVICES,
            COVERS,
            TAKINGS,
            GROCERIES,
            COVERED,
            Column("average", N_("Average contribution per cover"), "money"),
            Column("cost", N_("Cost per portion"), "money"),
        ],
        rows=[
            [
                m.month,
                m.currency,
                m.services,
                m.covers,
                (m.takings_minor, m.currency),
                (m.groceries_minor, m.currency),
                ratio(m.takings_minor, m.groceries_minor),
                per_cover(m.takings_minor, m.covers, m.currency),
                per_cover(m.groceries_minor, m.covers, m.currency),
            ]
            for m in board.months
        ],
    )


def payment_methods(board: Dashboard) -> ExportTable:
    counts = {m.currency: m.contributions for m in board.totals.money}
    return ExportTable(
        name="payment-methods",
        title=N_("How diners paid"),
        columns=[
            Column("method", N_("Payment"), "label"),
            CURRENCY,
            Column("contributions", N_("Contributions")),
            Column("share", N_("Share of contributions"), "share"),
            Column("amount", N_("Amount"), "money"),
        ],
        rows=[
            [
                METHOD_LABELS[m.method],
                m.currency,
                m.contributions,
                ratio(m.contributions, counts.get(m.currency)),
                (m.amount_minor, m.currency),
            ]
            for m in board.totals.methods
        ],
    )


def pay_forward_by_month(board: Dashboard) -> ExportTable:
    given: dict[Any, list[int]] = {}
    for m in board.months:
        counted = given.setdefault(m.month, [0, 0])
        counted[0] += m.pay_forward_given
        counted[1] += m.pay_forward_used
    return ExportTable(
        name="pay-it-forward-by-month",
        title=N_("Meals paid forward, given and used"),
        columns=[
            MONTH,
            GIVEN,
            USED,
        ],
        rows=[[month, g, u] for month, (g, u) in sorted(given.items())],
    )


def _survey_cells(result: SurveyResult) -> list[Any]:
    return [
        result.answers,
        *[ratio(count, result.answers) for count in result.counts],
        ratio(result.positive, result.answers),
    ]


SURVEY_COLUMNS = [
    Column("answers", N_("Answers")),
    *[Column(f"smiley_{v}", label, "share") for v, label in enumerate(SMILEY_LABELS, 1)],
    Column("yes", N_("Yes or very much"), "share"),
]


def welcome_survey(board: Dashboard) -> ExportTable:
    return ExportTable(
        name="welcome-survey",
        title=N_("Welcome survey: share per answer"),
        columns=[QUESTION, *SURVEY_COLUMNS],
        rows=[[r.question, *_survey_cells(r)] for r in board.totals.survey],
    )


def _canteen_money(figures: Figures) -> tuple[str, int, int]:
    if not figures.money:
        return ("", 0, 0)
    m = figures.money[0]
    return (m.currency, m.takings_minor, m.groceries_minor)


def _welcome(figures: Figures) -> SurveyResult | None:
    return next((r for r in figures.survey if r.question == "welcome"), None)


def canteens(board: Dashboard) -> ExportTable:
    rows = []
    for item in board.canteens:
        f = item.figures
        currency, takings, groceries = _canteen_money(f)
        welcome = _welcome(f)
        rows.append(
            [
                item.canteen.name,
                item.canteen.city,
                item.canteen.neighbourhood,
                f.services,
                f.covers,
                kept(f.first_visits.first_covers),
                currency,
                (takings, currency),
                (groceries, currency),
                ratio(takings, groceries),
                f.pay_forward_given,
                f.pay_forward_used,
                welcome.answers if welcome else 0,
                ratio(welcome.positive, welcome.answers) if welcome else None,
            ]
        )
    return ExportTable(
        name="canteens",
        title=N_("Canteens"),
        columns=[
            CANTEEN,
            Column("city", N_("City"), "text"),
            Column("neighbourhood", N_("Neighbourhood"), "text"),
            SERVICES,
            COVERS,
            Column("first_visits", N_("First visits")),
            CURRENCY,
            TAKINGS,
            GROCERIES,
            COVERED,
            GIVEN,
            USED,
            Column("welcome_answers", N_("Answers on feeling welcome")),
            Column("welcome", N_("Felt welcome"), "share"),
        ],
        rows=rows,
    )


def first_visits(board: Dashboard) -> ExportTable:
    rows = [
        [
            item.canteen.name,
            item.figures.covers,
            item.figures.first_visits.answers,
            kept(item.figures.first_visits.first_covers),
            ratio(item.figures.first_visits.first_parties, item.figures.first_visits.answers),
        ]
        for item in board.canteens
    ]
    return ExportTable(
        name="first-visits",
        title=N_("First visits"),
        columns=[
            CANTEEN,
            COVERS,
            Column("answers", N_("Groups who said whether it was their first visit")),
            Column("first_visits", N_("People on their first visit")),
            Column("share", N_("Share of groups on a first visit"), "share"),
        ],
        rows=rows,
    )


def survey_by_canteen(board: Dashboard) -> ExportTable:
    return ExportTable(
        name="welcome-survey-by-canteen",
        title=N_("Welcome survey per canteen"),
        columns=[
            CANTEEN,
            QUESTION,
            *SURVEY_COLUMNS,
        ],
        rows=[
            [item.canteen.name, r.question, *_survey_cells(r)]
            for item in board.canteens
            for r in item.figures.survey
        ],
    )


def forecast_by_week(board: Dashboard) -> ExportTable:
    return ExportTable(
        name="forecast-by-week",
        title=N_("Covers expected against covers served"),
        columns=[
            WEEK,
            Column("services", N_("Meal services with covers expected")),
            Column("expected", N_("Covers expected")),
            Column("served", N_("Covers served")),
            Column("difference", N_("Difference")),
        ],
        rows=[
            [
                w.week,
                w.forecast_services,
                w.covers_expected,
                w.covers_forecast_actual,
                w.covers_forecast_actual - w.covers_expected,
            ]
            for w in board.weeks
            if w.forecast_services
        ],
    )


def volunteers_by_month(board: Dashboard) -> ExportTable:
    months = board.volunteers.months if board.volunteers else []
    return ExportTable(
        name="volunteers-by-month",
        title=N_("Volunteers and their hours"),
        columns=[
            MONTH,
            Column("volunteers", N_("Volunteers")),
            Column("hours", N_("Hours"), "hours"),
        ],
        rows=[[m.month, m.volunteers, m.minutes] for m in months],
    )


# name -> (builder, shown when); sections appear only when their data exists.
TABLES: dict[str, tuple[Callable[[Dashboard], ExportTable], Callable[[Dashboard], bool]]] = {
    "covers-by-week": (covers_by_week, lambda b: True),
    "money-by-month": (money_by_month, lambda b: True),
    "payment-methods": (payment_methods, lambda b: True),
    "pay-it-forward-by-month": (pay_forward_by_month, lambda b: True),
    "welcome-survey": (welcome_survey, lambda b: True),
    "first-visits": (first_visits, lambda b: True),
    "canteens": (canteens, lambda b: b.canteen is None),
    "welcome-survey-by-canteen": (survey_by_canteen, lambda b: b.canteen is None),
    "forecast-by-week": (forecast_by_week, lambda b: b.has_forecast),
    "volunteers-by-month": (volunteers_by_month, lambda b: b.volunteers is not None),
}


def table(board: Dashboard, name: str) -> ExportTable:
    entry = TABLES.get(name)
    if entry is None or not entry[1](board):
        raise NotFound()
    return entry[0](board)
