"""The `canteen` command: one wing for every subcommand (`python -m canteen.cli …`)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from canteen.cli import accounts, backup, core, reports, volunteers
from canteen.cli import forecast as forecast_cli
from canteen.settings import load_settings


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each wing module adds its own subcommands."""
    parser = argparse.ArgumentParser(prog="canteen", description="Tablée: run community canteens.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or upgrade the database").set_defaults(
        func=core.cmd_migrate
    )
    demo = sub.add_parser("demo", help="load a demo network into an empty database")
    demo.add_argument("--reset", action="store_true", help="erase everything first")
    demo.add_argument("--if-empty", action="store_true", help="do nothing if data exists")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--months", type=int, default=12)
    demo.set_defaults(func=core.cmd_demo)
    serve = sub.add_parser("serve", help="run the service (migrates first)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int)
    serve.add_argument("--demo", action="store_true", help="load the demo network if empty")
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="log each request (off by default: it would link a diner's anonymous records)",
    )
    serve.set_defaults(func=core.cmd_serve)
    pair = sub.add_parser("pair", help="make a pairing code for a canteen's tablet")
    pair.add_argument("--canteen", required=True, help="the canteen's id (slug)")
    pair.add_argument("--minutes", type=int, default=30)
    pair.set_defaults(func=core.cmd_pair)
    i18n_cmd = sub.add_parser("i18n", help="catalog upkeep: list what a language lacks")
    i18n_cmd.add_argument("action", choices=["missing"])
    i18n_cmd.add_argument("language")
    i18n_cmd.set_defaults(func=core.cmd_i18n)
    for module in (volunteers, accounts, forecast_cli, reports, backup):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Commands that only read files (i18n, forecast backtest) need no settings or data folder.
    needs_settings = args.command != "i18n" and getattr(args, "needs_settings", True)
    settings = load_settings() if needs_settings else None
    return int(args.func(settings, args) or 0)
