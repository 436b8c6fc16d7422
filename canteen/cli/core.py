"""The core commands: migrate, demo, serve, pair, i18n."""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys

import uvicorn

from canteen import i18n_tools
from canteen.cli.common import close, connect, console, where
from canteen.demo import DemoRefused, load_demo
from canteen.network import services as network
from canteen.settings import Settings


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    async def run() -> None:
        await connect(settings)
        await close()

    asyncio.run(run())
    console.print(f"[green]Database up to date[/green] ({where(settings)})")
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> int:
        await connect(settings)
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
            await close()
        return 0

    return asyncio.run(run())


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
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
        # X-Forwarded-For/-Proto only from CANTEEN_TRUSTED_PROXIES (none by default): a client
        # that can reach the port directly cannot pick its own address for the rate limits.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=settings.trusted_proxies or None,
        # No "server: uvicorn" banner: the version of what answers is nobody else's business.
        server_header=False,
    )
    return 0


def cmd_pair(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> int:
        await connect(settings)
        try:
            canteen = await network.get_canteen_by_slug(args.canteen)
            code, expires = await network.create_pairing_code(canteen["id"], args.minutes)
        except Exception:  # noqa: BLE001 - NotFound and friends: say it plainly
            console.print(f"[red]No canteen with the id '{args.canteen}'.[/red]")
            return 2
        finally:
            await close()
        console.print(
            f"Pairing code for {canteen['name']}: [bold]{code}[/bold] "
            f"(valid until {expires:%Y-%m-%d %H:%M} UTC)"
        )
        return 0

    return asyncio.run(run())


def cmd_i18n(_settings: Settings | None, args: argparse.Namespace) -> int:
    if args.action == "missing":
        print(i18n_tools.stub(args.language), end="")
        return 1 if i18n_tools.missing(args.language) else 0
    return 0
