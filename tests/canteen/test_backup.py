"""A backup brings the data back as it was, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from canteen import backup, cli
from canteen import db as canteen_db
from canteen.meals import contributions, figures
from canteen.meals.schemas import ContributionIn
from canteen.meals.tables import Contribution
from canteen.network.tables import Canteen
from canteen.settings import Settings
from tests.factories import client_id, make_canteen, open_today


async def _state(service: int) -> dict[str, Any]:
    return {
        "canteens": sorted(row["name"] for row in await Canteen.select(Canteen.name)),
        "contributions": await Contribution.count(),
        "takings": (await figures.live_counts(service)).takings_minor,
    }


async def _restart(engine: Any) -> None:
    """What the service does around a restore: stop, then start again."""
    await canteen_db.stop(engine)
    await canteen_db.start(engine)


async def test_a_restored_backup_finds_the_data_as_it_was(
    db: str, engine: Any, settings: Settings
) -> None:
    canteen = await make_canteen(name="Croix-Rousse")
    service = await open_today(canteen)
    for amount in (300, 550, 0):
        method = "cash" if amount else "nothing"
        await contributions.record_contribution(
            canteen,
            service,
            ContributionIn(id=client_id(), amount_minor=amount, currency="EUR", method=method),
        )
    before = await _state(service)

    # Taken while the engine (the service) is connected and writing.
    path = await asyncio.to_thread(backup.backup_database, settings)
    assert path.parent == settings.data_dir / "backups"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    await contributions.record_contribution(
        canteen,
        service,
        ContributionIn(id=client_id(), amount_minor=900, currency="EUR", method="card"),
    )
    await Canteen.update({Canteen.name: "Renamed by mistake"}).where(Canteen.id == canteen)
    await make_canteen("lille", name="Lille Moulins")
    assert await _state(service) != before

    await canteen_db.stop(engine)
    saved = await asyncio.to_thread(backup.restore_database, settings, path)
    await canteen_db.start(engine)
    assert await _state(service) == before
    # What the restore replaced was kept aside, and can itself be restored.
    await canteen_db.stop(engine)
    await asyncio.to_thread(backup.restore_database, settings, saved)
    await canteen_db.start(engine)
    assert (await _state(service))["canteens"] == ["Lille Moulins", "Renamed by mistake"]


async def test_the_commands_back_up_and_restore(db: str, engine: Any, settings: Settings) -> None:
    await make_canteen(name="Croix-Rousse")
    out = settings.data_dir / "nightly" / "copy.bin"
    env = {
        "CANTEEN_DATABASE_URL": settings.database_url,
        "CANTEEN_DATA_DIR": str(settings.data_dir),
        "CANTEEN_SECRET_KEY": settings.secret_key,
    }

    def run(*argv: str) -> int:
        saved = dict(os.environ)
        os.environ.update(env)
        try:
            return cli.main(list(argv))
        finally:
            os.environ.clear()
            os.environ.update(saved)

    assert await asyncio.to_thread(run, "backup", "--out", str(out)) == 0
    assert out.stat().st_size > 0
    await Canteen.delete(force=True)
    await canteen_db.stop(engine)
    assert await asyncio.to_thread(run, "restore", str(out), "--yes") == 0
    await canteen_db.start(engine)
    assert [row["name"] for row in await Canteen.select(Canteen.name)] == ["Croix-Rousse"]


async def test_keep_prunes_the_oldest_regular_backups(
    db: str, engine: Any, settings: Settings
) -> None:
    made = [await asyncio.to_thread(backup.backup_database, settings) for _ in range(4)]
    removed = backup.prune(settings, keep=2)
    assert removed == made[:2]
    assert sorted(backup.backup_dir(settings).iterdir()) == made[2:]


async def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(
    db: str, engine: Any, settings: Settings, tmp_path: Path
) -> None:
    await make_canteen(name="Croix-Rousse")
    junk = tmp_path / "holiday-photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not a database" * 100)
    with pytest.raises(backup.BackupError):
        await asyncio.to_thread(backup.restore_database, settings, junk)
    with pytest.raises(backup.BackupError):
        await asyncio.to_thread(backup.restore_database, settings, tmp_path / "missing.dump")
    assert [row["name"] for row in await Canteen.select(Canteen.name)] == ["Croix-Rousse"]


@pytest.mark.postgres_only  # SQLite backups need no external tool
async def test_missing_postgresql_tools_are_named(
    db: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert db == "postgres"
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(backup.BackupError, match="pg_dump was not found.*postgresql-client"):
        backup.backup_database(settings)
    assert not list(backup.backup_dir(settings).glob("*"))
