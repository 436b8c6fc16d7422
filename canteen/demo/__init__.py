"""A realistic demo network: canteens in four countries, a year of meals with real rhythms.

Figures follow the source documents: Les Petites Cantines (97% feel welcome, three quarters
dropped a prejudice), Cuisines de Quartier (portions at about €2.80), RCCQ's partners abroad.
"""

from __future__ import annotations

import random
from datetime import timedelta

from rich.console import Console
from rich.progress import Progress
from rich.table import Table as RichTable

from canteen import db
from canteen.clock import days_ago, utc_today
from canteen.demo.accounts import seed_demo_accounts
from canteen.demo.batches import seed_batches
from canteen.demo.canteens import CANTEENS, service_days
from canteen.demo.meals import load_history
from canteen.demo.onboarding import seed_onboarding
from canteen.demo.recipes import load_recipe_sheets
from canteen.demo.volunteers import seed_volunteers
from canteen.meals.services import ensure_default_questions
from canteen.network import rules as network_rules
from canteen.network import services as network
from canteen.network.tables import Canteen, Network


class DemoRefused(Exception):
    pass


async def _is_empty() -> bool:
    return await Canteen.count() == 0 and await Network.count() == 0


async def _erase_everything() -> None:
    for table in reversed(db.all_tables()):
        await table.delete(force=True)


async def _canteens(
    network_id: int, rng: random.Random, months: int, console: Console
) -> tuple[list[dict[str, str]], int]:
    """Each demo canteen with its year of meals; returns the pairing codes and PINs, and the
    covers served."""
    access: list[dict[str, str]] = []
    today = utc_today()
    start = today - timedelta(days=int(months * 30.5))
    total_days = sum(len(service_days(c, start, today)) for c in CANTEENS)
    covers = 0
    with Progress(console=console, transient=False) as progress:
        task = progress.add_task("Demo network: a year of meals", total=total_days)
        for demo in CANTEENS:
            pin = network_rules.new_pin()
            canteen_id = await network.create_canteen(
                network=network_id,
                slug=demo.slug,
                name=demo.name,
                city=demo.city,
                neighbourhood=demo.neighbourhood,
                country=demo.country,
                latitude=demo.latitude,
                longitude=demo.longitude,
                timezone=demo.timezone,
                currency=demo.currency,
                languages=demo.languages,
                max_contribution_minor=demo.max_minor,
                pin=pin,
                opened_on=days_ago(int(months * 30.5) + 200),
            )
            # One transaction a canteen: one connection and one commit instead of thousands.
            async with db.engine().transaction():
                covers += await load_history(demo, canteen_id, rng, months, progress, task)
            code, _expires = await network.create_pairing_code(canteen_id, minutes=7 * 24 * 60)
            access.append(
                {
                    "canteen": demo.slug,
                    "name": demo.name,
                    "city": demo.city,
                    "pairing_code": code,
                    "pin": pin,
                }
            )
    return access, covers


async def load_demo(
    *,
    reset: bool = False,
    if_empty: bool = False,
    seed: int = 2026,
    months: int = 12,
    console: Console | None = None,
) -> list[dict[str, str]]:
    """Fill an empty database with the demo network; returns the pairing codes and PINs."""
    console = console or Console()
    if not await _is_empty():
        if if_empty:
            console.print("Demo data already loaded: nothing to do.")
            return []
        if not reset:
            raise DemoRefused(
                "The database is not empty: use --reset to erase it and load the demo network."
            )
        await _erase_everything()
        await ensure_default_questions()
    rng = random.Random(seed)
    network_id = await network.create_network("Réseau Tablée (démo)", "tablee-demo")
    await load_recipe_sheets(network_id)
    access, covers = await _canteens(network_id, rng, months, console)
    await seed_volunteers(seed, months)
    await seed_batches()
    table = RichTable(title=f"Demo network loaded: {len(CANTEENS)} canteens, {covers:,} covers")
    for column in ("canteen (id)", "city", "tablet pairing code (7 days)", "coordinator PIN"):
        table.add_column(column)
    for row in access:
        table.add_row(row["canteen"], row["city"], row["pairing_code"], row["pin"])
    console.print(table)
    await seed_demo_accounts(console)
    await seed_onboarding(rng, console)
    console.print("Pair a tablet at /kiosk/pair; coordinators sign in at /admin/login.")
    return access
