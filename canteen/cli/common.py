"""What every command shares: the console, connecting to the database and closing it."""

from __future__ import annotations

from rich.console import Console

from canteen import db
from canteen.meals.services import ensure_default_questions
from canteen.settings import Settings

console = Console()


async def connect(settings: Settings) -> None:
    """Migrate, then open the engine's pool (a command runs on an up-to-date database)."""
    engine = db.make_engine(settings.database_url)
    await db.migrate(engine)
    await db.start(engine, pool_size=settings.database_pool_size)
    await ensure_default_questions()


async def close() -> None:
    await db.stop(db.engine())


def where(settings: Settings) -> str:
    """The database, for a message: the SQLite file, or PostgreSQL's host and name only."""
    url = settings.database_url
    return url if url.startswith("sqlite") else url.rsplit("@", 1)[-1]
