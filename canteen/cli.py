"""The `canteen` command: migrate, demo, serve, pair."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import subprocess
import sys
from collections.abc import Sequence

from rich.console import Console

from canteen import db
from canteen.settings import Settings, load_settings

console = Console()
# Each domain with commands of its own exposes register(subparsers) in one of these modules.
COMMAND_MODULES: list[str] = [
    "canteen.volunteers.commands",
    "canteen.accounts.commands",
    "canteen.forecast.cli",
    "canteen.reports.cli",
    "canteen.backup",
]


async def _connect(settings: Settings) -> None:
    engine = db.make_engine(settings.database_url)
    await db.migrate(engine)
    await db.start(engine, pool_size=settings.database_pool_size)
    from canteen.meals.services import ensure_default_questions

    await ensure_default_questions()


async def _close() -> None:
    await db.stop(db.engine())


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    async def run() -> None:
        await _connect(settings)
        await _close()

    asyncio.run(run())
    console.print(f"[green]Database up to date[/green] ({_where(settings)})")
    return 0


def _where(settings: Settings) -> str:
    url = settings.database_url
    return url if url.startswith("sqlite") else url.split("@")[-1]


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from canteen.demo import DemoRefused, load_demo

    async def run() -> int:
        await _connect(settings)
        try:
            await load_demo(
                reset=args.reset,
                if_empty=args.if_empty,
                seed=args.seed,
                months=args.months,
                console=console,
            )
        except DemoRefused as refused:
            console.print(f"[red]{refused}[/red]")
            return 2
        finally:
            await _close()
        return 0

    return asyncio.run(run())


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    cmd_migrate(settings, args)
    # Workers read their settings from the environment: hand over what was resolved here.
    os.environ["CANTEEN_DATABASE_URL"] = settings.database_url
    os.environ["CANTEEN_DATA_DIR"] = str(settings.data_dir)
    os.environ["CANTEEN_SECRET_KEY"] = settings.secret_key
    if args.demo:
        # The demo loads beside the running service (it prints the pairing codes and PINs when
        # done), so the service answers at once on a slow machine too.
        subprocess.Popen([sys.executable, "-m", "canteen.cli", "demo", "--if-empty"])
    console.print(f"Tablée on [bold]http://{host}:{port}/kiosk/[/bold] (staff: /admin/)")
    uvicorn.run(
        "canteen.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # No access log unless asked: timestamped lines of check-ins and contributions from one
        # tablet would let someone link a diner's records that the database keeps apart.
        access_log=args.access_log,
        proxy_headers=True,
    )
    return 0


def cmd_pair(settings: Settings, args: argparse.Namespace) -> int:
    from canteen.network import services as network

    async def run() -> int:
        await _connect(settings)
        try:
            canteen = await network.get_canteen_by_slug(args.canteen)
            code, expires = await network.create_pairing_code(canteen["id"], args.minutes)
        except Exception:  # noqa: BLE001 - NotFound and friends: say it plainly
            console.print(f"[red]No canteen with the id '{args.canteen}'.[/red]")
            return 2
        finally:
            await _close()
        console.print(
            f"Pairing code for {canteen['name']}: [bold]{code}[/bold] "
            f"(valid until {expires:%Y-%m-%d %H:%M} UTC)"
        )
        return 0

    return asyncio.run(run())


def cmd_i18n(_settings: Settings | None, args: argparse.Namespace) -> int:
    from canteen import i18n_tools

    if args.action == "missing":
        print(i18n_tools.stub(args.language), end="")
        return 1 if i18n_tools.missing(args.language) else 0
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="canteen", description="Tablée: run community canteens.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or upgrade the database").set_defaults(func=cmd_migrate)
    demo = sub.add_parser("demo", help="load a demo network into an empty database")
    demo.add_argument("--reset", action="store_true", help="erase everything first")
    demo.add_argument("--if-empty", action="store_true", help="do nothing if data exists")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--months", type=int, default=12)
    demo.set_defaults(func=cmd_demo)
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
    serve.set_defaults(func=cmd_serve)
    pair = sub.add_parser("pair", help="make a pairing code for a canteen's tablet")
    pair.add_argument("--canteen", required=True, help="the canteen's id (slug)")
    pair.add_argument("--minutes", type=int, default=30)
    pair.set_defaults(func=cmd_pair)
    i18n_cmd = sub.add_parser("i18n", help="catalog upkeep: list what a language lacks")
    i18n_cmd.add_argument("action", choices=["missing"])
    i18n_cmd.add_argument("language")
    i18n_cmd.set_defaults(func=cmd_i18n)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Commands that only read files (i18n, forecast backtest) need no settings or data folder.
    needs_settings = args.command != "i18n" and getattr(args, "needs_settings", True)
    settings = load_settings() if needs_settings else None
    return int(args.func(settings, args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
