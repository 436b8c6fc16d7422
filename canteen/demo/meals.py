"""A year of meals for each demo canteen: services, check-ins, contributions, answers."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
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


async def load_history(
    canteen: DemoCanteen,
    canteen_id: int,
    rng: random.Random,
    months: int,
    progress: Progress,
    task: Any,
) -> int:
    today = local_today(canteen.timezone)
    start = today - timedelta(days=int(months * 30.5))
    days = service_days(canteen, start, today)
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
