"""Reading covers spreadsheets (CSV) exported by people: every problem named with its line.

Accepted: a header line, comma, semicolon or tab separated (French spreadsheets use
semicolons), dates as 2025-03-14 or 14/03/2025, UTF-8 with or without a byte-order mark.
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

from canteen.errors import N_

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


@dataclass
class LineError:
    """One problem in a file: a line number and a message to translate."""

    line: int
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        from canteen import i18n

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


def read_history(text: str) -> tuple[list[tuple[str, date, float]], list[LineError]]:
    """site,date,covers rows; a site's date given twice is an error."""
    columns = ("site", "date", "covers")
    rows, problems = _read(text, columns)
    if problems:
        return [], problems
    found: list[tuple[str, date, float]] = []
    first_line: dict[tuple[str, date], int] = {}
    for line, cells in rows[1:]:
        bad = _shape(line, cells, columns)
        if bad:
            problems.append(bad)
            continue
        site, day, covers = cells[0], parse_date(cells[1]), parse_covers(cells[2], whole=False)
        if not site:
            problems.append(LineError(line, NO_SITE))
        if day is None:
            problems.append(LineError(line, BAD_DATE, {"value": cells[1][:40]}))
        if covers is None:
            problems.append(LineError(line, BAD_COVERS, {"value": cells[2][:40]}))
        if not site or day is None or covers is None:
            continue
        if (site, day) in first_line:
            first = first_line[(site, day)]
            problems.append(LineError(line, DUPLICATE, {"date": day.isoformat(), "first": first}))
            continue
        first_line[(site, day)] = line
        found.append((site, day, covers))
    if len(rows) == 1:
        problems.append(LineError(rows[0][0], EMPTY_FILE))
    return found, problems


def read_targets(text: str) -> tuple[list[tuple[str, date]], list[LineError]]:
    """site,date rows to forecast."""
    columns = ("site", "date")
    rows, problems = _read(text, columns)
    if problems:
        return [], problems
    found: list[tuple[str, date]] = []
    for line, cells in rows[1:]:
        bad = _shape(line, cells, columns)
        if bad:
            problems.append(bad)
            continue
        day = parse_date(cells[1])
        if not cells[0]:
            problems.append(LineError(line, NO_SITE))
        if day is None:
            problems.append(LineError(line, BAD_DATE, {"value": cells[1][:40]}))
        if cells[0] and day is not None:
            found.append((cells[0], day))
    if len(rows) == 1:
        problems.append(LineError(rows[0][0], EMPTY_FILE))
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
