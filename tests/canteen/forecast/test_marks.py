"""Marked days: read from an optional CSV column, learnt from the past, applied to the forecast."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from canteen import i18n
from canteen.cli import main
from canteen.forecast import csvio, predicting
from canteen.forecast.marks import Mark
from canteen.forecast.model import Panel

START = date(2025, 1, 6)  # a Monday
WEEKS = 52
PATTERN = {0: 40.0, 2: 60.0, 4: 80.0}
EFFECTS = {"holiday": 0.6, "special": 1.6, "strike": 0.4}


def history(
    sites: tuple[str, ...] = ("a", "b"), marked_sites: tuple[str, ...] = ("a", "b"), seed: int = 3
) -> tuple[list[tuple[str, date, float]], dict[tuple[str, date], Mark]]:
    """A year of services; every 5th week one day is marked, and its covers follow the mark."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, date, float]] = []
    marks: dict[tuple[str, date], Mark] = {}
    kinds = ["holiday", "special", "strike", "change"]
    for site in sites:
        for week in range(WEEKS):
            for weekday, mean in PATTERN.items():
                day = START + timedelta(weeks=week, days=weekday)
                covers = mean * float(np.exp(rng.normal(0, 0.05)))
                if week % 5 == 2 and weekday == 2 and site in marked_sites:
                    kind = kinds[(week // 5) % len(kinds)]
                    if kind == "change":
                        marks[(site, day)] = Mark("change", -20.0)
                        covers -= 20
                    else:
                        marks[(site, day)] = Mark(kind)
                        covers *= EFFECTS[kind]
                rows.append((site, day, float(round(covers))))
    return rows, marks


NEXT_WEDNESDAY = START + timedelta(weeks=WEEKS, days=2)


def forecast(
    rows: list[tuple[str, date, float]],
    marks: dict[tuple[str, date], Mark],
    site: str,
    mark: Mark | None,
) -> predicting.Prediction:
    wanted = dict(marks)
    if mark is not None:
        wanted[(site, NEXT_WEDNESDAY)] = mark
    found = predicting.predict(Panel.from_rows(rows), [(site, NEXT_WEDNESDAY)], marks=wanted)[0]
    assert found is not None
    return found


@pytest.mark.parametrize("kind", ["holiday", "special", "strike"])
def test_each_kind_of_mark_moves_the_forecast_its_own_way(kind: str) -> None:
    rows, marks = history()
    usual = forecast(rows, marks, "a", None)
    marked = forecast(rows, marks, "a", Mark(kind))
    assert abs(usual.expected - PATTERN[2]) <= 5  # marked days did not skew the usual pattern
    ratio = marked.expected / usual.expected
    assert (ratio < 0.85) if EFFECTS[kind] < 1 else (ratio > 1.2), (kind, ratio)
    assert marked.mark == kind and marked.mark_effect == marked.expected - usual.expected
    assert marked.low <= marked.expected <= marked.high


def test_a_change_adds_its_number_and_a_closed_day_is_zero() -> None:
    rows, marks = history()
    usual = forecast(rows, marks, "a", None)
    fewer = forecast(rows, marks, "a", Mark("change", -20.0))
    assert -24 <= fewer.mark_effect <= -16 and fewer.expected == usual.expected + fewer.mark_effect
    closed = forecast(rows, marks, "a", Mark("closed"))
    assert (closed.expected, closed.low, closed.high) == (0, 0, 0)
    assert closed.mark == "closed" and closed.mark_effect == -usual.expected


def test_a_site_with_no_marked_past_borrows_the_network_effect() -> None:
    rows, marks = history(sites=("a", "b", "new"), marked_sites=("a", "b"))
    usual = forecast(rows, marks, "new", None)
    strike = forecast(rows, marks, "new", Mark("strike"))
    special = forecast(rows, marks, "new", Mark("special"))
    assert strike.expected < 0.8 * usual.expected < special.expected


def test_a_kind_never_seen_changes_nothing_but_widens_the_range() -> None:
    rows, _marks = history()
    usual = forecast(rows, {}, "a", None)
    strike = forecast(rows, {}, "a", Mark("strike"))
    assert strike.expected == usual.expected and strike.mark_effect == 0
    assert strike.high - strike.low > usual.high - usual.low


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", None),
        ("closed", Mark("closed")),
        ("Fermé", Mark("closed")),
        ("vacances", Mark("holiday")),
        ("special", Mark("special")),
        ("grève", Mark("strike")),
        ("-30", Mark("change", -30.0)),
        ("+15", Mark("change", 15.0)),
        ("change -30", Mark("change", -30.0)),
        ("change: 12", Mark("change", 12.0)),
        ("30", False),
        ("school trip", False),
    ],
)
def test_mark_cells(cell: str, expected: Mark | None | bool) -> None:
    assert csvio.parse_mark(cell) == expected


