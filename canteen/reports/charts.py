"""The dashboard's charts: each one's name, title, drawing, alt text and table, and rendering.

Each chart has an alt text saying what it shows; canteen.reports.drawing draws it.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from matplotlib.axes import Axes

from canteen import i18n
from canteen.errors import N_, NotFound
from canteen.meals.services import QUESTIONS
from canteen.reports import formatting as fmt
from canteen.reports import rules
from canteen.reports.cells import METHOD_LABELS, TOO_FEW
from canteen.reports.drawing import (
    average_cost,
    covers_per_week,
    figure,
    forecast,
    pay_forward,
    payment_methods,
    png,
    takings_groceries,
    volunteers,
    welcome_survey,
)
from canteen.reports.schemas import Dashboard

_ = i18n.gettext


# --- alt texts ----------------------------------------------------------------------------------


def _busiest(board: Dashboard) -> str:
    week = max(board.weeks, key=lambda w: w.covers)
    return _(
        "{total} covers in total; the busiest week, from {week}, had {covers}.",
        total=fmt.number(sum(w.covers for w in board.weeks)),
        week=fmt.week(week.week),
        covers=fmt.number(week.covers),
    )


def _money_alt(board: Dashboard, currency: str | None) -> str:
    currency = currency or board.currencies[0]
    total = next((m for m in board.totals.money if m.currency == currency), None)
    if total is None:
        return _("No takings in this period.")
    return _(
        "Takings {takings} against groceries costing {groceries} over the period.",
        takings=fmt.money(total.takings_minor, currency),
        groceries=fmt.money(total.groceries_minor, currency),
    )


def _average_alt(board: Dashboard, currency: str | None) -> str:
    currency = currency or board.currencies[0]
    total = next((m for m in board.totals.money if m.currency == currency), None)
    if total is None or not total.covers:
        return _("No covers in this period.")
    return _(
        "On average {average} given per cover, for a cost of {cost} per portion.",
        average=fmt.money(rules.per_cover(total.takings_minor, total.covers), currency),
        cost=fmt.money(rules.per_cover(total.groceries_minor, total.covers), currency),
    )


def _methods_alt(board: Dashboard, currency: str | None) -> str:
    counts: dict[str, int] = {}
    for m in board.totals.methods:
        counts[m.method] = counts.get(m.method, 0) + m.contributions
    total = sum(counts.values()) or 1
    return ", ".join(
        f"{_(METHOD_LABELS[m])} {fmt.percent(counts.get(m, 0) / total)}" for m in METHOD_LABELS
    )


def _forward_alt(board: Dashboard, currency: str | None) -> str:
    return _(
        "{given} meals paid forward and {used} used over the period.",
        given=fmt.number(board.totals.pay_forward_given),
        used=fmt.number(board.totals.pay_forward_used),
    )


def _survey_alt(board: Dashboard, currency: str | None) -> str:
    parts = []
    for result in board.totals.survey:
        share = (
            fmt.percent(result.positive / result.answers)
            if (result.positive is not None and result.answers)
            else _(TOO_FEW)
        )
        parts.append(
            _(
                "{question}: yes or very much, {share} of {n} answers",
                question=_(QUESTIONS[result.question]),
                share=share,
                n=fmt.number(result.answers),
            )
        )
    return "; ".join(parts) or _("No survey answers in this period.")


def _forecast_alt(board: Dashboard, currency: str | None) -> str:
    return _(
        "{expected} covers expected and {served} served at the services that had a forecast.",
        expected=fmt.number(board.totals.covers_expected),
        served=fmt.number(board.totals.covers_forecast_actual),
    )


def _volunteers_alt(board: Dashboard, currency: str | None) -> str:
    v = board.volunteers
    if v is None:
        return ""
    return _(
        "{volunteers} volunteers gave {hours} hours.",
        volunteers=fmt.number(v.volunteers),
        hours=fmt.number(rules.hours(v.minutes)),
    )


class Chart(msgspec.Struct, frozen=True):
    name: str
    title: str  # msgid, for the page's heading
    build: Callable[[Axes, Dashboard, str | None], None]
    alt: Callable[[Dashboard, str | None], str]
    table: str  # the table (and CSV) with its numbers
    per_currency: bool = False
    shown: Callable[[Dashboard], bool] = lambda board: True
    height: Callable[[Dashboard], float] = lambda board: 3.6


CHARTS: dict[str, Chart] = {
    chart.name: chart
    for chart in (
        Chart(
            "covers-per-week",
            N_("Covers per week"),
            covers_per_week,
            lambda b, c: _busiest(b),
            "covers-by-week",
        ),
        Chart(
            "takings-groceries",
            N_("Takings against the groceries' cost"),
            takings_groceries,
            _money_alt,
            "money-by-month",
            per_currency=True,
        ),
        Chart(
            "average-cost",
            N_("Average contribution against the cost per portion"),
            average_cost,
            _average_alt,
            "money-by-month",
            per_currency=True,
        ),
        Chart(
            "payment-methods",
            N_("How diners paid"),
            payment_methods,
            _methods_alt,
            "payment-methods",
            height=lambda b: 3.0,
        ),
        Chart(
            "pay-it-forward",
            N_("Meals paid forward, given and used"),
            pay_forward,
            _forward_alt,
            "pay-it-forward-by-month",
        ),
        Chart(
            "welcome-survey",
            N_("Welcome survey"),
            welcome_survey,
            _survey_alt,
            "welcome-survey",
            height=lambda b: 1.5 + 0.75 * max(1, len(b.totals.survey)),
        ),
        Chart(
            "forecast",
            N_("Covers expected against covers served"),
            forecast,
            _forecast_alt,
            "forecast-by-week",
            shown=lambda b: b.has_forecast,
        ),
        Chart(
            "volunteers",
            N_("Volunteers and their hours"),
            volunteers,
            _volunteers_alt,
            "volunteers-by-month",
            shown=lambda b: b.volunteers is not None,
        ),
    )
}


def render(board: Dashboard, name: str, currency: str | None = None) -> bytes:
    """One chart as PNG bytes; NotFound for a chart this dashboard does not have."""
    chart = CHARTS.get(name)
    if chart is None or not chart.shown(board):
        raise NotFound()
    if chart.per_currency and currency not in board.currencies:
        currency = None
        if not board.currencies:
            raise NotFound()
    fig = figure(height=chart.height(board))
    chart.build(fig.add_subplot(), board, currency)
    return png(fig)


def alt_text(board: Dashboard, name: str, currency: str | None = None) -> str:
    chart = CHARTS[name]
    if chart.per_currency and not board.currencies:
        return ""
    return f"{_(chart.title)}. {chart.alt(board, currency)}"


__all__ = ["CHARTS", "Chart", "alt_text", "render"]
