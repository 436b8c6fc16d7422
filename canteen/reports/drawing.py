"""The charts' drawing, on the server with matplotlib's Figure API (Agg, never pyplot).

Okabe–Ito colours (safe for colour-blind readers), words next to colours, titles, units, money
and dates in the reader's language. canteen.reports.charts names them and gives their alt texts.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from canteen import i18n
from canteen.meals.services import QUESTIONS
from canteen.reports import formatting as fmt
from canteen.reports.cells import METHOD_LABELS, SMILEY_LABELS, TOO_FEW
from canteen.reports.schemas import Dashboard, MonthRow, SurveyResult

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
        _survey_bar(ax, y, result)
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


def _survey_bar(ax: Axes, y: int, result: SurveyResult) -> None:
    """One question's bar: a share per smiley, hatched where answers are too few to show."""
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
        ax.barh(y, 1 - left, left=left, color="#f2f2f2", hatch="///", edgecolor=GREY, height=0.6)
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
