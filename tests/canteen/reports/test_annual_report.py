"""The annual impact report: `canteen report annual` writes a PDF whose pages we count."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pypdf
import pytest

from canteen import db as canteen_db
from canteen import i18n
from canteen.cli import main
from canteen.reports import pdf, services
from tests.canteen.reports import data


def _fill(database_url: str) -> None:
    async def run() -> None:
        engine = canteen_db.make_engine(database_url)
        canteen_db.bind(engine)
        await canteen_db.start(engine)
        try:
            await data.two_canteens()
        finally:
            await canteen_db.stop(engine)

    asyncio.run(run())


@pytest.fixture
def filled(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two canteens' year in the database, and the command line pointed at it."""
    _fill(database_url)
    monkeypatch.setenv("CANTEEN_DATABASE_URL", database_url)
    monkeypatch.setenv("CANTEEN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CANTEEN_SECRET_KEY", "test")


def test_the_command_writes_the_network_report_with_a_page_per_canteen(
    filled: None, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    assert main(["report", "annual", "--year", "2026", "--lang", "fr", "--out", str(out)]) == 0
    reader = pypdf.PdfReader(out)
    # Key figures; charts (covers, EUR money, pay it forward); average, payments and survey;
    # CAD money; forecast; then Lyon and Montréal.
    assert len(reader.pages) == 7
    first = reader.pages[0].extract_text()
    assert "Rapport d'impact 2026" in first
    assert "Couverts servis" in first and "20" in first
    assert "Lyon Croix-Rousse" in reader.pages[5].extract_text()
    assert "Montréal Hochelaga" in reader.pages[6].extract_text()


def test_one_canteen_and_an_unknown_one(filled: None, tmp_path: Path) -> None:
    out = tmp_path / "lyon.pdf"
    args = ["report", "annual", "--year", "2026", "--canteen", "lyon-croix-rousse", "--out"]
    assert main([*args, str(out), "--lang", "en"]) == 0
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 5
    assert "Annual impact report 2026" in reader.pages[0].extract_text()
    unknown = ["report", "annual", "--year", "2026", "--canteen", "nowhere", "--out"]
    assert main([*unknown, str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


async def test_the_key_figures_are_the_hand_computed_ones(two_canteens: dict[str, int]) -> None:
    token = i18n.current_language.set("en")
    try:
        report = await services.annual_report(2026)
        figures = dict(pdf.key_figures(report.dashboard))
        data_pdf = pdf.render(report)
    finally:
        i18n.current_language.reset(token)
    assert figures["Canteens"] == "2" and figures["Cities"] == "2"
    assert figures["Meal services"] == "4" and figures["Covers served"] == "20"
    assert figures["Takings (EUR)"] == "€28.50"
    assert figures["Share of costs covered by contributions (EUR)"] == "12%"  # 28.50 / 242.00
    assert figures["Meals paid forward: given / used"] == "1 / 1"
    # 10 of 12 felt welcome, but the 2 others are too few to be shown apart: hidden.
    assert figures["Felt welcome as they are"].startswith("too few answers to show")
    assert figures["Met someone new"] == "50% of 20 answers"
    assert len(pypdf.PdfReader(io.BytesIO(data_pdf)).pages) == 7
