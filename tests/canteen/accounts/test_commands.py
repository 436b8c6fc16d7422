"""`canteen user create`: accounts from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def canteen(database_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CANTEEN_DATABASE_URL": database_url,
        "CANTEEN_DATA_DIR": str(data_dir),
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "canteen.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_user_create_makes_staff_and_refuses_bad_requests(
    database_url: str, tmp_path: Path
) -> None:
    made = canteen(database_url, tmp_path, "user", "create", "--staff", "ops@example.org")
    assert made.returncode == 0, made.stderr
    assert "Account created for ops@example.org (network staff)" in made.stdout
    assert "Password (shown once):" in made.stdout  # no terminal: one is generated

    again = canteen(database_url, tmp_path, "user", "create", "--staff", "OPS@example.org")
    assert again.returncode == 2 and "already exists" in again.stdout

    unknown = canteen(
        database_url, tmp_path, "user", "create", "--canteen", "nowhere", "c@example.org"
    )
    assert unknown.returncode == 2 and "No canteen with the id 'nowhere'" in unknown.stdout

    neither = canteen(database_url, tmp_path, "user", "create", "x@example.org")
    assert neither.returncode == 2  # argparse: --staff or --canteen is required
