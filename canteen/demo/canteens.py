"""The demo network's canteens, menus and calendars (figures from the source documents)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


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


def service_days(canteen: DemoCanteen, start: date, end: date) -> list[date]:
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
