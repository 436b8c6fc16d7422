"""`canteen backup` and `canteen restore`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from canteen import db
from canteen.backup import BackupError, backup_database, prune, restore_database
from canteen.cli.common import console, where
from canteen.settings import Settings


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    try:
        path = backup_database(settings, Path(args.out) if args.out else None)
    except BackupError as error:
        console.print(f"[red]{error}[/red]", soft_wrap=True)
        return 2
    size = path.stat().st_size
    console.print(f"[green]Backup written[/green]: {path} ({size:,} bytes)", soft_wrap=True)
    if args.keep:
        for old in prune(settings, args.keep):
            console.print(f"Removed old backup {old}", soft_wrap=True)
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    if not args.yes:
        if not sys.stdin.isatty():
            console.print("[red]Restoring replaces all data: confirm with --yes.[/red]")
            return 2
        answer = input(f"Replace ALL data of {where(settings)} with {args.file}? [y/N] ")
        if answer.strip().lower() not in {"y", "yes", "o", "oui"}:
            console.print("Nothing changed.")
            return 1
    try:
        before = restore_database(settings, Path(args.file))
    except BackupError as error:
        console.print(f"[red]{error}[/red]", soft_wrap=True)
        return 2
    asyncio.run(db.migrate(db.make_engine(settings.database_url)))
    console.print(
        f"[green]Restored[/green] {args.file} (the replaced data is in {before}).", soft_wrap=True
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup", help="write a consistent copy of the database (safe while serving)"
    )
    backup.add_argument("--out", help="file to write (default: <data dir>/backups/tablee-….)")
    backup.add_argument(
        "--keep", type=int, default=0, help="then keep only the N newest in the backups folder"
    )
    backup.set_defaults(func=cmd_backup)
    restore = subparsers.add_parser(
        "restore", help="replace the database's content with a backup (stop the service first)"
    )
    restore.add_argument("file", help="a file written by `canteen backup`")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=cmd_restore)
