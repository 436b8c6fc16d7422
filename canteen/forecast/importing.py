"""Past covers from a spreadsheet, for a canteen that counted them before Tablée.

Kept apart from meal services (ImportedCovers): a day from a spreadsheet has no takings,
groceries, check-ins or survey, and inventing meal services for it would skew every report
built on them (takings per cover, cost per portion, first visits). The forecast reads both.
"""

from __future__ import annotations

from canteen import clock
from canteen.clock import local_today
from canteen.db import write_transaction
from canteen.errors import N_, DomainError
from canteen.forecast import csvio, history
from canteen.forecast.tables import ImportedCovers
from canteen.network.services import get_canteen

MAX_BYTES = 2_000_000
MAX_LINES = 40_000  # a century of daily services


class CoversImportRejected(DomainError):
    """A file with problems: nothing was imported. `errors` names each bad line."""

    status = 422
    message = N_("The file was not imported: {count} problems. Nothing was changed.")

    def __init__(self, errors: list[csvio.LineError]) -> None:
        super().__init__(count=len(errors))
        self.errors = errors


IN_FUTURE = N_("Line {line}: {date} is not past yet: only past covers can be imported.")
COUNTED_BY_TABLET = N_("Line {line}: on {date} the tablet already counted the covers.")
ALREADY_IMPORTED = N_("Line {line}: {date} was imported before with {covers} covers.")
IMPORT_BATCH = 500
TOO_LARGE = N_("The file is too large: at most {lines} lines and {megabytes} MB.")


async def import_covers(canteen_id: int, text: str, replace: bool = False) -> int:
    """Load a canteen's past covers (CSV date,covers): all lines or none; returns how many.

    A date the tablet already counted is refused; a date imported before with another
    number is refused unless `replace`.
    """
    if len(text.encode("utf-8")) > MAX_BYTES or text.count("\n") > MAX_LINES:
        raise CoversImportRejected(
            [csvio.LineError(1, TOO_LARGE, {"lines": MAX_LINES, "megabytes": MAX_BYTES // 10**6})]
        )
    canteen = await get_canteen(canteen_id)
    today = local_today(canteen["timezone"])
    rows, problems = csvio.read_covers(text)
    problems += [
        csvio.LineError(line, IN_FUTURE, {"date": day.isoformat()})
        for line, day, _covers in rows
        if day >= today
    ]
    if problems:
        raise CoversImportRejected(sorted(problems, key=lambda error: error.line))
    async with write_transaction():
        # Decided inside the transaction: nothing can slip in between the checks and the writes.
        counted = set((await history.covers_by_day(canteen_id, today)).keys())
        imported = {
            history.as_date(row["date"]): int(row["covers"])
            for row in await ImportedCovers.select(
                ImportedCovers.date, ImportedCovers.covers
            ).where(ImportedCovers.canteen == canteen_id)
        }
        tablet_days = counted - set(imported)
        for line, day, covers in rows:
            if day in tablet_days:
                problems.append(csvio.LineError(line, COUNTED_BY_TABLET, {"date": day.isoformat()}))
            elif day in imported and imported[day] != covers and not replace:
                problems.append(
                    csvio.LineError(
                        line, ALREADY_IMPORTED, {"date": day.isoformat(), "covers": imported[day]}
                    )
                )
        if problems:
            raise CoversImportRejected(problems)
        new = [(day, covers) for _line, day, covers in rows if day not in imported]
        for day, covers in ((d, c) for _l, d, c in rows if d in imported and imported[d] != c):
            await ImportedCovers.update(
                {ImportedCovers.covers: covers, ImportedCovers.imported_at: clock.now()}
            ).where((ImportedCovers.canteen == canteen_id) & (ImportedCovers.date == day))
        for start in range(0, len(new), IMPORT_BATCH):
            await ImportedCovers.insert(
                *[
                    ImportedCovers(
                        canteen=canteen_id, date=day, covers=covers, imported_at=clock.now()
                    )
                    for day, covers in new[start : start + IMPORT_BATCH]
                ]
            )
    return len(rows)
