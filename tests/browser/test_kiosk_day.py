"""A whole meal day at the tablet, in real Chromium: pair, open, 40 diners, survey, close.

The summary the coordinator reads at the end is checked against figures this test computes
from its own plan of who came and what they gave, once in French and once in Arabic.
"""

from __future__ import annotations

from typing import Any

import pytest

from canteen.money import format_money
from tests.browser.kiosk_steps import (
    Party,
    enter_coordinator_mode,
    figures,
    open_service,
    pair,
    serve,
)
from tests.factories import make_canteen

pytestmark = pytest.mark.browser

ALL = {"welcome": 4, "met_someone": 3, "changed_idea": 2, "enjoyed_meal": 4}


def french_day() -> list[Party]:
    """A Tuesday in Lyon, in euros: 20 groups, 40 diners, every way of paying."""
    return [
        Party(2, "fr", 300, "cash", first_visit=True, survey=ALL),
        Party(1, "fr", "2,50", "cash", survey={"welcome": 4}),
        Party(4, "fr", "12", "card", children=2, survey={"welcome": 3, "met_someone": 4}),
        Party(1, "fr", method="nothing", survey={"welcome": 4, "changed_idea": 3}),
        Party(3, "fr", "8,50", "voucher", first_visit=False),
        Party(1, "ar", 300, "cash", forward=True, survey=ALL),  # pays for a stranger too
        Party(1, "en", 500, "card", forward=True),
        Party(2, "fr", method="credit", survey={"enjoyed_meal": 2}),
        Party(8, "fr", "20", "cash", children=3, first_visit=True, survey=ALL),  # "more than 6"
        Party(1, "fr", 100, "cash", survey={"welcome": 1}),
        Party(2, "es", method="nothing"),
        Party(1, "fr", method="credit", survey={"met_someone": 1}),
        Party(1, "fr", "0,50", "cash"),
        Party(2, "fr", 200, "voucher", survey=ALL),
        Party(1, "nl", "3,20", "card", survey={"welcome": 4}),
        Party(3, "fr", 500, "cash", first_visit=True, survey={"changed_idea": 4}),
        Party(1, "fr", method="nothing"),
        Party(1, "fr", "4", "cash", survey=ALL),
        Party(3, "fr", "7,50", "card", survey={"welcome": 4, "met_someone": 2}),
        Party(1, "fr", 300, "cash", survey={"welcome": 4}),
    ]


def arabic_day() -> list[Party]:
    """A Thursday in Montréal, in Canadian dollars, with Arabic first on the tablet."""
    return [
        Party(1, "ar", 300, "cash", survey=ALL),
        Party(2, "ar", "6.50", "card", first_visit=True, survey={"welcome": 4}),
        Party(5, "ar", "15", "cash", children=3, survey={"welcome": 3, "met_someone": 3}),
        Party(1, "ar", method="nothing", survey={"welcome": 4}),
        Party(1, "ar", 500, "cash", forward=True, survey=ALL),
        Party(1, "ar", 500, "card", forward=True),
        Party(1, "ar", method="credit", survey={"enjoyed_meal": 4}),
        Party(2, "ar", "9", "voucher", first_visit=False, survey={"changed_idea": 2}),
        Party(7, "ar", "25", "cash", children=4, first_visit=True, survey=ALL),
        Party(1, "fr", 200, "cash"),
        Party(1, "ar", method="credit", survey={"met_someone": 4}),
        Party(2, "ar", "4.25", "cash", survey={"welcome": 2}),
        Party(3, "en", 1000, "card"),
        Party(1, "ar", method="nothing", survey={"welcome": 4}),
        Party(2, "ar", "5", "voucher", survey=ALL),
        Party(1, "ar", "0.75", "cash"),
        Party(2, "ar", 300, "cash", first_visit=True, survey={"welcome": 4}),
        Party(3, "ar", "11", "card", survey={"welcome": 4, "enjoyed_meal": 3}),
        Party(1, "ar", method="nothing"),
        Party(2, "ar", 500, "cash", survey={"met_someone": 3}),
    ]


def _minor(amount: str | int | None, decimals: int = 2) -> int:
    if isinstance(amount, int):
        return amount
    whole, _sep, cents = str(amount).replace(",", ".").partition(".")
    return int(whole) * 10**decimals + int((cents + "00")[:decimals] or 0)


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def expected_summary(
    plan: list[Party], groceries: int, cash_float: int, counted: int
) -> dict[str, int]:
    """The day's figures, worked out from the plan alone."""
    by_method = {"cash": 0, "card": 0, "voucher": 0}
    for party in plan:
        if party.method in by_method:
            by_method[party.method] += _minor(party.amount)
    takings = sum(by_method.values())
    covers = sum(party.size for party in plan)
    expected_cash = cash_float + by_method["cash"]
    return {
        "covers": covers,
        "first_visits": sum(p.size for p in plan if p.first_visit),
        "takings": takings,
        "takings_cash": by_method["cash"],
        "takings_card": by_method["card"],
        "takings_voucher": by_method["voucher"],
        "count_nothing": sum(1 for p in plan if p.method == "nothing"),
        "forward_given": sum(1 for p in plan if p.forward),
        "forward_used": sum(1 for p in plan if p.method == "credit"),
        "average": _half_up(takings, covers),
        "groceries": groceries,
        "cost_per_portion": _half_up(groceries, covers),
        "balance": takings - groceries,
        "expected_cash": expected_cash,
        "counted_cash": counted,
        "cash_gap": counted - expected_cash,
        "survey": sum(1 for p in plan if p.survey),
    }


