"""The key figures of a dashboard or report, as (label, value) in the reader's language."""

from __future__ import annotations

from canteen import i18n
from canteen.reports import formatting as fmt
from canteen.reports import rules
from canteen.reports.cells import TOO_FEW
from canteen.reports.schemas import Dashboard, Figures

_ = i18n.gettext


def share_text(part: int | None, whole: int | None) -> str:
    if part is None:
        return _(TOO_FEW)
    return fmt.percent(rules.share(part, whole))


def survey_share_text(figures: Figures, question: str) -> str:
    result = next((r for r in figures.survey if r.question == question), None)
    if result is None:
        return fmt.DASH
    return _(
        "{share} of {n} answers",
        share=share_text(result.positive, result.answers),
        n=fmt.number(result.answers),
    )


def key_figures(board: Dashboard, volunteers: bool = True) -> list[tuple[str, str]]:
    """(label, value) pairs of the report's first page, in the reader's language."""
    t = board.totals
    rows: list[tuple[str, str]] = []
    if board.canteen is None:
        rows += [
            (_("Canteens"), fmt.number(len(board.canteens))),
            (_("Cities"), fmt.number(board.cities)),
            (_("Neighbourhoods"), fmt.number(board.neighbourhoods)),
        ]
    first = t.first_visits.first_covers
    rows += [
        (_("Meal services"), fmt.number(t.services)),
        (_("Covers served"), fmt.number(t.covers)),
        (_("First visits"), _(TOO_FEW) if first is None else fmt.number(first)),
    ]
    if volunteers and board.volunteers is not None:
        rows += [
            (_("Volunteers"), fmt.number(board.volunteers.volunteers)),
            (_("Volunteer hours"), fmt.number(rules.hours(board.volunteers.minutes))),
        ]
    for money in t.money:
        rows.append(
            (
                _("Takings ({currency})", currency=money.currency),
                fmt.money(money.takings_minor, money.currency),
            )
        )
        rows.append(
            (
                _("Share of costs covered by contributions ({currency})", currency=money.currency),
                share_text(money.takings_minor, money.groceries_minor),
            )
        )
    rows += [
        (
            _("Meals paid forward: given / used"),
            f"{fmt.number(t.pay_forward_given)} / {fmt.number(t.pay_forward_used)}",
        ),
        (_("Felt welcome as they are"), survey_share_text(t, "welcome")),
        (_("Met someone new"), survey_share_text(t, "met_someone")),
    ]
    return rows
