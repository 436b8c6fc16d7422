"""`canteen forecast backtest|predict` on a history with a known weekly pattern, and
`canteen import covers`: all or nothing, every bad line named."""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest

from canteen import db as canteen_db
from canteen.cli import main
from canteen.clock import local_today
from canteen.forecast.tables import ImportedCovers
from tests.factories import make_canteen

T = TypeVar("T")
# Three canteens, each with its own weekly pattern (Monday = 0) and closed on public holidays.
PATTERNS = {
    "croix-rousse": {0: 20, 2: 36, 4: 52},
    "molenbeek": {1: 30, 3: 60},
    "hochelaga": {0: 45, 1: 40, 2: 50, 3: 55, 4: 80},
}
END = date(2026, 6, 26)  # a Friday


def known_history(path: Path, weeks: int = 60, seed: int = 4) -> None:
    """Covers drawn around each weekday's mean, with a slow drift, closures and gaps."""
    rng = np.random.default_rng(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["site", "date", "covers"])
        for site, pattern in PATTERNS.items():
            for offset in range(weeks * 7, 0, -1):
                day = END - timedelta(days=offset - 1)
                if day.weekday() not in pattern or (day.month, day.day) in {(1, 1), (5, 1)}:
                    continue
                if day.month == 8 or rng.random() < 0.04:  # closed in August, days forgotten
                    continue
                drift = 1 + 0.1 * np.sin(offset / 60)
                mean = pattern[day.weekday()] * drift * np.exp(rng.normal(0, 0.08))
                writer.writerow([site, day.isoformat(), int(rng.poisson(mean))])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_backtest_beats_seasonal_naive_and_ends_with_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "history.csv"
    known_history(history)
    status, out, _err = run(
        capsys, "forecast", "backtest", str(history), "--weeks", "40", "--lang", "en"
    )
    assert status == 0
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["sites"] == 3 and figures["points"] > 300 and figures["missing"] == 0
    assert figures["wape"] <= 0.8 * figures["wape_naive"]
    assert figures["wape"] < figures["wape_median"]
    assert figures["mae"] < figures["mae_naive"]
    assert 0.7 <= figures["coverage_80"] <= 0.9
    for site in PATTERNS:
        assert site in out  # one row per site in the table


def test_predict_recovers_each_site_weekly_pattern(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history, targets = tmp_path / "history.csv", tmp_path / "targets.csv"
    known_history(history)
    coming = [END + timedelta(days=k) for k in range(1, 15)]
    with targets.open("w", encoding="utf-8") as handle:
        handle.write("site,date\n")
        for site, pattern in PATTERNS.items():
            handle.writelines(f"{site},{d.isoformat()}\n" for d in coming if d.weekday() in pattern)
    status, out, _err = run(capsys, "forecast", "predict", str(history), str(targets))
    assert status == 0
    rows = list(csv.DictReader(out.splitlines()))
    assert list(rows[0]) == ["site", "date", "expected", "low", "high"]
    assert len(rows) == sum(len([d for d in coming if d.weekday() in p]) for p in PATTERNS.values())
    for row in rows:
        weekday = date.fromisoformat(row["date"]).weekday()
        mean = PATTERNS[row["site"]][weekday] * (1 + 0.1 * np.sin(0))  # drift ≈ 1 at the end
        expected, low, high = int(row["expected"]), int(row["low"]), int(row["high"])
        assert abs(expected - mean) <= 0.15 * mean, row
        assert low <= expected <= high and low < mean < high


def test_a_malformed_history_names_its_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "history.csv"
    history.write_text(
        "site,date,covers\nA,2026-01-05,30\nA,2026-13-01,30\nA,2026-01-06,many\n"
        "A,2026-01-05,31\n,2026-01-07,3\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "forecast", "backtest", str(history), "--lang", "en")
    assert status == 1 and out == ""
    assert "Line 3: '2026-13-01' is not a date" in err
    assert "Line 4: 'many' is not a number of covers" in err
    assert "Line 5: 2026-01-05 is already on line 2." in err
    assert "Line 6: the site is missing." in err
    status, _out, err = run(capsys, "forecast", "backtest", str(history), "--lang", "fr")
    assert status == 1 and "Ligne 3" in err


# --- import covers -------------------------------------------------------------------------


def in_db(url: str, work: Callable[[], Awaitable[T]]) -> T:
    async def go() -> T:
        engine = canteen_db.make_engine(url)
        canteen_db.bind(engine)
        await canteen_db.start(engine)
        try:
            return await work()
        finally:
            await canteen_db.stop(engine)

    return asyncio.run(go())


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CANTEEN_DATABASE_URL", database_url)
    monkeypatch.setenv("CANTEEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CANTEEN_SECRET_KEY", "cli-test-secret")
    in_db(database_url, lambda: make_canteen(slug="fives"))
    return database_url


def imported(url: str) -> list[dict[str, Any]]:
    return in_db(url, lambda: ImportedCovers.select().order_by(ImportedCovers.date).run())


def test_import_of_a_malformed_csv_changes_nothing_and_names_the_bad_lines(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = local_today("Europe/Paris")
    spreadsheet = tmp_path / "covers.csv"
    spreadsheet.write_text(
        "date;covers\n"
        "2025-03-04;41\n"
        "05/03/2025;38\n"
        "2025-03-06;-2\n"
        "2025-02-30;40\n"
        f"{(today + timedelta(days=3)).isoformat()};35\n"
        "2025-03-04;44\n",
        encoding="utf-8",
    )
    argv = ["import", "covers", str(spreadsheet), "--canteen", "fives"]
    status, _out, err = run(capsys, *argv, "--lang", "en")
    assert status == 1
    assert "Line 4: '-2' is not a number of covers" in err
    assert "Line 5: '2025-02-30' is not a date" in err
    assert "Line 6:" in err and "is not past yet" in err
    assert "Line 7: 2025-03-04 is already on line 2." in err
    assert "Line 2:" not in err and "Line 3:" not in err
    assert imported(cli_env) == []
    status, _out, err = run(capsys, *argv, "--lang", "fr")
    assert status == 1 and "Ligne 4" in err and imported(cli_env) == []


def test_import_of_a_good_csv_loads_every_day_once(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spreadsheet = tmp_path / "covers.csv"
    spreadsheet.write_text("date,covers\n2025-03-04,41\n05/03/2025,38\n", encoding="utf-8")
    argv = ["import", "covers", str(spreadsheet), "--canteen", "fives", "--lang", "en"]
    status, out, _err = run(capsys, *argv)
    assert status == 0 and "2 days of covers imported" in out
    assert [(r["date"], r["covers"]) for r in imported(cli_env)] == [
        (date(2025, 3, 4), 41),
        (date(2025, 3, 5), 38),
    ]
    assert run(capsys, *argv)[0] == 0  # the same file again: nothing doubles
    assert len(imported(cli_env)) == 2
    spreadsheet.write_text("date,covers\n2025-03-04,45\n", encoding="utf-8")
    status, _out, err = run(capsys, *argv)
    assert status == 1 and "was imported before with 41 covers" in err
    assert run(capsys, *argv, "--replace")[0] == 0
    assert [r["covers"] for r in imported(cli_env)] == [45, 38]


def test_import_refuses_an_oversized_file(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spreadsheet = tmp_path / "covers.csv"
    spreadsheet.write_text("date,covers\n" + "2025-03-04,41\n" * 200_000, encoding="utf-8")
    status, _out, err = run(
        capsys, "import", "covers", str(spreadsheet), "--canteen", "fives", "--lang", "en"
    )
    assert status == 1 and "too large" in err and imported(cli_env) == []
