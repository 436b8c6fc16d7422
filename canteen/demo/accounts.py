"""Demo accounts: one network staff member, one coordinator per demo canteen."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable

from canteen.accounts import services as accounts
from canteen.accounts.rules import new_password
from canteen.network.tables import Canteen

DEMO_DOMAIN = "tablee.example"


async def seed_demo_accounts(console: Console | None = None) -> list[dict[str, str]]:
    """Create the accounts and print their logins and passwords (random, shown once)."""
    console = console or Console()
    created: list[dict[str, str]] = []
    password = new_password()
    await accounts.create_account(f"staff@{DEMO_DOMAIN}", password, "staff", name="Fanny (réseau)")
    created.append({"who": "network staff", "email": f"staff@{DEMO_DOMAIN}", "password": password})
    for canteen in await Canteen.select(Canteen.id, Canteen.slug, Canteen.name).order_by(
        Canteen.id
    ):
        password = new_password()
        email = f"{canteen['slug']}@{DEMO_DOMAIN}"
        await accounts.create_account(
            email, password, "coordinator", canteen_id=canteen["id"], name=canteen["name"]
        )
        created.append({"who": canteen["name"], "email": email, "password": password})
    table = RichTable(title="Staff-side accounts (sign in at /admin/login)")
    for column in ("who", "login (email)", "password"):
        table.add_column(column, overflow="fold")
    for row in created:
        table.add_row(row["who"], row["email"], row["password"])
    console.print(table)
    return created
