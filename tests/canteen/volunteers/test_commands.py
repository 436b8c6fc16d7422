"""The timer's commands: `canteen shifts generate` and `canteen reminders send`, run twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from canteen import db as canteen_db
from canteen.cli import main
from canteen.volunteers import patterns, shifts
from canteen.volunteers.schemas import PatternIn
from tests.canteen.volunteers.factories import (
    SECRET,
    local_today,
    make_volunteer_canteen,
    noon_timezone,
    sign_up,
)


async def a_canteen_with_a_volunteer_tomorrow(database_url: str) -> None:
    engine = canteen_db.make_engine(database_url)
    canteen_db.bind(engine)
    await canteen_db.start(engine)
    try:
        canteen = await make_volunteer_canteen()
        tomorrow = local_today(noon_timezone()) + timedelta(days=1)
        line = PatternIn(
            weekday=tomorrow.weekday(), kind="cooking", starts="9:00", ends="12:00", places=6
        )
        await patterns.add_pattern(canteen, line, weeks=1)
        [shift] = await shifts.shifts_on(canteen, tomorrow)
        await sign_up(shift.id, "Amina", email="amina@example.org", contact_consent=True)
    finally:
        await canteen_db.stop(engine)


def test_the_timer_commands_do_their_work_once(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    inbox, port = smtp_server
    for name, value in {
        "CANTEEN_DATABASE_URL": database_url,
        "CANTEEN_DATA_DIR": str(tmp_path),
        "CANTEEN_SECRET_KEY": SECRET,
        "CANTEEN_PUBLIC_URL": "https://cantine.example",
        "CANTEEN_SMTP_HOST": "127.0.0.1",
        "CANTEEN_SMTP_PORT": str(port),
        "CANTEEN_SMTP_SECURITY": "none",
    }.items():
        monkeypatch.setenv(name, value)
    asyncio.run(a_canteen_with_a_volunteer_tomorrow(database_url))

    assert main(["shifts", "generate", "--weeks", "3"]) == 0
    assert "2 added" in capsys.readouterr().out  # one week was made with the pattern
    assert main(["shifts", "generate", "--weeks", "3"]) == 0
    assert "0 added" in capsys.readouterr().out

    assert main(["reminders", "send"]) == 0
    assert "1 sent" in capsys.readouterr().out
    assert main(["reminders", "send"]) == 0
    assert "0 sent" in capsys.readouterr().out
    assert [m["To"] for m in inbox.messages] == ["amina@example.org"]
    assert "https://cantine.example/my/" in inbox.messages[0].get_content()
