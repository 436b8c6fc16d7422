"""The write benchmark's throw-away databases: a SQLite file or a PostgreSQL database made and
dropped around a run, set up through the real services (a canteen, a paired tablet, an open
service), and the contributions counted afterwards."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get(
    "CANTEEN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


async def _pg_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def database(engine: str, workdir: Path) -> Iterator[str]:
    if engine == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite'}"
        return
    name = f"tablee_bench_{os.getpid()}"
    asyncio.run(_pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    asyncio.run(_pg_admin(f"CREATE DATABASE {name}"))
    base = PG_ADMIN_URL.rpartition("/")[0]
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


async def set_up(url: str) -> tuple[str, int]:
    """Through the real services: a canteen, a pairing code, a paired tablet, an open service."""
    sys.path.insert(0, str(ROOT))
    from canteen import db
    from canteen.meals import services as meals
    from canteen.meals.schemas import ServiceOpenIn
    from canteen.network import services as network
    from canteen.network.schemas import PairIn

    engine = db.make_engine(url)
    await db.migrate(engine)
    await db.start(engine)
    try:
        await meals.ensure_default_questions()
        canteen_id = await network.create_canteen(
            slug="bench-croix-rousse",
            name="Bench Croix-Rousse",
            city="Lyon",
            currency="EUR",
            timezone="Europe/Paris",
            max_contribution_minor=10_000,
            pin="246810",
        )
        code, _expires = await network.create_pairing_code(canteen_id)
        _device, token, _canteen = await network.pair_device(
            PairIn(id=str(uuid.uuid4()), code=code, name="Bench tablet")
        )
        service = await meals.open_service(
            canteen_id,
            ServiceOpenIn(id=str(uuid.uuid4()), menu="Dhal", groceries_minor=11_200),
        )
        return token, service.id
    finally:
        await db.stop(engine)


async def count_rows(url: str) -> int:
    from canteen import db
    from canteen.meals.tables import Contribution

    engine = db.make_engine(url)
    db.bind(engine)
    await db.start(engine)
    try:
        return int(await Contribution.count())
    finally:
        await db.stop(engine)
