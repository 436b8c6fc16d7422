"""What a person does at the tablet, step by step, shared by the kiosk's browser tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from canteen.network import services as network


@dataclass
class Party:
    """One group of diners at the door and what they choose, as a test plan."""

    size: int
    language: str
    amount: str | int | None = None  # a quick amount (minor units) or text typed in the field
    method: str = "cash"  # cash, card, voucher; or "nothing" / "credit" (a button)
    forward: bool = False
    children: int | None = None
    first_visit: bool | None = None
    survey: dict[str, int] = field(default_factory=dict)


async def pair(page: Any, base: str, canteen_id: int) -> None:
    """The tablet types a pairing code the coordinator made for the canteen."""
    code, _expires = await network.create_pairing_code(canteen_id)
    await page.goto(f"{base}/kiosk/")
    await page.wait_for_url(f"{base}/kiosk/pair", wait_until="domcontentloaded")
    await page.fill("input[name=code]", code)
    await page.click("main button[type=submit]")
    await page.wait_for_url(f"{base}/kiosk/", wait_until="domcontentloaded")


async def enter_coordinator_mode(page: Any, base: str, pin: str) -> None:
    await page.goto(f"{base}/kiosk/")
    await page.click("header a[href='/kiosk/coordinator']")
    await page.fill("input[name=pin]", pin)
    await page.click("main button[type=submit]")
    await page.wait_for_url(f"{base}/kiosk/coordinator/service", wait_until="domcontentloaded")


async def open_service(
    page: Any, menu: str, groceries: str, covers_expected: int, cash_float: str
) -> None:
    await page.fill("textarea[name=menu]", menu)
    await page.fill("input[name=groceries]", groceries)
    await page.fill("input[name=covers_expected]", str(covers_expected))
    await page.fill("input[name=cash_float]", cash_float)
    await page.click("main form[action='/kiosk/coordinator/open'] button[type=submit]")
    await page.wait_for_selector("[data-count=covers]")


def _choice(page: Any, name: str, value: object) -> Any:
    """The big tile a person touches: the label around a (visually hidden) radio button."""
    return page.locator(f"label:has(input[name={name}][value='{value}'])")


async def serve(page: Any, base: str, party: Party) -> None:
    """Welcome → language → how many are you → give what you can → thank you → survey →
    back to the welcome screen."""
    if page.url != f"{base}/kiosk/":
        await page.goto(f"{base}/kiosk/")
    await page.click(f"a[hreflang={party.language}]")
    await page.wait_for_url(f"{base}/kiosk/checkin", wait_until="domcontentloaded")
    if party.size <= 6:
        await _choice(page, "party", party.size).click()
    else:
        await page.fill("input[name=party_more]", str(party.size))
    if party.children is not None or party.first_visit is not None:
        await page.click("details.optional summary")
        if party.children is not None:
            await _choice(page, "children", party.children).click()
        if party.first_visit is not None:
            await _choice(page, "first_visit", "yes" if party.first_visit else "no").click()
    await page.click("main button[type=submit]")
    await page.wait_for_url(f"{base}/kiosk/pay", wait_until="domcontentloaded")

    if party.method in ("nothing", "credit"):
        await page.click(f"button[name=choice][value={party.method}]")
    else:
        if isinstance(party.amount, int):
            await _choice(page, "amount", party.amount).click()
        else:
            await page.fill("input[name=amount_custom]", str(party.amount))
        await _choice(page, "method", party.method).click()
        if party.forward:
            await page.check("input[name=pay_forward]", force=True)
        await page.click("button[name=choice][value=give]")
    await page.wait_for_url(f"{base}/kiosk/thanks*", wait_until="domcontentloaded")

    if not party.survey:
        await page.click("main a[href='/kiosk/']")
        await page.wait_for_url(f"{base}/kiosk/", wait_until="domcontentloaded")
        return
    await page.click("main a[href='/kiosk/survey']")
    await page.wait_for_url(f"{base}/kiosk/survey", wait_until="domcontentloaded")
    for key, value in party.survey.items():
        await _choice(page, f"q_{key}", value).click()
    await page.click("main button[type=submit]")
    await page.wait_for_url(f"{base}/kiosk/thanks?done=1", wait_until="domcontentloaded")
    await page.click("main a[href='/kiosk/']")
    await page.wait_for_url(f"{base}/kiosk/", wait_until="domcontentloaded")


async def figures(page: Any, attribute: str) -> dict[str, str]:
    """The figures a page shows, by their data-* name, as the text a person reads."""
    cells = page.locator(f"[{attribute}]")
    result = {}
    for index in range(await cells.count()):
        cell = cells.nth(index)
        name = await cell.get_attribute(attribute)
        result[name] = " ".join((await cell.inner_text()).split())
    return result