def _text(value: str) -> str:
    return " ".join(value.split())


DAYS = {
    "fr": {
        "slug": "lyon-croix-rousse",
        "name": "La Petite Cantine de la Croix-Rousse",
        "currency": "EUR",
        "timezone": "Europe/Paris",
        "languages": "fr,en,ar",
        "plan": french_day,
        "groceries": ("112,00", 11200),
        "float": ("20", 2000),
        "menu": "Dhal de lentilles, riz basmati, crumble aux pommes",
        "heading": "Bilan de la journée",
    },
    "ar": {
        "slug": "montreal-parc-ex",
        "name": "Cantine solidaire Parc-Extension",
        "currency": "CAD",
        "timezone": "America/Toronto",
        "languages": "ar,fr,en",
        "plan": arabic_day,
        "groceries": ("164.00", 16400),
        "float": ("30", 3000),
        "menu": "كسكس بالخضار، سلطة، برتقال",
        "heading": "ملخص اليوم",
    },
}


@pytest.mark.parametrize("language", ["fr", "ar"])
async def test_a_meal_day_at_the_tablet_ends_with_a_summary_right_to_the_cent(
    db: str, live_server: str, tablet_page: Any, language: str
) -> None:
    day: dict[str, Any] = DAYS[language]
    plan: list[Party] = day["plan"]()
    assert sum(p.size for p in plan) == 40 and sum(1 for p in plan if p.survey) == 15
    canteen_id = await make_canteen(
        day["slug"],
        name=day["name"],
        currency=day["currency"],
        timezone=day["timezone"],
        languages=day["languages"],
        pin="246810",
    )
    page, base = tablet_page, live_server
    page.set_default_timeout(10_000)
    await pair(page, base, canteen_id)
    assert await page.get_attribute("html", "lang") == language

    await enter_coordinator_mode(page, base, "246810")
    await open_service(page, day["menu"], day["groceries"][0], 40, day["float"][0])
    await page.click("header a[href='/kiosk/']")
    assert day["menu"] in await page.inner_text("main")

    for party in plan:
        await serve(page, base, party)
        # The next diner finds the welcome screen in the canteen's language again.
        assert await page.get_attribute("html", "lang") == language

    counted = expected_summary(plan, day["groceries"][1], day["float"][1], 0)["expected_cash"] - 150
    want = expected_summary(plan, day["groceries"][1], day["float"][1], counted)
    await enter_coordinator_mode(page, base, "246810")
    live = await figures(page, "data-count")
    assert live["covers"] == f"{want['covers']} / 40"
    assert live["survey"] == str(want["survey"])
    assert live["credits"] == str(want["forward_given"] - want["forward_used"])
    separator = "," if language == "fr" else "."
    await page.fill("input[name=counted_cash]", f"{counted // 100}{separator}{counted % 100:02d}")
    await page.click("main form[action='/kiosk/coordinator/close'] button[type=submit]")
    await page.wait_for_url(f"{base}/kiosk/coordinator/summary/*", wait_until="domcontentloaded")

    assert await page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    assert day["heading"] in await page.inner_text("h1")
    shown = await figures(page, "data-figure")

    def money(key: str) -> str:
        return _text(format_money(want[key], day["currency"], language))

    assert shown == {
        "covers": str(want["covers"]),
        "covers_expected": "40",
        "first_visits": str(want["first_visits"]),
        "takings": money("takings"),
        "takings_cash": money("takings_cash"),
        "takings_card": money("takings_card"),
        "takings_voucher": money("takings_voucher"),
        "count_nothing": str(want["count_nothing"]),
        "pay_forward": f"{want['forward_given']} / {want['forward_used']}",
        "average": money("average"),
        "groceries": money("groceries"),
        "cost_per_portion": money("cost_per_portion"),
        "balance": money("balance"),
        "expected_cash": money("expected_cash"),
        "counted_cash": money("counted_cash"),
        "cash_gap": money("cash_gap"),
        "survey": str(want["survey"]),
    }
    assert want["cash_gap"] == -150

    # The day is closed: the diners' screen says so, and nothing left the server's host.
    await page.click("header a[href='/kiosk/coordinator/service']")
    await page.click("header a[href='/kiosk/']")
    assert await page.locator("a[hreflang]").count() == 0
    assert all(url.startswith(base) for url in page.requested_urls)
