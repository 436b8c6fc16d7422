"""The wifi drops in the middle of lunch: the kiosk keeps going, and nothing is lost or doubled.

Real Chromium with the kiosk's service worker and outbox; the network is cut with
context.set_offline(True); what reached the server is read from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from canteen.meals import contributions
from canteen.meals import services as meals
from canteen.meals.schemas import CheckInIn, ContributionIn
from canteen.meals.tables import CheckIn, Contribution, SurveyAnswer, SurveyResponse
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import IN_CI
from tests.factories import client_id, make_canteen, open_today
from tests.offline.conftest import device_token

pytestmark = pytest.mark.browser

DELIVERY_SECONDS = 10
READ_OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("tablee");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const all = open.result.transaction("outbox").objectStore("outbox").getAll();
    all.onsuccess = () => resolve(all.result.map((r) => ({kind: r.kind, id: r.id, body: r.body})));
  };
})"""
ADD_TO_OUTBOX = """(record) => new Promise((resolve, reject) => {
  const open = indexedDB.open("tablee");
  open.onsuccess = () => {
    const tx = open.result.transaction("outbox", "readwrite");
    tx.objectStore("outbox").add(record);
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  };
})"""

Launch = Callable[..., Awaitable[Any]]


@pytest.fixture
async def launch(live_server: str) -> AsyncIterator[Launch]:
    """Opens the tablet's Chromium on a profile folder that survives closing it (IndexedDB)."""
    if not shutil.which(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    contexts: list[Any] = []
    async with async_playwright() as playwright:

        async def open_tablet(profile: Path, token: str | None = None, **options: Any) -> Any:
            context = await playwright.chromium.launch_persistent_context(
                str(profile),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1024, "height": 768},
                locale="en-GB",
                **options,
            )
            contexts.append(context)
            if token:
                # Lasting, like the cookie pairing sets: it must outlive closing the browser.
                expires = time.time() + 400 * 24 * 3600
                cookie = {"name": "tablee_device", "value": token, "url": live_server}
                await context.add_cookies([{**cookie, "expires": expires}])
            context.set_default_timeout(20_000)
            return context

        try:
            yield open_tablet
        finally:
            for context in contexts:
                with contextlib.suppress(Exception):  # some were closed by the test
                    await context.close()


async def first_page(context: Any) -> Any:
    return context.pages[0] if context.pages else await context.new_page()


async def kiosk_ready(page: Any, base: str) -> None:
    """Load the kiosk online and wait until its worker has kept what a reload needs."""
    await page.goto(f"{base}/kiosk/")
    await page.wait_for_selector("html[data-offline=ready]", state="attached", timeout=60_000)


async def waiting(page: Any) -> int:
    counter = page.locator(".outbox-count")
    return int(await counter.get_attribute("data-waiting") or 0)


async def check_in(page: Any, base: str, party: int, children: int | None, first: bool) -> None:
    await page.goto(f"{base}/kiosk/checkin")
    if party <= 6:
        await page.click(f"label.tile:has(input[name=party][value='{party}'])")
    else:
        await page.fill("input[name=party_more]", str(party))
    if children is not None or first:
        await page.click("details.optional summary")
        if children is not None:
            await page.click(f"label.tile:has(input[name=children][value='{children}'])")
        if first:
            await page.click("label.tile:has(input[name=first_visit][value=yes])")
    await page.click("form button.primary")
    await page.wait_for_url("**/kiosk/pay")


async def contribute(page: Any, choice: str, method: str, forward: bool) -> tuple[int, str, int]:
    """On the pay page: a quick amount (its index), a typed amount, or nothing today."""
    if choice == "nothing":
        await page.click("button[value=nothing]")
        await page.wait_for_url("**/kiosk/thanks?given=0")
        return 0, "nothing", 0
    if choice.isdigit():
        tile = page.locator("input[name=amount]").nth(int(choice))
        amount = int(await tile.get_attribute("value") or -1)
        await page.locator("label.tile:has(input[name=amount])").nth(int(choice)).click()
    else:
        await page.fill("input[name=amount_custom]", choice)
        amount = round(float(choice) * 100)
    await page.click(f"label.tile:has(input[name=method][value={method}])")
    if forward:
        await page.click("label.toggle:has(input[name=pay_forward])")
    await page.click("button[value=give]")
    await page.wait_for_url("**/kiosk/thanks?given=1")
    return amount, method, 1 if forward else 0


