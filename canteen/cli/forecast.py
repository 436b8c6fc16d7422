"""`canteen forecast backtest|predict` on any history, and `canteen import covers`.

Backtest and predict read CSV files and need no database: a network can check the forecast on
its own spreadsheets before it runs Tablée.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table as RichTable

from canteen import i18n
from canteen.cli.common import close, connect
from canteen.errors import N_, NotFound
from canteen.forecast import backtest, csvio, importing, model, predicting
from canteen.forecast.importing import MAX_LINES, TOO_LARGE
from canteen.network.services import get_canteen_by_slug
from canteen.reports.rules import spreadsheet_text

CANNOT_READ = N_("Cannot read {path}.")
MORE_ERRORS = N_("… and {count} more problems.")
NO_HISTORY_FOR = N_("Line {line}: no history for the site '{site}': no forecast.")
IMPORTED = N_("{count} days of covers imported for {canteen}.")
NOTHING_CHANGED = N_("Nothing was imported: fix these lines and run the command again.")
NO_SUCH_CANTEEN = N_("No canteen with the id '{canteen}'.")
SHOWN_ERRORS = 50


def _language(args: argparse.Namespace) -> None:
    """The user's language: --lang, then the environment's locale, then the default."""
    candidates = [getattr(args, "lang", None)]
    candidates += [os.environ.get(name) for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    i18n.current_language.set(i18n.negotiate([c for c in candidates if c and c[:1] != "C"]))


def _read_text(path: Path, limit: int | None = None) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1 if limit else -1)
    except OSError:
        raise _Refused([i18n.gettext(CANNOT_READ, path=str(path))]) from None
    if limit and len(raw) > limit:
        raise _Refused([i18n.gettext(TOO_LARGE, lines=MAX_LINES, megabytes=limit // 10**6)])
    text = csvio.decode(raw)
    if text is None:
        raise _Refused([i18n.gettext(csvio.NOT_UTF8)])
    return text


class _Refused(Exception):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines


def _problems(errors: list[csvio.LineError]) -> list[str]:
    lines = [error.text() for error in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        lines.append(i18n.gettext(MORE_ERRORS, count=len(errors) - SHOWN_ERRORS))
    return lines


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 1


def _figure(value: float, percent: bool = False) -> str:
    """A figure in the user's language: '22,3 %' in French, '22.3%' in English."""
    from babel.numbers import format_decimal, format_percent

    if value != value:  # NaN: nothing to score
        return "—"
    if percent:
        return format_percent(value, "#,##0.0%", locale=i18n.language())
    return format_decimal(value, "#,##0.00", locale=i18n.language())


def main_backtest(history: Path, quiet: bool = False, weeks: int = backtest.WEEKS) -> int:
    """Print per-site and overall scores; the last line is one JSON object."""
    try:
        rows, marks, errors = csvio.read_marked_history(_read_text(history))
    except _Refused as refused:
        return _fail(refused.lines)
    if errors:
        return _fail(_problems(errors))
    panel = model.Panel.from_rows(rows)
    per_site, total = backtest.backtest(panel, marks, weeks)
    _ = i18n.gettext
    table = RichTable(
        title=_(
            "Backtest: each of the last {weeks} weeks forecast from the days before it", weeks=weeks
        )
    )
    for heading in _headings():
        table.add_column(heading, justify="left" if heading == _("site") else "right")

    def add(name: str, scores: backtest.Scores, **style: Any) -> None:
        table.add_row(
            name,
            str(scores.points),
            _figure(scores.wape, True),
            _figure(scores.wape_naive, True),
            _figure(scores.wape_median, True),
            _figure(scores.mae),
            _figure(scores.mae_naive),
            _figure(scores.coverage, True),
            **style,
        )

    if not quiet:
        for site, scores in per_site.items():
            add(site, scores)
        table.add_section()
    add(_("all sites"), total, style="bold")
    Console(width=max(140, Console().width)).print(table)
    reduction = 1 - total.wape / total.wape_naive if total.wape_naive else float("nan")
    summary = {
        "sites": len(panel.sites),
        "points": total.points,
        "wape": _rounded(total.wape),
        "wape_naive": _rounded(total.wape_naive),
        "wape_median": _rounded(total.wape_median),
        "wape_reduction": _rounded(reduction),
        "mae": _rounded(total.mae),
        "mae_naive": _rounded(total.mae_naive),
        "coverage_80": _rounded(total.coverage),
        "missing": total.missing,
    }
    print(json.dumps(summary), flush=True)
    return 0


def _headings() -> tuple[str, ...]:
    _ = i18n.gettext
    return (
        _("site"),
        _("forecasts scored"),
        _("WAPE Tablée"),
        _("WAPE seasonal naive"),
        _("WAPE 8-week median"),
        _("MAE Tablée"),
        _("MAE seasonal naive"),
        _("inside the 80% interval"),
    )


def _rounded(value: float) -> float | None:
    return None if value != value else round(value, 4)


