"""Test data for the staff side, built through the real services."""

from __future__ import annotations

from typing import Any

import pytest

from canteen.accounts import services as accounts
from canteen.accounts.schemas import SessionUser
from canteen.onboarding import services as onboarding
from canteen.onboarding.schemas import FounderIn, ProjectIn

PASSWORD = "correct horse battery"


async def make_user(
    email: str = "staff@example.org", role: str = "staff", canteen: int | None = None
) -> SessionUser:
    account_id = await accounts.create_account(email, PASSWORD, role, canteen, name=email[:20])
    return SessionUser(id=account_id, email=email, name=email[:20], role=role, canteen=canteen)


async def make_staff(email: str = "staff@example.org") -> SessionUser:
    return await make_user(email, "staff")


async def make_coordinator(canteen_id: int, email: str = "coord@example.org") -> SessionUser:
    return await make_user(email, "coordinator", canteen_id)


def project_in(**fields: Any) -> ProjectIn:
    values: dict[str, Any] = {
        "name": "Cantine des Monts",
        "city": "Montbrison",
        "country": "FR",
        "languages": ["fr"],
        "latitude": 45.6075,
        "longitude": 4.0653,
        "timezone": "Europe/Paris",
        "currency": "EUR",
        "premises": "church_hall",
        "area": "rural",
        "expected_covers": 25,
        "model": "cook_together",
    }
    values.update(fields)
    return ProjectIn(**values)


async def make_project(staff: SessionUser, founders: int = 0, **fields: Any) -> int:
    project_id = await onboarding.create_project(project_in(**fields), staff)
    for index in range(founders):
        await onboarding.add_founder(project_id, FounderIn(name=f"Founder {index + 1}"), staff)
    return project_id


async def tick_stage(project_id: int, staff: SessionUser) -> None:
    """Tick every manual item of the project's current stage."""
    project = await onboarding.get_project(project_id, staff)
    for item in await onboarding.checklist(project):
        if not item["automatic"] and not item["done"]:
            await onboarding.tick(project_id, item["key"], True, staff)


@pytest.fixture(autouse=True)
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with its lightest settings: the tests check the rules, not the hashing cost."""
    from argon2 import PasswordHasher

    from canteen import security

    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
