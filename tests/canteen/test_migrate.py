"""Upgrading: several servers running `canteen migrate` at once apply each migration once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ENGINES, IN_CI, _pg_admin, _pg_url, _postgres_reason

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=ENGINES)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it yet, as on the day of the first install."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    reason = _postgres_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    name = f"tablee_m_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin(f"CREATE DATABASE {name}"))
    try:
        yield _pg_url(name)
    finally:
        asyncio.run(_pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def test_servers_migrating_at_once_apply_each_migration_once(
    empty_database: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "CANTEEN_DATABASE_URL": empty_database,
        "CANTEEN_DATA_DIR": str(tmp_path / "data"),
        "CANTEEN_SECRET_KEY": "migrate-test",
    }
    command = [sys.executable, "-m", "canteen.cli", "migrate"]
    runs = [
        subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=300)[0].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], "\n".join(outputs)

    async def applied() -> list[str]:
        from canteen import db

        engine = db.make_engine(empty_database)
        db.bind(engine)
        from piccolo.apps.migrations.tables import Migration

        return [row["name"] for row in await Migration.select(Migration.name)]

    names = asyncio.run(applied())
    assert names and len(names) == len(set(names))


def test_one_process_can_migrate_two_databases_one_after_the_other(
    empty_database: str, tmp_path: Path
) -> None:
    """A benchmark or a restore migrates a second database in the same process: the migrations'
    own raw SQL must reach the second one, not the first (here deleted meanwhile)."""
    script = f"""
import asyncio, os, sqlite3
from canteen import db
first = {str(tmp_path / "first.sqlite")!r}
async def run(url):
    engine = db.make_engine(url)
    await db.migrate(engine)
    await db.start(engine)
    rows = await db.fetch("SELECT COUNT(*) AS n FROM shift")
    await db.stop(engine)
    return rows
asyncio.run(run("sqlite:///" + first))
os.remove(first)
print(asyncio.run(run({empty_database!r})))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'n': 0" in done.stdout
