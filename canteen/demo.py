"""A realistic demo network: canteens in four countries, a year of meals with real rhythms.

Figures follow the source documents: Les Petites Cantines (97% feel welcome, three quarters
dropped a prejudice), Cuisines de Quartier (portions at about €2.80), RCCQ's partners abroad.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table as RichTable

from canteen import db, security
from canteen.accounts.demo import seed_demo_accounts
from canteen.meals.services import ensure_default_questions, local_today
from canteen.meals.tables import (
    CheckIn,
    Contribution,
    MealService,
    PayForwardCredit,
    SurveyAnswer,
    SurveyResponse,
)
from canteen.network import services as network
from canteen.network.tables import Canteen, Network
from canteen.onboarding.demo import seed_onboarding
from canteen.recipes.demo import load_recipe_sheets


class DemoRefused(Exception):
    pass


@dataclass(frozen=True)
class DemoCanteen:
    slug: str
    name: str
    city: str
    neighbourhood: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    currency: str
    languages: str
    weekdays: tuple[int, ...]  # Monday = 0
    base_covers: int
    cost_minor: int  # cost of a portion, in minor units
    max_minor: int
    closed_months: tuple[int, ...] = ()


CANTEENS = [
    DemoCanteen(
        "lyon-croix-rousse",
        "La Petite Cantine de la Croix-Rousse",
        "Lyon",
        "Croix-Rousse",
        "FR",
        45.7745,
        4.8320,
        "Europe/Paris",
        "EUR",
        "fr,en,ar",
        (1, 2, 3, 4),
        46,
        280,
        5000,
        (8,),
    ),
    DemoCanteen(
        "lyon-vaise",
        "La Petite Cantine de Vaise",
        "Lyon",
        "Vaise",
        "FR",
        45.7797,
        4.8047,
        "Europe/Paris",
        "EUR",
        "fr,ar,es",
        (0, 2, 4),
        32,
        265,
        5000,
        (8,),
    ),
    DemoCanteen(
        "lille-fives",
        "La Petite Cantine de Fives",
        "Lille",
        "Fives",
        "FR",
        50.6310,
        3.0890,
        "Europe/Paris",
        "EUR",
        "fr,nl,en",
        (1, 3, 4),
        38,
        290,
        5000,
        (8,),
    ),
    DemoCanteen(
        "bruxelles-molenbeek",
        "Cuisine de Quartier Molenbeek",
        "Bruxelles",
        "Molenbeek",
        "BE",
        50.8547,
        4.3353,
        "Europe/Brussels",
        "EUR",
        "fr,nl,ar",
        (0, 2, 3),
        34,
        280,
        5000,
        (7,),
    ),
    DemoCanteen(
        "bruxelles-saint-gilles",
        "Cuisine de Quartier Saint-Gilles",
        "Bruxelles",
        "Saint-Gilles",
        "BE",
        50.8279,
        4.3458,
        "Europe/Brussels",
        "EUR",
        "fr,nl,es",
        (1, 4),
        28,
        300,
        5000,
        (7,),
    ),
    DemoCanteen(
        "montreal-hochelaga",
        "Cuisine collective Hochelaga",
        "Montréal",
        "Hochelaga-Maisonneuve",
        "CA",
        45.5450,
        -73.5400,
        "America/Toronto",
        "CAD",
        "fr,en,es",
        (1, 2, 3, 4),
        42,
        410,
        8000,
        (),
    ),
    DemoCanteen(
        "bamako-woiyo-kondeye",
        "Cuisine collective Woiyo Kondeye",
        "Bamako",
        "Niarela",
        "ML",
        12.6392,
        -8.0029,
        "Africa/Bamako",
        "XOF",
        "fr,en",
        (0, 2, 4),
        55,
        650,
        10000,
        (),
    ),
    DemoCanteen(
        "lima-villa-el-salvador",
        "Comedor popular Villa El Salvador",
        "Lima",
        "Villa El Salvador",
        "PE",
        -12.2130,
        -76.9370,
        "America/Lima",
        "PEN",
        "es,en",
        (0, 1, 2, 3, 4),
        60,
        450,
        5000,
        (),
    ),
]
MENUS = [
    "Dhal de lentilles, riz, crumble aux pommes",
    "Soupe de potiron, quiche aux poireaux",
    "Couscous aux légumes, salade d'oranges",
    "Chili sin carne, pain maison",
    "Lasagnes aux épinards, compote",
    "Tajine de pois chiches, semoule",
    "Curry de légumes, riz basmati",
    "Gratin de chou-fleur, salade verte",
    "Mafé aux légumes, riz",
    "Ají de gallina, arroz",
]
# Public holidays most canteens close for (month, day).
HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)}
SMILEY_WEIGHTS = {
    "welcome": [1, 2, 27, 70],  # ≈97% welcome (3 or 4)
    "met_someone": [8, 14, 40, 38],
    "changed_idea": [10, 15, 45, 30],  # ≈75% dropped a prejudice
    "enjoyed_meal": [2, 6, 40, 52],
}


async def _is_empty() -> bool:
    return await Canteen.count() == 0 and await Network.count() == 0


async def _erase_everything() -> None:
    for table in reversed(db.all_tables()):
        await table.delete(force=True)


CHECKIN_COLUMNS = ["id", "service", "party_size", "children", "first_visit", "body_hash"]
CONTRIBUTION_COLUMNS = [
    "id",
    "service",
    "amount_minor",
    "currency",
    "method",
    "pay_forward",
    "body_hash",
]


def _service_days(canteen: DemoCanteen, start: date, end: date) -> list[date]:
    days, day = [], start
    while day < end:
        closed = (
            day.weekday() not in canteen.weekdays
            or (day.month in canteen.closed_months and day.day <= 24)
            or (day.month, day.day) in HOLIDAYS
            or (day.month == 12 and day.day >= 24)
        )
        if not closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def _amount(rng: random.Random, cost: int, currency: str) -> int:
    step = 50 if currency == "XOF" else 50  # coins people have: 50 cents, 50 francs
    value = max(step, rng.lognormvariate(0, 0.45) * cost * 0.85)
    return int(round(value / step) * step)


def _party(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[58, 24, 9, 6, 3])[0]


async def _history(
    canteen: DemoCanteen,
    canteen_id: int,
    rng: random.Random,
    months: int,
    progress: Progress,
    task: Any,
) -> int:
    today = local_today(canteen.timezone)
    start = today - timedelta(days=int(months * 30.5))
    days = _service_days(canteen, start, today)
    weekday_factor = {0: 0.9, 1: 1.0, 2: 1.05, 3: 1.1, 4: 1.2, 5: 1.0, 6: 1.0}
    credits, covers_total = 0, 0
    for index, day in enumerate(days):
        growth = 0.75 + 0.45 * index / max(1, len(days) - 1)
        season = 0.85 if day.month in (7, 8) else 1.0
        mean = canteen.base_covers * growth * weekday_factor[day.weekday()] * season
        covers_target = max(6, int(rng.gauss(mean, mean * 0.12)))
        expected = int(round(mean))
        groceries = int(expected * canteen.cost_minor * rng.uniform(0.9, 1.1))
        service_rows = await MealService.insert(
            MealService(
                canteen=canteen_id,
                date=day,
                menu=rng.choice(MENUS),
                groceries_minor=groceries,
                covers_expected=expected,
                cash_float_minor=2000 if canteen.currency != "XOF" else 5000,
                status="closed",
                opened_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
                closed_at=datetime(day.year, day.month, day.day, 15, tzinfo=UTC),
                client_id=f"demo-open-{canteen_id}-{day.isoformat()}",
                body_hash="demo",
            )
        ).returning(MealService.id)
        service_id = service_rows[0]["id"]
        checkins: list[tuple[Any, ...]] = []
        contributions: list[tuple[Any, ...]] = []
        responses: list[tuple[Any, ...]] = []
        answers: list[tuple[Any, ...]] = []
        covers, cash = 0, 0
        while covers < covers_target:
            size = _party(rng)
            covers += size
            children = rng.choice([0, 1, 2]) if size >= 3 else None
            first_visit = rng.random() < 0.12 if rng.random() < 0.8 else None
            checkins.append((uuid.uuid4(), service_id, size, children, first_visit, "demo"))
            method = rng.choices(
                ["cash", "card", "voucher", "nothing", "credit"],
                weights=[52, 24, 5, 13, 6 if credits else 0],
            )[0]
            amount, forward = 0, 0
            if method in ("cash", "card", "voucher"):
                amount = min(
                    canteen.max_minor,
                    _amount(rng, canteen.cost_minor, canteen.currency)
                    * (1 if size == 1 else rng.choice([1, size])),
                )
                if rng.random() < 0.05:
                    forward, amount = 1, amount + canteen.cost_minor
            if method == "credit":
                credits -= 1
            credits += forward
            cash += amount if method == "cash" else 0
            contributions.append(
                (uuid.uuid4(), service_id, amount, canteen.currency, method, forward, "demo")
            )
            if rng.random() < 0.3:
                response_id = uuid.uuid4()
                responses.append((response_id, service_id, "demo"))
                for key, weights in SMILEY_WEIGHTS.items():
                    if key == "enjoyed_meal" or rng.random() < 0.92:
                        value = rng.choices([1, 2, 3, 4], weights=weights)[0]
                        answers.append((response_id, key, value))
        await db.bulk_insert(CheckIn, CHECKIN_COLUMNS, checkins)
        await db.bulk_insert(Contribution, CONTRIBUTION_COLUMNS, contributions)
        await db.bulk_insert(SurveyResponse, ["id", "service", "body_hash"], responses)
        await db.bulk_insert(SurveyAnswer, ["response", "question_key", "value"], answers)
        counted = 2000 + cash + rng.choice([0, 0, 0, -50, 50, -100])
        if canteen.currency == "XOF":
            counted = 5000 + cash + rng.choice([0, 0, -100, 100])
        await MealService.update({MealService.counted_cash_minor: counted}).where(
            MealService.id == service_id
        )
        covers_total += covers
        progress.advance(task)
    await PayForwardCredit.insert(
        PayForwardCredit(
            canteen=canteen_id, available=max(credits, 0) + 3, given=max(credits, 0) + 3, used=0
        )
    )
    return covers_total


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
    access: list[dict[str, str]] = []
    today = date.today()
    start = today - timedelta(days=int(months * 30.5))
    total_days = sum(len(_service_days(c, start, today)) for c in CANTEENS)
    covers = 0
    with Progress(console=console, transient=False) as progress:
        task = progress.add_task("Demo network: a year of meals", total=total_days)
        for demo in CANTEENS:
            pin = security.new_pin()
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
                opened_on=datetime.now(UTC) - timedelta(days=int(months * 30.5) + 200),
            )
            # One transaction a canteen: one connection and one commit instead of thousands.
            async with db.engine().transaction():
                covers += await _history(demo, canteen_id, rng, months, progress, task)
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
    await __import__("canteen.volunteers.demo").volunteers.demo.seed_volunteers(seed, months)
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
