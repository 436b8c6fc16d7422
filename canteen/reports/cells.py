"""A report table's shape and cells: HTML (localised) and CSV (plain), and what a hidden one says.

A value of HIDDEN is a figure protected for privacy ("too few answers to show"); None is a
figure that does not apply (an average with no covers).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import msgspec

from canteen import i18n
from canteen.errors import N_
from canteen.meals.services import QUESTIONS
from canteen.money import to_decimal
from canteen.reports import formatting, rules


class Hidden:
    """A figure hidden to protect diners' anonymity."""

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN = Hidden()
TOO_FEW = N_("too few answers to show")
FILE_NAME = N_("annual-report")  # the annual report's file name, before the year

METHOD_LABELS = {
    "cash": N_("Cash"),
    "card": N_("Card"),
    "voucher": N_("Meal voucher"),
    "credit": N_("Paid-forward meal used"),
    "nothing": N_("Nothing today"),
}
SMILEY_LABELS = (N_("Not at all"), N_("A little"), N_("Yes"), N_("Very much"))


class Column(msgspec.Struct, frozen=True):
    key: str
    title: str  # msgid
    # text | label (a msgid) | question | int | money (amount, currency) | share | week | month
    kind: str = "int"


class ExportTable(msgspec.Struct, kw_only=True):
    name: str  # in URLs: /csv/<name>.csv
    title: str  # msgid
    columns: list[Column]
    rows: list[list[Any]]

    @property
    def has_hidden(self) -> bool:
        return any(value is HIDDEN for row in self.rows for value in row)


def ratio(part: int | None, whole: int | None) -> float | Hidden | None:
    """A share for display (percentages are not money): HIDDEN if the part is protected."""
    if part is None:
        return HIDDEN
    return rules.share(part, whole)


def kept(value: int | None) -> int | Hidden:
    return HIDDEN if value is None else value


def per_cover(amount_minor: int, covers: int, currency: str) -> tuple[int, str] | None:
    """An amount per cover (see rules.per_cover), with its currency."""
    average = rules.per_cover(amount_minor, covers)
    return None if average is None else (average, currency)


# --- rendering ----------------------------------------------------------------------------------


def html_cell(column: Column, value: Any, language: str | None = None) -> str:
    """A value as the reader reads it ('1 234,50 €', '97 %', 'mars 2026')."""
    if value is HIDDEN:
        return i18n.gettext(TOO_FEW)
    if value is None:
        return formatting.DASH
    kind = column.kind
    if kind == "money":
        return formatting.money(value[0], value[1], language)
    if kind == "share":
        return formatting.percent(value, language)
    if kind == "week":
        return formatting.week(value, language)
    if kind == "month":
        return formatting.month(value, language)
    if kind == "label":
        return i18n.gettext(value)
    if kind == "question":
        return i18n.gettext(QUESTIONS.get(value, value))
    if kind == "hours":
        return formatting.number(round(value / 60, 1), language)
    if kind == "int":
        return formatting.number(value, language)
    return str(value)


def csv_cell(column: Column, value: Any) -> str:
    """A value for a spreadsheet: ISO dates, '1234.50', shares as 0.973; hidden ones empty; text
    that a spreadsheet would run as a formula ('=HYPERLINK(…)') made inert."""
    if value is HIDDEN or value is None:
        return ""
    kind = column.kind
    if kind == "money":
        return str(to_decimal(value[0], value[1]))
    if kind == "share":
        return str(Decimal(value).quantize(Decimal("0.0001")))
    if kind in ("week", "month"):
        return value.isoformat()
    if kind == "question":
        return rules.spreadsheet_text(i18n.gettext(QUESTIONS.get(value, value)))
    if kind == "label":
        return rules.spreadsheet_text(i18n.gettext(value))
    if kind == "hours":
        return str((Decimal(value) / 60).quantize(Decimal("0.01")))
    if isinstance(value, str):
        return rules.spreadsheet_text(value)
    return str(value)


def to_csv(table: ExportTable) -> str:
    """UTF-8 CSV with a byte-order mark (spreadsheets then read accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    note = table.has_hidden
    header = [rules.spreadsheet_text(i18n.gettext(column.title)) for column in table.columns]
    writer.writerow([*header, i18n.gettext(N_("Note"))] if note else header)
    for row in table.rows:
        cells = [csv_cell(column, value) for column, value in zip(table.columns, row, strict=True)]
        if note:
            cells.append(i18n.gettext(TOO_FEW) if any(v is HIDDEN for v in row) else "")
        writer.writerow(cells)
    return "\ufeff" + buffer.getvalue()
