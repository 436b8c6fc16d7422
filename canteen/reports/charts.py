"""Charts drawn on the server with matplotlib's Figure API (Agg, never pyplot).

Okabe–Ito colours (safe for colour-blind readers), words next to colours, titles, units, money
and dates in the reader's language. Each chart has an alt text saying what it shows.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from datetime import date

import msgspec
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from canteen import i18n
from canteen.errors import N_, NotFound
from canteen.meals.services import QUESTIONS
from canteen.reports import formatting as fmt
from canteen.reports.exports import METHOD_LABELS, SMILEY_LABELS, TOO_FEW
from canteen.reports.schemas import Dashboard, MonthRow

# Okabe & Ito (2008), "Color Universal Design".
BLUE, ORANGE, SKY, GREEN = "#0072B2", "#E69F00", "#56B4E9", "#009E73"
VERMILLION, PURPLE, YELLOW, BLACK = "#D55E00", "#CC79A7", "#F0E442", "#000000"
GREY = "#8C8C8C"
SMILEY_COLOURS = (VERMILLION, ORANGE, SKY, BLUE)
INK = "#1d2321"

_ = i18n.gettext


def figure(width: float = 8.0, height: float = 3.6) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return buffer.getvalue()


def _style(ax: Axes, title: str, ylabel: str = "") -> None:
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold", color=INK)
    if ylabel:
        ax.set_ylabel(ylabel, color=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(colors=INK, labelsize=9)


def _x_labels(ax: Axes, labels: Sequence[str], most: int = 12) -> None:
    step = max(1, -(-len(labels) // most))
    ax.set_xticks(range(0, len(labels), step), [labels[i] for i in range(0, len(labels), step)])


def _int_axis(ax: Axes) -> None:
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.number(int(v))))


def _money_axis(ax: Axes, currency: str) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.money_axis(v, currency)))


def _empty(ax: Axes) -> None:
    ax.text(
        0.5,
        0.5,
        _("No closed meal service in this period."),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=INK,
    )


def _months(board: Dashboard, currency: str) -> list[MonthRow]:
    return [m for m in board.months if m.currency == currency]


# --- the charts -------------------------------------------------------------------------------


def covers_per_week(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    _style(ax, _("Covers per week"), _("Covers"))
    covers = [w.covers for w in board.weeks]
    ax.bar(range(len(covers)), covers, color=BLUE, width=0.8, label=_("Covers"))
    _x_labels(ax, [fmt.week(w.week) for w in board.weeks], 10)
    _int_axis(ax)
    if not any(covers):
        _empty(ax)


def takings_groceries(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    currency = currency or board.currencies[0]
    months = _months(board, currency)
    _style(ax, _("Takings against the groceries' cost ({currency})", currency=currency))
    xs = range(len(months))
    ax.bar(
        [x - 0.2 for x in xs],
        [m.takings_minor for m in months],
        width=0.4,
        color=BLUE,
        label=_("Takings"),
    )
    ax.bar(
        [x + 0.2 for x in xs],
        [m.groceries_minor for m in months],
        width=0.4,
        color=ORANGE,
        hatch="//",
        edgecolor="white",
        label=_("Groceries' cost"),
    )
    _x_labels(
        ax, [fmt.month_short(m.month) if len(months) <= 12 else fmt.month(m.month) for m in months]
    )
    _money_axis(ax, currency)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12), ncols=2)


def average_cost(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    currency = currency or board.currencies[0]
    months = [m for m in _months(board, currency) if m.covers]
    _style(
        ax, _("Average contribution against the cost per portion ({currency})", currency=currency)
    )
    xs = range(len(months))
    ax.plot(
        xs,
        [m.takings_minor / m.covers for m in months],
        color=BLUE,
        marker="o",
        linewidth=2.5,
        label=_("Average contribution per cover"),
    )
    ax.plot(
        xs,
        [m.groceries_minor / m.covers for m in months],
        color=VERMILLION,
        marker="s",
        linestyle="--",
        linewidth=2.5,
        label=_("Cost per portion"),
    )
    _x_labels(
        ax, [fmt.month_short(m.month) if len(months) <= 12 else fmt.month(m.month) for m in months]
    )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.money(int(round(v)), currency)))
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12), ncols=2)
    if not months:
        _empty(ax)


def payment_methods(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    counts: dict[str, int] = {}
    for m in board.totals.methods:
        counts[m.method] = counts.get(m.method, 0) + m.contributions
    total = sum(counts.values())
    methods = list(METHOD_LABELS)
    _style(ax, _("How diners paid (share of contributions)"))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#d9d9d9", linewidth=0.8)
    shares = [counts.get(m, 0) / total if total else 0 for m in methods]
    colours = (BLUE, SKY, GREEN, PURPLE, GREY)
    ys = range(len(methods))
    ax.barh(ys, shares, color=colours, height=0.6)
    ax.set_yticks(ys, [_(METHOD_LABELS[m]) for m in methods])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.percent(v)))
    ax.set_xlim(0, max([*shares, 0.1]) * 1.2)
    for y, share in zip(ys, shares, strict=True):
        ax.text(share, y, " " + fmt.percent(share), va="center", fontsize=9, color=INK)


def pay_forward(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    months: dict[date, list[int]] = {}
    for m in board.months:
        counted = months.setdefault(m.month, [0, 0])
        counted[0] += m.pay_forward_given
        counted[1] += m.pay_forward_used
    keys = sorted(months)
    _style(ax, _("Meals paid forward, given and used"), _("Meals"))
    xs = range(len(keys))
    ax.bar(
        [x - 0.2 for x in xs],
        [months[k][0] for k in keys],
        width=0.4,
        color=GREEN,
        label=_("Meals paid forward"),
    )
    ax.bar(
        [x + 0.2 for x in xs],
        [months[k][1] for k in keys],
        width=0.4,
        color=PURPLE,
        hatch="..",
        edgecolor="white",
        label=_("Paid-forward meals used"),
    )
    _x_labels(ax, [fmt.month_short(k) if len(keys) <= 12 else fmt.month(k) for k in keys])
    _int_axis(ax)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12), ncols=2)


def welcome_survey(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    results = board.totals.survey
    _style(ax, _("Welcome survey: share per answer"))
    ax.grid(visible=False)
    labels = []
    for y, result in enumerate(results):
        question = textwrap.fill(_(QUESTIONS[result.question]), 34)
        labels.append(f"{question}\n" + _("Answers: {count}", count=fmt.number(result.answers)))
        left = 0.0
        for value, count in enumerate(result.counts):
            if count is None or not result.answers:
                continue
            width = count / result.answers
            ax.barh(y, width, left=left, color=SMILEY_COLOURS[value], height=0.6)
            if width >= 0.07:
                colour = "white" if value in (0, 3) else INK
                ax.text(
                    left + width / 2,
                    y,
                    fmt.percent(width),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=colour,
                )
            left += width
        if left < 0.999:
            ax.barh(
                y, 1 - left, left=left, color="#f2f2f2", hatch="///", edgecolor=GREY, height=0.6
            )
            if 1 - left >= 0.3:
                ax.text(
                    left + (1 - left) / 2,
                    y,
                    _(TOO_FEW),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=INK,
                )
    ax.set_yticks(range(len(results)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.percent(v)))
    handles = [ax.bar(0, 0, color=c)[0] for c in SMILEY_COLOURS]
    ax.legend(
        handles,
        [_(label) for label in SMILEY_LABELS],
        frameon=False,
        ncols=4,
        loc="upper left",
        bbox_to_anchor=(0, -0.08 if results else -0.2),
    )
    if not results:
        ax.text(
            0.5,
            0.5,
            _("No survey answers in this period."),
            ha="center",
            va="center",
            transform=ax.transAxes,
        )


def forecast(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    weeks = [w for w in board.weeks if w.forecast_services]
    _style(ax, _("Covers expected against covers served, per week"), _("Covers"))
    xs = range(len(weeks))
    ax.bar(
        xs,
        [w.covers_forecast_actual for w in weeks],
        color=SKY,
        width=0.8,
        label=_("Covers served"),
    )
    ax.plot(
        xs,
        [w.covers_expected for w in weeks],
        color=BLACK,
        linestyle="--",
        marker="o",
        markersize=3,
        label=_("Covers expected"),
    )
    _x_labels(ax, [fmt.week(w.week) for w in weeks], 10)
    _int_axis(ax)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12), ncols=2)


def volunteers(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    months = board.volunteers.months if board.volunteers else []
    _style(ax, _("Volunteer hours per month"), _("Hours"))
    ax.bar(range(len(months)), [m.minutes / 60 for m in months], color=GREEN, width=0.7)
    _x_labels(ax, [fmt.month_short(m.month) for m in months])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.number(int(v))))


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
        average=fmt.money(round(total.takings_minor / total.covers), currency),
        cost=fmt.money(round(total.groceries_minor / total.covers), currency),
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
        hours=fmt.number(round(v.minutes / 60)),
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


__all__ = ["CHARTS", "Chart", "alt_text", "figure", "png", "render"]
