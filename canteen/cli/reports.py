"""`canteen report annual --year 2026 [--canteen SLUG] [--lang fr] --out report.pdf`."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from canteen import i18n
from canteen.cli.common import close, connect, console
from canteen.errors import DomainError
from canteen.reports import pdf, rollup, services
from canteen.reports.rules import Period
from canteen.settings import Settings


def register(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="reports: the annual impact report, rollups")
    actions = report.add_subparsers(dest="report_action", required=True)
    annual = actions.add_parser("annual", help="the annual impact report as a PDF")
    annual.add_argument("--year", type=int, required=True)
    annual.add_argument("--canteen", help="one canteen's id (slug); the whole network if absent")
    annual.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="the report's language")
    annual.add_argument("--out", type=Path, help="the PDF to write (default annual-report-…)")
    annual.set_defaults(func=cmd_annual)
    rollup = actions.add_parser(
        "rollup", help="sum up every closed meal service now (reports otherwise do it on demand)"
    )
    rollup.set_defaults(func=cmd_rollup)


def cmd_rollup(settings: Settings, _args: argparse.Namespace) -> int:
    """After an import or on a large network: roll everything up before the first report."""

    async def run() -> int:
        await connect(settings)
        try:
            with Progress(*_columns(), console=console) as progress:
                task = progress.add_task("Summing up closed meal services", total=None)

                def rolling(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                everything = Period(start=date(1970, 1, 1), end=date(9999, 12, 31))
                count = await rollup.refresh(everything, None, rolling)
        finally:
            await close()
        console.print(f"[green]{count:,} meal service(s) summed up[/green]")
        return 0

    return asyncio.run(run())


def _columns() -> tuple[Any, ...]:
    return (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )


def cmd_annual(settings: Settings, args: argparse.Namespace) -> int:
    language = args.lang or settings.default_language
    out = args.out or Path(
        f"annual-report-{args.year}{'-' + args.canteen if args.canteen else ''}.pdf"
    )
    columns = _columns()

    async def run() -> int:
        await connect(settings)
        token = i18n.current_language.set(language)
        try:
            with Progress(*columns, console=console) as progress:
                rolled = progress.add_task("Summing up closed meal services", total=None)
                canteen_id = None
                if args.canteen:
                    canteen_id = (await services.canteen_by_slug(args.canteen)).id

                def rolling(done: int, total: int) -> None:
                    progress.update(rolled, completed=done, total=total)

                report = await services.annual_report(args.year, canteen_id, rolling)
                progress.update(rolled, total=1, completed=1)
                pages = progress.add_task("Drawing the pages", total=None)

                def drawing(done: int, total: int) -> None:
                    progress.update(pages, completed=done, total=total)

                data = await asyncio.to_thread(pdf.render, report, drawing)
        except DomainError as refused:
            console.print(f"[red]{i18n.gettext(refused.msgid, **refused.params)}[/red]")
            return 2
        finally:
            i18n.current_language.reset(token)
            await close()
        out.write_bytes(data)
        board = report.dashboard
        console.print(
            f"[green]Wrote {out}[/green]: {len(board.canteens)} canteen(s), "
            f"{board.totals.covers:,} covers, {len(data) // 1024:,} KiB"
        )
        return 0

    return asyncio.run(run())
