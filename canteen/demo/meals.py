"""A year of meals for each demo canteen: services, check-ins, contributions, answers."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rich.progress import Progress

from canteen import db
from canteen.clock import local_today
from canteen.demo.canteens import MENUS, SMILEY_WEIGHTS, DemoCanteen, service_days
from canteen.meals.tables import (
    CheckIn,
    Contribution,
    MealService,
    PayForwardCredit,
    SurveyAnswer,
    SurveyResponse,
)

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


def _amount(rng: random.Random, cost: int, currency: str) -> int:
    step = 50 if currency == "XOF" else 50  # coins people have: 50 cents, 50 francs
    value = max(step, rng.lognormvariate(0, 0.45) * cost * 0.85)
    return int(round(value / step) * step)


def _party(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[58, 24, 9, 6, 3])[0]


@dataclass
class _Records:
    """One service's anonymous records, as rows for bulk inserts."""

    checkins: list[tuple[Any, ...]] = field(default_factory=list)
    contributions: list[tuple[Any, ...]] = field(default_factory=list)
    responses: list[tuple[Any, ...]] = field(default_factory=list)
    answers: list[tuple[Any, ...]] = field(default_factory=list)
    covers: int = 0
    cash: int = 0


def _contribution(rng: random.Random, canteen: DemoCanteen, size: int, credits: int) -> tuple:
    """(method, amount, paid forward) of one party."""
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
    return method, amount, forward


def _parties(
    rng: random.Random, canteen: DemoCanteen, service_id: int, target: int, credits: int
) -> tuple[_Records, int]:
    """The parties of one service until `target` covers; returns them and the credits left."""
    records = _Records()
    while records.covers < target:
        size = _party(rng)
        records.covers += size
        children = rng.choice([0, 1, 2]) if size >= 3 else None
        first_visit = rng.random() < 0.12 if rng.random() < 0.8 else None
        records.checkins.append((uuid.uuid4(), service_id, size, children, first_visit, "demo"))
        method, amount, forward = _contribution(rng, canteen, size, credits)
        credits += forward - (1 if method == "credit" else 0)
        records.cash += amount if method == "cash" else 0
        records.contributions.append(
            (uuid.uuid4(), service_id, amount, canteen.currency, method, forward, "demo")
        )
        if rng.random() < 0.3:
            response_id = uuid.uuid4()
            records.responses.append((response_id, service_id, "demo"))
            for key, weights in SMILEY_WEIGHTS.items():
                if key == "enjoyed_meal" or rng.random() < 0.92:
                    value = rng.choices([1, 2, 3, 4], weights=weights)[0]
                    records.answers.append((response_id, key, value))
    # Stored in no party's order, as the tablets' records are: nothing lines them up.
    for rows in (records.checkins, records.contributions, records.responses):
        rng.shuffle(rows)
    return records, credits


async def _insert_service(
    rng: random.Random, canteen: DemoCanteen, canteen_id: int, day: date, mean: float
) -> int:
    expected = int(round(mean))
    groceries = int(expected * canteen.cost_minor * rng.uniform(0.9, 1.1))
    rows = await MealService.insert(
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
    return int(rows[0]["id"])


async def _store(records: _Records, service_id: int, counted: int) -> None:
    await db.bulk_insert(CheckIn, CHECKIN_COLUMNS, records.checkins)
    await db.bulk_insert(Contribution, CONTRIBUTION_COLUMNS, records.contributions)
    await db.bulk_insert(SurveyResponse, ["id", "service", "body_hash"], records.responses)
    await db.bulk_insert(SurveyAnswer, ["response", "question_key", "value"], records.answers)
    await MealService.update({MealService.counted_cash_minor: counted}).where(
        MealService.id == service_id
    )


async def load_history(
    canteen: DemoCanteen,
    canteen_id: int,
    rng: random.Random,
    months: int,
    progress: Progress,
    task: Any,
) -> int:
    """A closed meal service for each of the canteen's service days; returns the covers."""
    today = local_today(canteen.timezone)
    days = service_days(canteen, today - timedelta(days=int(months * 30.5)), today)
    weekday_factor = {0: 0.9, 1: 1.0, 2: 1.05, 3: 1.1, 4: 1.2, 5: 1.0, 6: 1.0}
    credits, covers_total = 0, 0
    for index, day in enumerate(days):
        growth = 0.75 + 0.45 * index / max(1, len(days) - 1)
        season = 0.85 if day.month in (7, 8) else 1.0
        mean = canteen.base_covers * growth * weekday_factor[day.weekday()] * season
        service_id = await _insert_service(rng, canteen, canteen_id, day, mean)
        target = max(6, int(rng.gauss(mean, mean * 0.12)))
        records, credits = _parties(rng, canteen, service_id, target, credits)
        counted = 2000 + records.cash + rng.choice([0, 0, 0, -50, 50, -100])
        if canteen.currency == "XOF":
            counted = 5000 + records.cash + rng.choice([0, 0, -100, 100])
        await _store(records, service_id, counted)
        covers_total += records.covers
        progress.advance(task)
    await PayForwardCredit.insert(
        PayForwardCredit(
            canteen=canteen_id, available=max(credits, 0) + 3, given=max(credits, 0) + 3, used=0
        )
    )
    return covers_total