async def answer_survey(page: Any, answers: dict[str, int]) -> None:
    await page.click("a[href='/kiosk/survey']")
    await page.wait_for_url("**/kiosk/survey")
    for key, value in answers.items():
        await page.click(f"label.face:has(input[name=q_{key}][value='{value}'])")
    await page.click("form button.primary")
    await page.wait_for_url("**/kiosk/thanks?done=1")


async def server_records() -> tuple[int, int, int]:
    return await CheckIn.count(), await Contribution.count(), await SurveyResponse.count()


async def wait_for_records(expected: tuple[int, int, int], seconds: float) -> float:
    """Poll the database until it holds exactly what is expected; how long it took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if await server_records() == expected:
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    raise AssertionError(f"after {seconds}s the server has {await server_records()}")


METHODS = ("cash", "card", "voucher")
CUSTOM = ("2.50", "4.00", "0.80")


def diner(i: int) -> dict[str, Any]:
    """The i-th of 30 diners: varied parties, ways of giving, and a third answer the survey."""
    return {
        "party": 8 if i % 10 == 9 else 1 + i % 6,
        "children": (i % 3) if i % 4 == 0 else None,
        "first": i % 5 == 0,
        "choice": "nothing" if i % 7 == 3 else (CUSTOM[i % 3] if i % 6 == 1 else str(i % 3)),
        "method": METHODS[i % 3],
        "forward": i % 8 == 2,
        "survey": {"welcome": 1 + i % 4, "met_someone": 4 - i % 4} if i % 3 == 0 else None,
    }


async def test_an_offline_lunch_reaches_the_server_exactly_once_when_the_wifi_is_back(
    db: str, live_server: str, launch: Launch, tmp_path: Path
) -> None:
    canteen = await make_canteen(max_contribution_minor=5000)
    await open_today(canteen)
    tablet = await launch(tmp_path / "profile", await device_token(canteen))
    page = await first_page(tablet)
    await kiosk_ready(page, live_server)

    await tablet.set_offline(True)
    # The first diner picks Dutch with no network: the kept Dutch pages answer.
    await page.goto(f"{live_server}/kiosk/")
    await page.click("a[hreflang=nl]")
    await page.wait_for_url("**/kiosk/checkin")
    assert await page.get_attribute("html", "lang") == "nl"
    await page.goto(f"{live_server}/kiosk/start?lang=en")
    await page.wait_for_url("**/kiosk/checkin")
    assert await page.get_attribute("html", "lang") == "en"

    expected_checkins: Counter[tuple[Any, ...]] = Counter()
    expected_contributions: Counter[tuple[int, str, int]] = Counter()
    expected_answers: Counter[tuple[str, int]] = Counter()
    for i in range(30):
        d = diner(i)
        await check_in(page, live_server, d["party"], d["children"], d["first"])
        expected_checkins[(d["party"], d["children"], True if d["first"] else None)] += 1
        given = await contribute(page, d["choice"], d["method"], d["forward"])
        expected_contributions[given] += 1
        if d["survey"]:
            await answer_survey(page, d["survey"])
            expected_answers.update(d["survey"].items())
    assert await waiting(page) == 70
    assert await server_records() == (0, 0, 0)

    await page.reload()  # still offline: the kept page, the kept outbox
    await page.wait_for_selector(".outbox-count[data-waiting='70']", state="attached")
    assert "Waiting to send: 70" in (await page.text_content(".bar") or "")
    outbox = await page.evaluate(READ_OUTBOX)
    assert Counter(record["kind"] for record in outbox) == {
        "checkin": 30,
        "contribution": 30,
        "survey": 10,
    }
    assert await server_records() == (0, 0, 0)

    await tablet.set_offline(False)
    took = await wait_for_records((30, 30, 10), DELIVERY_SECONDS)
    print(f"{db}: 70 records delivered {took:.1f}s after the wifi came back")

    def ids(kind: str) -> set[str]:
        return {record["id"] for record in outbox if record["kind"] == kind}

    checkins = await CheckIn.select()
    contributions = await Contribution.select()
    assert {str(row["id"]) for row in checkins} == ids("checkin")
    assert {str(row["id"]) for row in contributions} == ids("contribution")
    assert {str(row["id"]) for row in await SurveyResponse.select()} == ids("survey")
    assert (
        Counter((r["party_size"], r["children"], r["first_visit"]) for r in checkins)
        == expected_checkins
    )
    assert (
        Counter((r["amount_minor"], r["method"], r["pay_forward"]) for r in contributions)
        == expected_contributions
    )
    answers = await SurveyAnswer.select(SurveyAnswer.question_key, SurveyAnswer.value)
    assert Counter((a["question_key"], a["value"]) for a in answers) == expected_answers
    # Confirmed records leave the tablet; the coordinator's count is back to zero.
    await page.wait_for_selector(".outbox-count[data-waiting='0']", state="attached")
    assert await page.evaluate(READ_OUTBOX) == []


async def test_closing_the_browser_in_the_middle_of_sending_loses_and_doubles_nothing(
    db: str, live_server: str, launch: Launch, tmp_path: Path
) -> None:
    canteen = await make_canteen()
    await open_today(canteen)
    profile = tmp_path / "profile"
    tablet = await launch(profile, await device_token(canteen))
    page = await first_page(tablet)
    await kiosk_ready(page, live_server)
    await tablet.set_offline(True)
    for party in (1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6):
        await check_in(page, live_server, party, None, False)
    outbox = await page.evaluate(READ_OUTBOX)
    assert len(outbox) == 12

    # The wifi comes back; four records are confirmed, the fifth reaches the server, which
    # records it, but the browser is closed before the tablet hears the answer.
    passed = 0
    fifth_recorded = asyncio.Event()

    async def cut_after_the_fifth(route: Any) -> None:
        nonlocal passed
        passed += 1
        if passed <= 4:
            await route.continue_()
        elif passed == 5:
            await route.fetch()
            fifth_recorded.set()

    await tablet.route("**/api/v1/services/*/checkins", cut_after_the_fifth)
    await tablet.set_offline(False)
    await asyncio.wait_for(fifth_recorded.wait(), 30)
    await tablet.close()
    assert await server_records() == (5, 0, 0)

    reopened = await launch(profile)
    page = await first_page(reopened)
    await page.goto(f"{live_server}/kiosk/")
    await wait_for_records((12, 0, 0), DELIVERY_SECONDS)
    rows = await CheckIn.select(CheckIn.id, CheckIn.party_size)
    assert {str(row["id"]) for row in rows} == {record["id"] for record in outbox}
    assert sorted(row["party_size"] for row in rows) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
    await page.wait_for_selector(".outbox-count[data-waiting='0']", state="attached")
    assert await page.evaluate(READ_OUTBOX) == []


async def test_what_needs_the_server_says_so_and_a_refusal_waits_for_the_coordinator(
    db: str, live_server: str, launch: Launch, tmp_path: Path
) -> None:
    canteen = await make_canteen()
    service = await open_today(canteen)
    paid_forward = ContributionIn(
        id=client_id(), amount_minor=600, currency="EUR", method="cash", pay_forward=1
    )
    await contributions.record_contribution(canteen, service, paid_forward)
    earlier = client_id()
    await meals.record_checkin(canteen, service, CheckInIn(id=earlier, party_size=2))
    tablet = await launch(tmp_path / "profile", await device_token(canteen))
    page = await first_page(tablet)
    await kiosk_ready(page, live_server)
    await page.goto(f"{live_server}/kiosk/start?lang=en")  # this diner reads English
    await page.wait_for_url("**/kiosk/checkin")

    await tablet.set_offline(True)
    await page.goto(f"{live_server}/kiosk/pay")
    credit = page.locator("button[value=credit]")
    await credit.locator(".pending-note").wait_for(state="visible")
    assert "Will be confirmed when the tablet is back online." in await credit.inner_text()
    await credit.click()
    await page.wait_for_url("**/kiosk/thanks?given=0")
    note = "Your meal paid forward will be confirmed when the tablet is back online."
    assert note in await page.inner_text("main")
    # Meanwhile another tablet used the last meal paid forward; and a record reuses an id the
    # server already holds with other content.
    used = ContributionIn(id=client_id(), amount_minor=0, currency="EUR", method="credit")
    await contributions.record_contribution(canteen, service, used)
    body = f'{{"id": "{earlier}", "party_size": 5}}'
    url = f"/api/v1/services/{service}/checkins"
    await page.evaluate(
        ADD_TO_OUTBOX,
        {"id": earlier, "kind": "checkin", "method": "POST", "url": url, "body": body},
    )

    await tablet.set_offline(False)
    await page.wait_for_selector(".outbox-count[data-flagged='2']", state="attached")
    assert await waiting(page) == 2  # refused, yet kept: never dropped silently
    assert await server_records() == (1, 2, 0)

    await page.goto(f"{live_server}/kiosk/coordinator")
    await page.fill("input[name=pin]", "246810")
    await page.click("form button.primary")
    await page.wait_for_url("**/kiosk/coordinator/service")
    await page.click("form.languages-form button[value=en]")  # the coordinator reads English
    await page.wait_for_url("**/kiosk/coordinator/service")
    panel = page.locator(".outbox-panel")
    await panel.locator("li").nth(1).wait_for()
    text = await panel.inner_text()
    assert "No paid-forward meal is available right now." in text
    assert "This record was already sent with different content." in text
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))
    for _ in range(2):
        await panel.locator("li button").first.click()
    await panel.get_by_text("Everything recorded on this tablet has reached the server.").wait_for()
    assert await page.evaluate(READ_OUTBOX) == []
    assert await server_records() == (1, 2, 0)

    # Online, the server is asked at once: a meal paid forward that is gone is said on the spot.
    await contributions.record_contribution(
        canteen,
        service,
        ContributionIn(
            id=client_id(), amount_minor=900, currency="EUR", method="card", pay_forward=1
        ),
    )
    await page.goto(f"{live_server}/kiosk/pay")
    await contributions.record_contribution(
        canteen,
        service,
        ContributionIn(id=client_id(), amount_minor=0, currency="EUR", method="credit"),
    )
    await page.click("button[value=credit]")
    await page.locator("form .alert").get_by_text("No paid-forward meal is available").wait_for()
    assert page.url.endswith("/kiosk/pay")
    assert await page.evaluate(READ_OUTBOX) == []
    assert await server_records() == (1, 4, 0)


async def test_without_javascript_the_forms_still_record(
    db: str, live_server: str, launch: Launch, tmp_path: Path
) -> None:
    canteen = await make_canteen()
    await open_today(canteen)
    tablet = await launch(
        tmp_path / "profile", await device_token(canteen), java_script_enabled=False
    )
    page = await first_page(tablet)
    await page.goto(f"{live_server}/kiosk/start?lang=en")
    await check_in(page, live_server, 3, None, False)
    await contribute(page, "1", "card", False)
    assert await server_records() == (1, 1, 0)
    assert await page.locator(".outbox-count").count() == 0


async def wait_for_sign_ups(expected: int, seconds: float) -> None:
    from canteen.volunteers.tables import SignUp

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if await SignUp.count() >= expected:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"after {seconds}s the server has {await SignUp.count()} sign-ups")


async def test_a_volunteer_signs_up_offline_and_a_place_gone_meanwhile_becomes_a_waiting_place(
    db: str, live_server: str, launch: Launch, tmp_path: Path
) -> None:
    from canteen.volunteers.tables import SignUp, Volunteer
    from tests.canteen.volunteers.factories import make_shift, make_volunteer_canteen, sign_up

    canteen = await make_volunteer_canteen()
    last_place = await make_shift(canteen, days_ahead=0, places=1)
    washing = await make_shift(canteen, days_ahead=0, places=3, kind="washing_up")
    tablet = await launch(tmp_path / "profile", await device_token(canteen))
    page = await first_page(tablet)
    await kiosk_ready(page, live_server)
    await page.goto(f"{live_server}/kiosk/start?lang=en")
    for shift in (last_place, washing):  # seen once online: kept for a reload offline
        await page.goto(f"{live_server}/kiosk/cook/{shift}")

    await tablet.set_offline(True)
    await page.goto(f"{live_server}/kiosk/cook/{last_place}")
    submit = page.locator("form.signup button[type=submit]")
    await submit.locator(".pending-note").wait_for(state="visible")
    assert "Will be confirmed when the tablet is back online." in await submit.inner_text()
    await page.fill("input[name=first_name]", "Dana")
    await submit.click()
    await page.wait_for_url(f"{live_server}/kiosk/cook")
    assert "Your place will be confirmed when the tablet is back online." in (
        await page.inner_text("main")
    )
    await page.goto(f"{live_server}/kiosk/cook/{washing}")
    await page.fill("input[name=first_name]", "Eli")
    await page.fill("input[name=email]", "eli@example.org")
    await page.click("label.check:has(input[name=consent])")
    await page.click("form.signup button[type=submit]")
    await page.wait_for_url(f"{live_server}/kiosk/cook")
    outbox = await page.evaluate(READ_OUTBOX)
    assert [record["kind"] for record in outbox] == ["signup", "signup"]
    assert await SignUp.count() == 0

    # Meanwhile a volunteer takes the last cooking place from their phone.
    await sign_up(last_place, "Amina")
    await tablet.set_offline(False)
    await wait_for_sign_ups(3, DELIVERY_SECONDS)
    rows = await SignUp.select(
        SignUp.shift, SignUp.status, SignUp.arrived_full, SignUp.volunteer.first_name
    )
    found = {(r["volunteer.first_name"], r["shift"], r["status"], r["arrived_full"]) for r in rows}
    assert found == {
        ("Amina", last_place, "confirmed", False),
        ("Dana", last_place, "waiting", True),
        ("Eli", washing, "confirmed", False),
    }
    eli = await Volunteer.select().where(Volunteer.first_name == "Eli").first()
    assert eli is not None and eli["email"] == "eli@example.org" and eli["contact_consent"]
    # Confirmed: the volunteers' details are gone from the tablet.
    await page.wait_for_selector(".outbox-count[data-waiting='0']", state="attached")
    assert await page.evaluate(READ_OUTBOX) == []

    await page.goto(f"{live_server}/kiosk/coordinator")
    await page.fill("input[name=pin]", "246810")
    await page.click("form button.primary")
    await page.wait_for_url("**/kiosk/coordinator/service")
    await page.click("form.languages-form button[value=en]")  # the coordinator reads English
    await page.wait_for_url("**/kiosk/coordinator/service")
    await page.goto(f"{live_server}/kiosk/coordinator/volunteers/")
    assert "so they are on the waiting list: Dana" in await page.inner_text(".arrived-full")

    # Online, the volunteer gets the server's own answer with their private link, recorded once.
    await page.goto(f"{live_server}/kiosk/cook/{washing}")
    await page.fill("input[name=first_name]", "Fatou")
    await page.click("form.signup button[type=submit]")
    await page.get_by_text("Thank you, Fatou! Your place is booked.").wait_for()
    assert await page.locator(".big-qr svg").count() == 1
    assert await SignUp.count().where(SignUp.shift == washing) == 2
    assert await page.evaluate(READ_OUTBOX) == []
