"""Running a Hypothesis state machine against the real services on one test database."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from hypothesis import HealthCheck, settings

from canteen import db as canteen_db

# How many times the base budget each Hypothesis profile runs (tests/conftest.py loads it: "ci"
# under CI=true, derandomized). A nightly-style search: HYPOTHESIS_PROFILE=nightly pytest
# tests/canteen/meals/test_invariants.py tests/canteen/volunteers/test_invariants.py
BUDGET = {"dev": 1.0, "ci": 1.5, "nightly": 20.0}


def run_machine(machine: Any, database_url: str, examples: int, steps: int) -> None:
    """Runs `machine` (its rules call machine.loop.run_until_complete) on this database."""
    loop = asyncio.new_event_loop()
    engine = canteen_db.make_engine(database_url)
    canteen_db.bind(engine)
    loop.run_until_complete(canteen_db.start(engine))
    machine.loop = loop
    try:
        runner = machine.TestCase
        scale = BUDGET.get(os.environ.get("HYPOTHESIS_PROFILE") or _default_profile(), 1.0)
        runner.settings = settings(
            max_examples=int(examples * scale),
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        runner().runTest()
    finally:
        loop.run_until_complete(canteen_db.stop(engine))
        loop.close()


def _default_profile() -> str:
    return "ci" if os.environ.get("CI", "").lower() == "true" else "dev"
