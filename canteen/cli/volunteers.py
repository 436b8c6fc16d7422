"""`canteen shifts generate` and `canteen reminders send`: safe to run from a timer."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from canteen.cli.common import close, connect, console
from canteen.errors import DomainError
from canteen.network.services import get_canteen_by_slug
from canteen.settings import Settings
from canteen.volunteers import patterns
from canteen.volunteers.mail import Outbox
from canteen.volunteers.reminders import send_reminders


def cmd_shifts(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> int:
        await connect(settings)
        try:
            if args.canteen:
                canteen = await get_canteen_by_slug(args.canteen)
                added = {canteen["slug"]: await patterns.generate_shifts(canteen["id"], args.weeks)}
            else:
                added = await patterns.generate_all(args.weeks)
        except DomainError as error:
            console.print(f"[red]{error}[/red]")
            return 2
        finally:
            await close()
        for slug, count in added.items():
            console.print(f"{slug}: {count} shifts added")
        console.print(f"Shifts for the next {args.weeks} weeks: {sum(added.values())} added.")
        return 0

    return asyncio.run(run())


def cmd_reminders(settings: Settings, _args: argparse.Namespace) -> int:
    async def run() -> int:
        await connect(settings)
        try:
            report = await send_reminders(Outbox(settings))
        finally:
            await close()
        if not settings.smtp_configured:
            console.print("SMTP is not configured (CANTEEN_SMTP_HOST): nothing sent by e-mail.")
        console.print(
            f"Reminders: {report.sent} sent, {report.failed} failed (retried next run), "
            f"{report.by_hand} to give by hand (listed in coordinator mode)."
        )
        return 1 if report.failed else 0

    return asyncio.run(run())


def register(subparsers: Any) -> None:
    shifts = subparsers.add_parser("shifts", help="volunteer shifts")
    shifts.add_argument("action", choices=["generate"])
    shifts.add_argument("--weeks", type=int, default=4, help="how many weeks ahead (default 4)")
    shifts.add_argument("--canteen", help="one canteen's id (slug); default: every canteen")
    shifts.set_defaults(func=cmd_shifts)
    reminders = subparsers.add_parser("reminders", help="day-before reminders to volunteers")
    reminders.add_argument("action", choices=["send"])
    reminders.set_defaults(func=cmd_reminders)
