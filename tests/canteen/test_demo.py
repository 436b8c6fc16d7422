"""`canteen demo`, as the README's first line runs it, loads the demo network on both engines;
the annual report drawn from it shows the volunteers' hours."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdf


def canteen(database_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CANTEEN_DATABASE_URL": database_url, "CANTEEN_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "canteen.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_demo_loads_and_its_annual_report_has_the_volunteers(
    database_url: str, tmp_path: Path
) -> None:
    loaded = canteen(database_url, tmp_path, "demo")
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    assert "Pair a tablet at /kiosk/pair" in loaded.stdout
    again = canteen(database_url, tmp_path, "demo")
    assert again.returncode != 0  # not over a network that has data: --reset says so
    files = sorted((tmp_path / "toolbox").iterdir())
    assert len(files) == 1  # the demo's statutes template
    reset = canteen(database_url, tmp_path, "demo", "--reset")
    assert reset.returncode == 0, reset.stderr[-3000:]
    after = sorted((tmp_path / "toolbox").iterdir())
    assert len(after) == 1 and after != files  # the old file is gone, the new one kept

    from datetime import date

    out = tmp_path / "report.pdf"
    year = str(date.today().year)
    report = canteen(database_url, tmp_path, "report", "annual", "--year", year, "--out", str(out))
    assert report.returncode == 0, report.stderr[-3000:]
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "Volunteer hours" in text or "Heures de bénévolat" in text
    assert "8\n6\n8" in text  # 8 canteens in 6 cities and 8 neighbourhoods
