"""The annual impact report as a multi-page PDF (matplotlib's PdfPages, Figure API only).

Pages: key figures; monthly charts; how diners paid and what they said; forecast and volunteers
when there are some; then one page per canteen.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from canteen import clock, i18n
from canteen.meals.services import QUESTIONS
from canteen.reports import drawing
from canteen.reports import formatting as fmt
from canteen.reports.cells import TOO_FEW, per_cover
from canteen.reports.schemas import AnnualReport, CanteenFigures, Dashboard
from canteen.reports.summary import key_figures, share_text, survey_share_text

A4 = (8.27, 11.69)
# The core fonts' metrics name Helvetica's weight "medium": say nothing about it.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
_ = i18n.gettext
Progress = Callable[[int, int], None]
Draw = tuple[Callable[..., None], str | None, float]  # draw(ax, board, currency), height ratio


def _page() -> Figure:
    fig = Figure(figsize=A4, dpi=72)
    fig.text(0.5, 0.02, "Tablée", ha="center", fontsize=7, color=drawing.GREY)
    return fig


def _title(report: AnnualReport) -> tuple[str, str]:
    board = report.dashboard
    title = _("Annual impact report {year}", year=report.year)
    if board.canteen is not None:
        return title, f"{board.canteen.name} — {board.canteen.city}"
    return title, board.network_name or _("The whole network")


_FLIP = {"left": "right", "right": "left", "center": "center"}


def _text(
    fig: Figure, x: float, y: float, text: str, size: float, mirror: bool = True, **style: Any
) -> Text:
    """Plain text (a '$' in '12,00 $CA' is not mathematics), in the report's ink; for a
    right-to-left language the page is mirrored: labels on the right, figures on the left."""
    if mirror and i18n.direction() == "rtl":
        x = 1 - x
        style["ha"] = _FLIP[style.get("ha", "left")]
        if "multialignment" in style:
            style["multialignment"] = _FLIP[style["multialignment"]]
    return fig.text(
        x, y, text, fontsize=size, parse_math=False, color=style.pop("color", drawing.INK), **style
    )


def _columns(fig: Figure, top: float, size: float, gap: float) -> tuple[Text, Text]:
    """The empty label column (left) and value column (right, bold), lines `gap` apart."""
    spacing = gap * A4[1] * 72 / size  # the line height asked, in multiples of the font size
    labels = _text(fig, 0.08, top, "", size, va="top", linespacing=spacing)
    values = _text(
        fig,
        0.92,
        top,
        "",
        size,
        va="top",
        ha="right",
        linespacing=spacing,
        fontweight="bold",
        multialignment="right",
    )
    return labels, values


def _fill(labels: Text, values: Text, rows: list[tuple[str, str]]) -> None:
    labels.set_text("\n".join(label for label, _v in rows))
    values.set_text("\n".join(value for _l, value in rows))


def _rows(
    fig: Figure,
    top: float,
    rows: list[tuple[str, str]],
    size: float,
    gap: float,
    rules: bool = True,
) -> None:
    """Label and value columns as two multi-line texts: far cheaper to draw than one per cell."""
    labels, values = _columns(fig, top, size, gap)
    _fill(labels, values, rows)
    for i in range(1, len(rows) if rules else 0):
        y = top - i * gap + gap * 0.22
        fig.add_artist(
            Line2D([0.08, 0.92], [y, y], transform=fig.transFigure, color="#d9d9d9", linewidth=0.6)
        )


def _cover(report: AnnualReport) -> Figure:
    fig = _page()
    title, subtitle = _title(report)
    _text(fig, 0.08, 0.92, title, 24, fontweight="bold")
    _text(fig, 0.08, 0.885, subtitle, 14, color=drawing.BLUE)
    period = report.dashboard.period
    _text(fig, 0.08, 0.86, fmt.period(period.start, period.end), 10)
    rows = key_figures(report.dashboard)
    _rows(fig, 0.82, rows, 13, min(0.045, 0.7 / max(1, len(rows))))
    _text(
        fig,
        0.08,
        0.06,
        _(
            "Figures from closed meal services. A figure drawn from diners' "
            "answers that rests on fewer than 5 answers is not shown."
        ),
        8,
    )
    _text(fig, 0.08, 0.045, _("Generated on {date}.", date=fmt.day(clock.utc_today())), 8)
    return fig


def covers_per_month(ax: Axes, board: Dashboard, currency: str | None = None) -> None:
    months: dict[object, int] = {}
    for m in board.months:
        months[m.month] = months.get(m.month, 0) + m.covers
    keys = sorted(months)  # type: ignore[type-var]
    drawing._style(ax, _("Covers per month"), _("Covers"))
    ax.bar(range(len(keys)), [months[k] for k in keys], color=drawing.BLUE, width=0.7)
    drawing._x_labels(ax, [fmt.month_short(k) for k in keys])  # type: ignore[arg-type]
    drawing._int_axis(ax)


def _charts_page(draws: list[Draw], board: Dashboard) -> Figure:
    """Charts one above the other. Fixed margins (more on the left where the bars are labelled
    with words, room below each chart for its legend): a layout engine would cost more than
    the drawing itself."""
    fig = Figure(figsize=A4, dpi=72)
    grid = fig.add_gridspec(
        len(draws),
        1,
        height_ratios=[h for _d, _c, h in draws],
        left=0.12,
        right=0.95,
        top=0.96,
        bottom=0.07,
        hspace=0.42,
    )
    for row, (draw, currency, _h) in enumerate(draws):
        ax = fig.add_subplot(grid[row])
        box, left = ax.get_position(), _LEFT_MARGINS.get(draw, 0.12)
        ax.set_position((left, box.y0, 0.95 - left, box.height))
        draw(ax, board, currency)
    return fig


_LEFT_MARGINS: dict[Callable[..., None], float] = {
    drawing.welcome_survey: 0.36,
    drawing.payment_methods: 0.24,
}


def _chart_pages(board: Dashboard) -> list[list[Draw]]:
    pages: list[list[Draw]] = []
    first: list[Draw] = [(covers_per_month, None, 1.0)]
    for index, currency in enumerate(board.currencies):
        if index == 0:
            first.append((drawing.takings_groceries, currency, 1.0))
        else:
            pages.append(
                [(drawing.takings_groceries, currency, 1.0), (drawing.average_cost, currency, 1.0)]
            )
    first.append((drawing.pay_forward, None, 1.0))
    pages.insert(0, first)
    if board.currencies:
        pages.insert(
            1,
            [
                (drawing.average_cost, board.currencies[0], 1.0),
                (drawing.payment_methods, None, 0.8),
                (drawing.welcome_survey, None, 0.5 + 0.25 * len(board.totals.survey)),
            ],
        )
    optional: list[Draw] = []
    if board.has_forecast:
        optional.append((drawing.forecast, None, 1.0))
    if board.volunteers is not None:
        optional.append((drawing.volunteers, None, 1.0))
    if optional:
        pages.append(optional)
    return pages


def _canteen_rows(item: CanteenFigures) -> list[tuple[str, str]]:
    f = item.figures
    rows = [
        (_("Meal services"), fmt.number(f.services)),
        (_("Covers served"), fmt.number(f.covers)),
        (
            _("First visits"),
            _(TOO_FEW)
            if f.first_visits.first_covers is None
            else fmt.number(f.first_visits.first_covers),
        ),
    ]
    for m in f.money:
        average = per_cover(m.takings_minor, m.covers, m.currency)
        cost = per_cover(m.groceries_minor, m.covers, m.currency)
        rows += [
            (_("Takings"), fmt.money(m.takings_minor, m.currency)),
            (_("Groceries' cost"), fmt.money(m.groceries_minor, m.currency)),
            (
                _("Share of costs covered by contributions"),
                share_text(m.takings_minor, m.groceries_minor),
            ),
            (
                _("Average contribution per cover"),
                fmt.money(average[0], m.currency) if average else fmt.DASH,
            ),
            (_("Cost per portion"), fmt.money(cost[0], m.currency) if cost else fmt.DASH),
        ]
    rows += [
        (
            _("Meals paid forward: given / used"),
            f"{fmt.number(f.pay_forward_given)} / {fmt.number(f.pay_forward_used)}",
        ),
    ]
    rows += [(_(QUESTIONS[r.question]), survey_share_text(f, r.question)) for r in f.survey]
    return rows


class CanteenPage:
    """The page of one canteen, drawn once and refilled for each canteen.

    A network has hundreds of canteens: building the page's texts and shapes once and only
    changing their words and heights keeps each page to a few milliseconds of drawing."""

    LEFT, BOTTOM, WIDTH, HEIGHT = 0.08, 0.08, 0.84, 0.26

    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.months: list[date] = sorted({m.month for m in report.dashboard.months})
        self.covers: dict[int, dict[date, int]] = {}
        for m in report.canteen_months:
            self.covers.setdefault(m.canteen_id, {})[m.month] = m.covers
        fig = self.fig = _page()
        self.name = _text(fig, 0.08, 0.93, "", 18, fontweight="bold")
        self.place = _text(fig, 0.08, 0.905, "", 11, color=drawing.BLUE)
        self.labels, self.values = _columns(fig, 0.87, 10, 0.028)
        left, bottom, width, height = self.LEFT, self.BOTTOM, self.WIDTH, self.HEIGHT
        _text(fig, left, bottom + height + 0.03, _("Covers per month"), 12, fontweight="bold")
        fig.add_artist(
            Line2D(
                [left, left + width],
                [bottom, bottom],
                transform=fig.transFigure,
                color=drawing.INK,
                linewidth=0.8,
            )
        )
        self.slot = width / max(1, len(self.months))
        self.numbers = []
        for i, month in enumerate(self.months):
            x = left + i * self.slot + self.slot / 2
            _text(fig, x, bottom - 0.02, fmt.month_short(month), 8, mirror=False, ha="center")
            self.numbers.append(
                fig.text(
                    x, bottom, "", fontsize=8, ha="center", color=drawing.INK, parse_math=False
                )
            )
        self.bars = PolyCollection(
            [], transform=fig.transFigure, facecolors=drawing.BLUE, edgecolors="none"
        )
        fig.add_artist(self.bars)

    def fill(self, item: CanteenFigures) -> Figure:
        info = item.canteen
        self.name.set_text(info.name)
        place = f"{info.city} — {info.neighbourhood}" if info.neighbourhood else info.city
        self.place.set_text(f"{place} · {self.report.year}")
        rows = _canteen_rows(item)
        _fill(self.labels, self.values, rows)
        covers = self.covers.get(info.id, {})
        values = [covers.get(month, 0) for month in self.months]
        top = max([*values, 1])
        verts = []
        for i, (value, number) in enumerate(zip(values, self.numbers, strict=True)):
            x, bar = self.LEFT + i * self.slot, self.HEIGHT * value / top
            x0, x1, y0 = x + self.slot * 0.15, x + self.slot * 0.85, self.BOTTOM
            verts.append([(x0, y0), (x1, y0), (x1, y0 + bar), (x0, y0 + bar)])
            number.set_text(fmt.number(value))
            number.set_y(y0 + bar + 0.005)
        self.bars.set_verts(verts)
        return self.fig


def render(report: AnnualReport, progress: Progress | None = None) -> bytes:
    """The report as PDF bytes, in the current language."""
    board = report.dashboard
    chart_pages = _chart_pages(board) if board.totals.services else []
    canteen_pages = board.canteens if board.canteen is None or board.totals.services else []
    total = 1 + len(chart_pages) + len(canteen_pages)
    buffer = io.BytesIO()
    title, subtitle = _title(report)
    metadata = {"Title": f"{title} — {subtitle}", "Creator": "Tablée", "Producer": "Tablée"}
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    with PdfPages(buffer, metadata=metadata) as pdf:
        _save(pdf, _cover(report))
        step()
        for draws in chart_pages:
            _save(pdf, _charts_page(draws, board))
            step()
        if canteen_pages:
            page = CanteenPage(report)
            for item in canteen_pages:
                _save(pdf, page.fill(item))
                step()
    return buffer.getvalue()


# Narrow and thin spaces (French numbers: "1 234 €") have no glyph in the PDF core fonts.
_SPACES = str.maketrans({"\u202f": "\u00a0", "\u2009": "\u00a0"})


def _save(pdf: PdfPages, fig: Figure) -> None:
    """Save a page; in the PDF's own fonts (Helvetica) when every text fits them.

    Shaping and embedding DejaVu glyphs costs milliseconds per text, five times the core fonts:
    for a network's report of hundreds of pages that is the difference. Other scripts (Arabic…)
    keep the embedded fonts."""
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    for text in texts:
        text.set_text(text.get_text().translate(_SPACES))
    try:
        for text in texts:
            text.get_text().encode("cp1252")
        core = True
    except UnicodeEncodeError:
        core = False
    with matplotlib.rc_context({"pdf.use14corefonts": core}):
        pdf.savefig(fig)
