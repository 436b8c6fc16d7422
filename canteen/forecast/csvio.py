"""Reading covers spreadsheets (CSV) exported by people: every problem named with its line.

Accepted: a header line, comma, semicolon or tab separated (French spreadsheets use
semicolons), dates as 2025-03-14 or 14/03/2025, UTF-8 with or without a byte-order mark.

A history (site,date,covers) or a list of days to forecast (site,date) may add a last column
`mark`: empty for a usual day, or closed, holiday, special, strike (French words too: fermé,
vacances, férié, spécial, grève), or an expected change in covers, signed (-30, +15) or written
"change -30". A day marked closed may leave its covers empty. Files without the column read
exactly as before.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from canteen import i18n
from canteen.errors import N_
from canteen.forecast.marks import Mark

MAX_COVERS = 100_000
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
EMPTY_FILE = N_("The file is empty.")
NOT_UTF8 = N_("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")
BAD_HEADER = N_("Line {line}: the first line must name the columns {expected}.")
BAD_COLUMNS = N_("Line {line}: {expected} values were expected, {found} found.")
BAD_DATE = N_("Line {line}: '{value}' is not a date (write 2025-03-14 or 14/03/2025).")
BAD_COVERS = N_("Line {line}: '{value}' is not a number of covers (a whole number, 0 or more).")
NO_SITE = N_("Line {line}: the site is missing.")
DUPLICATE = N_("Line {line}: {date} is already on line {first}.")
UNREADABLE = N_("Line {line}: this line cannot be read as CSV.")
BAD_MARK = N_(
    "Line {line}: '{value}' is not a mark: leave it empty, or write closed, holiday, special, "
    "strike, or a change in covers such as -30 or +15."
)
MARK_COLUMN = "mark"
MARK_WORDS = {
    "closed": "closed",
    "fermé": "closed",
    "ferme": "closed",
    "holiday": "holiday",
    "holidays": "holiday",
    "vacances": "holiday",
    "férié": "holiday",
    "ferie": "holiday",
    "special": "special",
    "spécial": "special",
    "strike": "strike",
    "grève": "strike",
    "greve": "strike",
}
CHANGE = re.compile(r"(?:(?:change|changement)\s*[:=]?\s*([+-]?)|([+-]))\s*(\d+(?:[.,]\d+)?)")


@dataclass
class LineError:
    """One problem in a file: a line number and a message to translate."""

    line: int
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return i18n.gettext(self.msgid, line=self.line, **self.params)


def decode(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=1 << 16)
def parse_date(value: str) -> date | None:
    """2025-03-14 or 14/03/2025 (day first, as French, Belgian and Québec spreadsheets write)."""
    value = value.strip()
    try:
        if ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
        found = DAY_FIRST.fullmatch(value)
        if found:
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def parse_covers(value: str, whole: bool = True) -> float | None:
    text = value.strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0 or number > MAX_COVERS:
        return None
    if whole and number != int(number):
        return None
    return number


class Unreadable(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank line; the delimiter is read from the header."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text.replace("\0", "\ufffd")), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error:
        raise Unreadable(reader.line_num + 1) from None
    return rows


def _header(rows: list[tuple[int, list[str]]], columns: tuple[str, ...]) -> list[LineError]:
    if not rows:
        return [LineError(1, EMPTY_FILE)]
    line, cells = rows[0]
    if tuple(cell.lower() for cell in cells) != columns:
        return [LineError(line, BAD_HEADER, {"expected": ",".join(columns)})]
    return []


def _read(
    text: str, columns: tuple[str, ...]
) -> tuple[list[tuple[int, list[str]]], list[LineError]]:
    try:
        rows = _rows(text)
    except Unreadable as unreadable:
        return [], [LineError(unreadable.line, UNREADABLE)]
    return rows, _header(rows, columns)


def _shape(line: int, cells: list[str], columns: tuple[str, ...]) -> LineError | None:
    if len(cells) != len(columns):
        return LineError(line, BAD_COLUMNS, {"expected": len(columns), "found": len(cells)})
    return None


def parse_mark(value: str) -> Mark | None | bool:
    """A mark cell: a Mark, None when empty, False when it cannot be read."""
    text = value.strip().lower()
    if not text:
        return None
    if text in MARK_WORDS:
        return Mark(MARK_WORDS[text])
    found = CHANGE.fullmatch(text)
    if found is None:
        return False
    sign = found.group(1) or found.group(2) or "+"
    number = float(found.group(3).replace(",", "."))
    if number > MAX_COVERS:
        return False
    return Mark("change", -number if sign == "-" else number)


def _columns(
    rows: list[tuple[int, list[str]]], columns: tuple[str, ...]
) -> tuple[tuple[str, ...], list[LineError]]:
    """The header's columns: `columns`, or `columns` and a last `mark` column."""
    marked = (*columns, MARK_COLUMN)
    if rows and tuple(cell.lower() for cell in rows[0][1]) == marked:
        return marked, []
    return columns, _header(rows, columns)


def _cells(line: int, cells: list[str], columns: tuple[str, ...]) -> list[str] | LineError:
    """The row's cells; a missing last mark cell reads as empty."""
    if columns[-1] == MARK_COLUMN and len(cells) == len(columns) - 1:
        cells = [*cells, ""]
    return _shape(line, cells, columns) or cells


