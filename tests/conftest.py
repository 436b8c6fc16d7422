"""Fixtures: every database test runs on SQLite and on a throw-away PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from canteen import db as canteen_db
from canteen.settings import Settings

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get(
    "CANTEEN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
ENGINES = [e for e in os.environ.get("CANTEEN_TEST_ENGINES", "sqlite,postgres").split(",") if e]

# Hypothesis: derandomized in CI (a failure there is the same failure on every run), random and
# quick on a developer's machine; HYPOTHESIS_PROFILE=nightly for a long search (tests/stateful.py
# scales the state machines' budgets by profile too).
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.register_profile("nightly", deadline=None, max_examples=1000)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked postgres_only exists on PostgreSQL only: its SQLite variant is not
    collected (deselected), so it is never counted as a skip."""
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_sqlite = params.get("database_url", params.get("empty_database")) == "sqlite"
        (dropped if item.get_closest_marker("postgres_only") and on_sqlite else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI=true no test may be skipped: a skip is reported as a failure, with its reason."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"CI=true: a skipped test is a failure ({reason})"


def _pg_url(database: str) -> str:
    base, _slash, _old = PG_ADMIN_URL.rpartition("/")
    return f"{base}/{database}"


async def _pg_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_URL, timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _postgres_reason() -> str | None:
    """None when PostgreSQL answers; otherwise why not."""
    try:
        asyncio.run(_pg_admin("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means: not available
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"
    return None


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated template database; each test clones it (fast) and drops its clone."""
    reason = _postgres_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    name = f"tablee_tpl_{os.getpid()}"
    asyncio.run(_pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    asyncio.run(_pg_admin(f"CREATE DATABASE {name}"))

    async def build() -> None:
        engine = canteen_db.make_engine(_pg_url(name))
        await canteen_db.migrate(engine)
        from canteen.meals.services import ensure_default_questions

        canteen_db.bind(engine)
        await ensure_default_questions()

    asyncio.run(build())
    yield name
    asyncio.run(_pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.sqlite"

    async def build() -> None:
        engine = canteen_db.make_engine(f"sqlite:///{path}")
        await canteen_db.migrate(engine)
        from canteen.meals.services import ensure_default_questions

        canteen_db.bind(engine)
        await ensure_default_questions()

    asyncio.run(build())
    return path


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database on each engine, dropped after the test."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "canteen.sqlite"
        shutil.copy(template, path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"tablee_t_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin(f"CREATE DATABASE {name} TEMPLATE {template}"))
    try:
        yield _pg_url(name)
    finally:
        asyncio.run(_pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[Any]:
    """This test's engine, started in the test's event loop."""
    engine = canteen_db.make_engine(database_url)
    canteen_db.bind(engine)
    await canteen_db.prepare(engine)
    await canteen_db.start(engine)
    try:
        yield engine
    finally:
        await canteen_db.stop(engine)


@pytest.fixture
async def db(engine: Any) -> str:
    """The tables bound to this test's database: 'sqlite' or 'postgres'."""
    canteen_db.bind(engine)
    return "sqlite" if canteen_db.is_sqlite(engine) else "postgres"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        secret_key="test-secret-key-not-for-production",
    )


@pytest.fixture
async def app(db: str, engine: Any, settings: Settings):  # type: ignore[no-untyped-def]
    from canteen.server import create_app

    return create_app(settings, engine=engine)


@pytest.fixture
async def client(app):  # type: ignore[no-untyped-def]
    """HTTP through the real ASGI app, in the test's own event loop (the engine's loop)."""
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as http:
        yield http