OLD_HISTORY = "site;date;covers\nA;2026-01-05;30\nA;06/01/2026;31,5\nB;2026-01-05;12\n"


def test_a_file_without_marks_reads_as_before() -> None:
    rows, problems = csvio.read_history(OLD_HISTORY)
    assert problems == []
    assert rows == [
        ("A", date(2026, 1, 5), 30.0),
        ("A", date(2026, 1, 6), 31.5),
        ("B", date(2026, 1, 5), 12.0),
    ]
    assert csvio.read_marked_history(OLD_HISTORY) == (rows, {}, [])
    assert csvio.read_targets("site,date\nA,2026-01-07\n") == ([("A", date(2026, 1, 7))], [])


def test_marks_are_read_and_bad_ones_named_with_their_line() -> None:
    text = "site,date,covers,mark\nA,2026-01-05,30,\nA,2026-01-06,,closed\nA,2026-01-07,9,strike\n"
    rows, marks, problems = csvio.read_marked_history(
        text + "A,2026-01-08,4,trip\nA,2026-01-09,5\n"
    )
    assert [row[1].day for row in rows] == [5, 6, 7, 9]
    assert marks == {
        ("A", date(2026, 1, 6)): Mark("closed"),
        ("A", date(2026, 1, 7)): Mark("strike"),
    }
    assert [(p.line, p.msgid) for p in problems] == [(5, csvio.BAD_MARK)]
    token = i18n.current_language.set("en")
    try:
        assert "Line 5: 'trip' is not a mark" in problems[0].text()
    finally:
        i18n.current_language.reset(token)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def history_csv(path: Path, mark_column: bool) -> Path:
    rows, _marks = history(marked_sites=())
    lines = ["site,date,covers" + (",mark" if mark_column else "")]
    lines += [f"{s},{d.isoformat()},{int(c)}" + ("," if mark_column else "") for s, d, c in rows]
    return write(path, "\n".join(lines) + "\n")


def test_an_empty_mark_column_gives_the_same_forecasts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    days = [NEXT_WEDNESDAY + timedelta(days=k) for k in range(-2, 5)]
    plain = write(tmp_path / "t.csv", "site,date\n" + "".join(f"a,{d}\n" for d in days))
    marked = write(tmp_path / "m.csv", "site,date,mark\n" + "".join(f"a,{d},\n" for d in days))
    assert (
        main(["forecast", "predict", str(history_csv(tmp_path / "h.csv", False)), str(plain)]) == 0
    )
    before = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert before[0] == ["site", "date", "expected", "low", "high"]
    assert (
        main(["forecast", "predict", str(history_csv(tmp_path / "hm.csv", True)), str(marked)]) == 0
    )
    after = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert after[0] == ["site", "date", "expected", "low", "high", "mark", "mark_effect"]
    assert [row[:5] for row in after[1:]] == before[1:] and len(before) == 8
    assert all(row[5:] == ["", ""] for row in after[1:])


def test_a_bad_mark_is_refused_in_the_user_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history_file = history_csv(tmp_path / "h.csv", False)
    targets = write(tmp_path / "t.csv", "site,date,mark\na,2026-01-07,school trip\n")
    assert main(["forecast", "predict", str(history_file), str(targets), "--lang", "en"]) == 1
    assert "Line 2: 'school trip' is not a mark" in capsys.readouterr().err
    assert main(["forecast", "predict", str(history_file), str(targets), "--lang", "fr"]) == 1
    assert "Ligne 2 : « school trip » n'est pas une marque" in capsys.readouterr().err
