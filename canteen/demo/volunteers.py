"""Demo volunteers for the demo network: a weekly pattern per canteen, people with first names
from each city, a year of past shifts (hours per month) and the coming weeks, some of them
short of hands, some full with a waiting list."""

from __future__ import annotations

import random
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from canteen import security
from canteen.clock import local_today
from canteen.demo.canteens import CANTEENS, DemoCanteen, service_days
from canteen.network.tables import Canteen
from canteen.volunteers.patterns import generate_shifts
from canteen.volunteers.services import LINK_DAYS_AFTER_LAST_SHIFT, link_token
from canteen.volunteers.shifts import moment
from canteen.volunteers.tables import Shift, ShiftPattern, SignUp, Volunteer

BATCH = 400
NAMES = {
    "FR": "Amina Lucie Karim Fatou Hugo Chloé Mehdi Sophie Jeanne Yasmine Thomas Inès Paul "
    "Nadia Louis Salomé Rachid Camille",
    "BE": "Lotte Youssef Marie Bram Sara Ayoub Emma Jonas Fatima Lucas Nora Arne Leila Wout",
    "CA": "Geneviève Mathieu Isabelle Jean-François Maude Olivier Catalina Nadia Marc-André "
    "Émilie Samuel Rosalie",
    "ML": "Aminata Moussa Fatoumata Oumar Kadiatou Ibrahim Mariam Seydou Awa Bakary Hawa Adama",
    "PE": "Rosa Juan María Carmen Luis Ana José Elena Pedro Lucía Jorge Gladys",
}
# (kind, start minute, end minute, places per 40 covers)
PATTERN = [
    ("prep", 9 * 60, 10 * 60 + 30, 2),
    ("cooking", 9 * 60 + 30, 12 * 60, 5),
    ("service", 12 * 60, 14 * 60, 3),
    ("washing_up", 14 * 60, 15 * 60, 3),
]


def _secret() -> str:
    """The server's key, so demo volunteers' links in e-mails work; a throw-away one if none."""
    try:
        from canteen.settings import load_settings

        return load_settings().secret_key
    except Exception:  # noqa: BLE001 - a demo without settings still loads
        return secrets.token_urlsafe(32)


async def _insert(table: Any, rows: list[Any]) -> list[dict[str, Any]]:
    ids: list[dict[str, Any]] = []
    for start in range(0, len(rows), BATCH):
        ids += await table.insert(*rows[start : start + BATCH]).returning(table.id)
    return ids


async def _patterns(demo: DemoCanteen, canteen_id: int, rng: random.Random) -> list[dict[str, Any]]:
    scale = demo.base_covers / 40
    rows = [
        ShiftPattern(
            canteen=canteen_id,
            weekday=weekday,
            kind=kind,
            start_minute=start,
            end_minute=end,
            places=max(1, round(places * scale)),
            active=True,
            created_at=datetime.now(UTC),
        )
        for weekday in demo.weekdays
        for kind, start, end, places in PATTERN
        if kind != "prep" or rng.random() < 0.5
    ]
    await _insert(ShiftPattern, rows)
    return await ShiftPattern.select().where(ShiftPattern.canteen == canteen_id)


async def _people(
    demo: DemoCanteen, canteen_id: int, rng: random.Random, secret: str, since: date
) -> list[int]:
    pool = NAMES.get(demo.country, NAMES["FR"]).split()
    expires = datetime.now(UTC) + timedelta(days=LINK_DAYS_AFTER_LAST_SHIFT + 28)
    rows = []
    for n, name in enumerate(rng.sample(pool, k=min(len(pool), 12 + rng.randrange(4)))):
        nonce = secrets.token_hex(16)
        contact = rng.random()
        handle = name.lower().replace("é", "e").replace("è", "e").replace("í", "i")
        email = f"{handle}.{n}@example.org" if contact < 0.45 else ""
        digits = " ".join(f"{rng.randrange(10, 99)}" for _ in range(3))
        phone = f"06 {digits} 0{n % 10}" if 0.3 < contact < 0.75 else ""
        rows.append(
            Volunteer(
                canteen=canteen_id,
                first_name=name,
                phone=phone,
                email=email,
                contact_consent=bool(phone or email),
                consent_at=datetime.now(UTC) if phone or email else None,
                language=demo.languages.split(",")[0],
                nonce=nonce,
                token_hash=security.token_hash(link_token(secret, nonce)),
                created_at=datetime.combine(since, datetime.min.time(), tzinfo=UTC),
                link_expires_at=expires,
            )
        )
    return [row["id"] for row in await _insert(Volunteer, rows)]


def _fill(
    shift_id: int, places: int, people: list[int], share: float, rng: random.Random
) -> list[SignUp]:
    taken = min(places, max(0, round(places * share)))
    chosen = rng.sample(people, k=min(len(people), taken + (2 if taken == places else 0)))
    now = datetime.now(UTC)
    return [
        SignUp(
            shift=shift_id,
            volunteer=person,
            status="confirmed" if n < taken else "waiting",
            created_at=now - timedelta(days=rng.randrange(1, 20), minutes=n),
        )
        for n, person in enumerate(chosen)
    ]


async def _history(
    demo: DemoCanteen,
    canteen_id: int,
    patterns: list[dict[str, Any]],
    people: list[int],
    rng: random.Random,
    since: date,
) -> int:
    today = local_today(demo.timezone)
    shifts = []
    for day in service_days(demo, since, today):
        for pattern in patterns:
            if pattern["weekday"] != day.weekday():
                continue
            starts_at = moment(day, pattern["start_minute"], demo.timezone)
            ends_at = moment(day, pattern["end_minute"], demo.timezone)
            shifts.append(
                Shift(
                    canteen=canteen_id,
                    pattern=pattern["id"],
                    date=day,
                    kind=pattern["kind"],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    minutes=int((ends_at - starts_at).total_seconds() // 60),
                    places=pattern["places"],
                    edited=False,
                )
            )
    ids = await _insert(Shift, shifts)
    sign_ups = []
    for row, shift in zip(ids, shifts, strict=True):
        taken = _fill(row["id"], shift.places, people, rng.uniform(0.55, 1.0), rng)
        sign_ups += [s for s in taken if s.status == "confirmed"]
    await _insert(SignUp, sign_ups)
    return len(sign_ups)


async def seed_volunteers(seed: int = 2026, months: int = 12) -> int:
    """Volunteers, patterns, past and coming shifts for each demo canteen; returns sign-ups."""
    from canteen import db

    rng = random.Random(seed + 7)
    secret = _secret()
    total = 0
    for demo in CANTEENS:
        canteen = await Canteen.select(Canteen.id).where(Canteen.slug == demo.slug).first()
        if canteen is None:
            continue
        canteen_id = canteen["id"]
        since = local_today(demo.timezone) - timedelta(days=int(months * 30.5))
        async with db.engine().transaction():
            patterns = await _patterns(demo, canteen_id, rng)
            people = await _people(demo, canteen_id, rng, secret, since)
            total += await _history(demo, canteen_id, patterns, people, rng, since)
        await generate_shifts(canteen_id, 4)
        coming = await Shift.select(Shift.id, Shift.places).where(
            (Shift.canteen == canteen_id) & (Shift.date >= local_today(demo.timezone))
        )
        sign_ups = [
            sign_up
            for shift in coming
            for sign_up in _fill(shift["id"], shift["places"], people, rng.uniform(0.2, 1.1), rng)
        ]
        await _insert(SignUp, sign_ups)
        total += len(sign_ups)
    return total