def read_marked_history(
    text: str,
) -> tuple[list[tuple[str, date, float]], dict[tuple[str, date], Mark], list[LineError]]:
    """site,date,covers[,mark] rows; a site's date given twice is an error."""
    try:
        rows = _rows(text)
    except Unreadable as unreadable:
        return [], {}, [LineError(unreadable.line, UNREADABLE)]
    columns, problems = _columns(rows, ("site", "date", "covers"))
    if problems:
        return [], {}, problems
    found: list[tuple[str, date, float]] = []
    marks: dict[tuple[str, date], Mark] = {}
    first_line: dict[tuple[str, date], int] = {}
    for line, raw in rows[1:]:
        cells = _cells(line, raw, columns)
        if isinstance(cells, LineError):
            problems.append(cells)
            continue
        mark = parse_mark(cells[3]) if len(cells) > 3 else None
        site, day = cells[0], parse_date(cells[1])
        closed = isinstance(mark, Mark) and mark.kind == "closed"
        covers = 0.0 if closed and not cells[2] else parse_covers(cells[2], whole=False)
        if not site:
            problems.append(LineError(line, NO_SITE))
        if day is None:
            problems.append(LineError(line, BAD_DATE, {"value": cells[1][:40]}))
        if covers is None:
            problems.append(LineError(line, BAD_COVERS, {"value": cells[2][:40]}))
        if mark is False:
            problems.append(LineError(line, BAD_MARK, {"value": cells[3][:40]}))
        if not site or day is None or covers is None or mark is False:
            continue
        if (site, day) in first_line:
            first = first_line[(site, day)]
            problems.append(LineError(line, DUPLICATE, {"date": day.isoformat(), "first": first}))
            continue
        first_line[(site, day)] = line
        found.append((site, day, covers))
        if isinstance(mark, Mark):
            marks[(site, day)] = mark
    if len(rows) == 1:
        problems.append(LineError(rows[0][0], EMPTY_FILE))
    return found, marks, problems


def read_history(text: str) -> tuple[list[tuple[str, date, float]], list[LineError]]:
    """site,date,covers rows (a mark column, if any, is read and checked, then left out)."""
    found, _marks, problems = read_marked_history(text)
    return found, problems


def read_marked_targets(
    text: str,
) -> tuple[list[tuple[str, date]], dict[tuple[str, date], Mark], bool, list[LineError]]:
    """site,date[,mark] rows to forecast; the bool says whether the file has a mark column."""
    try:
        rows = _rows(text)
    except Unreadable as unreadable:
        return [], {}, False, [LineError(unreadable.line, UNREADABLE)]
    columns, problems = _columns(rows, ("site", "date"))
    if problems:
        return [], {}, False, problems
    found: list[tuple[str, date]] = []
    marks: dict[tuple[str, date], Mark] = {}
    for line, raw in rows[1:]:
        cells = _cells(line, raw, columns)
        if isinstance(cells, LineError):
            problems.append(cells)
            continue
        day = parse_date(cells[1])
        mark = parse_mark(cells[2]) if len(cells) > 2 else None
        if not cells[0]:
            problems.append(LineError(line, NO_SITE))
        if day is None:
            problems.append(LineError(line, BAD_DATE, {"value": cells[1][:40]}))
        if mark is False:
            problems.append(LineError(line, BAD_MARK, {"value": cells[2][:40]}))
        if cells[0] and day is not None and mark is not False:
            found.append((cells[0], day))
            if isinstance(mark, Mark):
                marks[(cells[0], day)] = mark
    if len(rows) == 1:
        problems.append(LineError(rows[0][0], EMPTY_FILE))
    return found, marks, len(columns) == 3, problems


def read_targets(text: str) -> tuple[list[tuple[str, date]], list[LineError]]:
    """site,date rows to forecast (a mark column, if any, is read and checked, then left out)."""
    found, _marks, _marked, problems = read_marked_targets(text)
    return found, problems


def read_covers(text: str) -> tuple[list[tuple[int, date, int]], list[LineError]]:
    """date,covers rows of one canteen: (line, date, covers)."""
    columns = ("date", "covers")
    rows, problems = _read(text, columns)
    if problems:
        return [], problems
    found: list[tuple[int, date, int]] = []
    first_line: dict[date, int] = {}
    for line, cells in rows[1:]:
        bad = _shape(line, cells, columns)
        if bad:
            problems.append(bad)
            continue
        day, covers = parse_date(cells[0]), parse_covers(cells[1])
        if day is None:
            problems.append(LineError(line, BAD_DATE, {"value": cells[0][:40]}))
        if covers is None:
            problems.append(LineError(line, BAD_COVERS, {"value": cells[1][:40]}))
        if day is None or covers is None:
            continue
        if day in first_line:
            first = first_line[day]
            problems.append(LineError(line, DUPLICATE, {"date": day.isoformat(), "first": first}))
            continue
        first_line[day] = line
        found.append((line, day, int(covers)))
    if len(rows) == 1:
        problems.append(LineError(rows[0][0], EMPTY_FILE))
    return found, problems
