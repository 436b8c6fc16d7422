"""`canteen user create --staff|--canteen SLUG EMAIL`: accounts from the command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import Any

from canteen.accounts import services as accounts
from canteen.accounts.rules import new_password
from canteen.cli.common import close, connect, console
from canteen.errors import DomainError
from canteen.network import services as network
from canteen.settings import Settings


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    """(password, generated): --password-file, an interactive prompt, or a generated one."""
    if args.password_file:
        with open(args.password_file, encoding="utf-8") as handle:
            return handle.readline().strip(), False
    if sys.stdin.isatty() and not args.generate:
        first = getpass.getpass("Password (at least 10 characters): ")
        if first != getpass.getpass("Again: "):
            raise SystemExit("The two passwords differ.")
        return first, False
    return new_password(), True


def cmd_user_create(settings: Settings, args: argparse.Namespace) -> int:
    password, generated = _password(args)

    async def run() -> int:
        await connect(settings)
        try:
            canteen_id = None
            if args.canteen:
                try:
                    canteen_id = (await network.get_canteen_by_slug(args.canteen))["id"]
                except DomainError:
                    console.print(f"[red]No canteen with the id '{args.canteen}'.[/red]")
                    return 2
            role = "staff" if args.staff else "coordinator"
            try:
                await accounts.create_account(args.email, password, role, canteen_id, args.name)
            except DomainError as error:
                console.print(f"[red]{error}[/red]")
                return 2
        finally:
            await close()
        who = "network staff" if args.staff else f"coordinator of {args.canteen}"
        console.print(f"Account created for [bold]{args.email}[/bold] ({who}).")
        if generated:
            console.print(f"Password (shown once): [bold]{password}[/bold]")
        console.print("Sign in at /admin/login.")
        return 0

    return asyncio.run(run())


def register(subparsers: Any) -> None:
    user = subparsers.add_parser("user", help="staff and coordinator accounts")
    actions = user.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create an account (the password is asked for)")
    who = create.add_mutually_exclusive_group(required=True)
    who.add_argument("--staff", action="store_true", help="network staff: every canteen")
    who.add_argument("--canteen", metavar="SLUG", help="coordinator of this canteen")
    create.add_argument("email")
    create.add_argument("--name", default="", help="the person's name, shown on the pages")
    create.add_argument(
        "--password-file", help="read the password from the first line of this file"
    )
    create.add_argument(
        "--generate", action="store_true", help="generate a password and print it once"
    )
    create.set_defaults(func=cmd_user_create)