def main_predict(history: Path, targets: Path) -> int:
    """Print CSV site,date,expected,low,high for each target; with a mark column in the
    targets, two more: the mark and the covers it added (mark_effect, negative: fewer)."""
    try:
        rows, marks, errors = csvio.read_marked_history(_read_text(history))
        wanted, target_marks, marked, target_errors = csvio.read_marked_targets(_read_text(targets))
    except _Refused as refused:
        return _fail(refused.lines)
    if errors or target_errors:
        target_lines = [f"{targets}: {line}" for line in _problems(target_errors)]
        return _fail(_problems(errors) + target_lines)
    panel = model.Panel.from_rows(rows)
    out = sys.stdout
    out.write("site,date,expected,low,high" + (",mark,mark_effect\n" if marked else "\n"))
    unknown: list[str] = []
    found_all = predicting.predict(panel, wanted, marks={**marks, **target_marks})
    for number, ((site, day), found) in enumerate(zip(wanted, found_all, strict=True), start=2):
        if found is None:
            out.write(f"{_csv_cell(site)},{day.isoformat()},,,{',,' if marked else ''}\n")
            unknown.append(i18n.gettext(NO_HISTORY_FOR, line=number, site=site))
            continue
        line = f"{_csv_cell(site)},{day.isoformat()},{found.expected},{found.low},{found.high}"
        if marked:
            line += f",{found.mark},{found.mark_effect if found.mark else ''}"
        out.write(line + "\n")
    out.flush()
    for line in unknown[:SHOWN_ERRORS]:
        print(line, file=sys.stderr)
    return 0


def _csv_cell(value: str) -> str:
    value = spreadsheet_text(value)  # a site named "=HYPERLINK(…)" is not run as a formula
    if any(ch in value for ch in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def cmd_backtest(_settings: Any, args: argparse.Namespace) -> int:
    _language(args)
    return main_backtest(args.history, quiet=args.summary, weeks=args.weeks)


def cmd_predict(_settings: Any, args: argparse.Namespace) -> int:
    _language(args)
    return main_predict(args.history, args.targets)


def cmd_import_covers(settings: Any, args: argparse.Namespace) -> int:
    _language(args)
    try:
        text = _read_text(args.file, importing.MAX_BYTES)
    except _Refused as refused:
        return _fail(refused.lines)

    async def run() -> int:
        await connect(settings)
        try:
            try:
                canteen = await get_canteen_by_slug(args.canteen)
            except NotFound:
                return _fail([i18n.gettext(NO_SUCH_CANTEEN, canteen=args.canteen)])
            try:
                count = await importing.import_covers(canteen["id"], text, replace=args.replace)
            except importing.CoversImportRejected as rejected:
                return _fail(_problems(rejected.errors) + [i18n.gettext(NOTHING_CHANGED)])
        finally:
            await close()
        print(i18n.gettext(IMPORTED, count=count, canteen=canteen["name"]))
        return 0

    return asyncio.run(run())


def _group(subparsers: Any, name: str, help_text: str) -> Any:
    """The sub-commands of `canteen NAME`, shared with other domains that add to it."""
    existing = subparsers.choices.get(name)
    if existing is not None:
        for action in existing._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
    parser = subparsers.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=f"{name}_command", required=True)


def register(subparsers: Any) -> None:
    """Add `canteen forecast backtest|predict` and `canteen import covers`."""
    forecast = _group(subparsers, "forecast", "forecast covers from any history (CSV)")
    scoring = forecast.add_parser(
        "backtest", help="score the forecast against the seasonal naive and the 8-week median"
    )
    scoring.add_argument("history", type=Path, help="CSV with columns site,date,covers[,mark]")
    scoring.add_argument(
        "--weeks",
        type=int,
        default=backtest.WEEKS,
        choices=range(1, 261),
        metavar="1-260",
        help="the last weeks scored, each forecast from the days before its Monday",
    )
    scoring.add_argument("--summary", action="store_true", help="only the overall line")
    scoring.add_argument("--lang", help="language of the messages (fr, en, es, nl, ar)")
    scoring.set_defaults(func=cmd_backtest, needs_settings=False)
    predict = forecast.add_parser("predict", help="forecast covers for the given sites and dates")
    predict.add_argument("history", type=Path, help="CSV with columns site,date,covers[,mark]")
    predict.add_argument("targets", type=Path, help="CSV with columns site,date[,mark]")
    predict.add_argument("--lang", help="language of the messages (fr, en, es, nl, ar)")
    predict.set_defaults(func=cmd_predict, needs_settings=False)
    importer = _group(subparsers, "import", "load data from spreadsheets")
    covers = importer.add_parser(
        "covers", help="load a canteen's past covers (CSV date,covers), all or nothing"
    )
    covers.add_argument("file", type=Path, help="CSV with columns date,covers")
    covers.add_argument("--canteen", required=True, help="the canteen's id (slug)")
    covers.add_argument(
        "--replace", action="store_true", help="overwrite covers imported before for those dates"
    )
    covers.add_argument("--lang", help="language of the messages (fr, en, es, nl, ar)")
    covers.set_defaults(func=cmd_import_covers)
