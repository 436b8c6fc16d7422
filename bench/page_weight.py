"""How heavy and how quick is each kiosk screen? (issue 7, part 5)

Starts the real service (uvicorn, SQLite in a temporary folder, a demo-like canteen built
through the services), then loads every kiosk screen in headless Debian Chromium, twice:
a first load with an empty browser cache, and a warm load (the tablet's everyday case).
For each it prints the bytes that came over the wire (compressed bodies and headers, from
Chromium's own network log) and the time until the screen is usable (Navigation and
Resource Timing: the page parsed and its stylesheet arrived, from the start of the
navigation; the load event and first paint are printed too), as the median of --runs loads.
Goal: at most 60 KB and 300 ms on loopback. The last line is one JSON object.

    .venv/bin/python bench/page_weight.py [--runs 5] [--port 0] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from serving import free_port, wait_ready

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUDGET_BYTES = 60 * 1024
BUDGET_MS = 300
PIN = "246810"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Usable: the page parsed (DOMContentLoaded) and its stylesheet arrived, so the screen shows
# its real layout and its buttons work (they are plain forms and links: no script to wait for).
TIMING = """() => { const n = performance.getEntriesByType('navigation')[0];
  const css = performance.getEntriesByType('resource')
    .filter(r => r.name.includes('.css')).map(r => r.responseEnd);
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {dcl: n.domContentLoadedEventEnd - n.startTime, load: n.loadEventEnd - n.startTime,
          ttfb: n.responseStart - n.startTime,
          usable: Math.max(n.domContentLoadedEventEnd, ...css) - n.startTime,
          fcp: paint ? paint.startTime - n.startTime : -1}; }"""


def _cid() -> str:
    return str(uuid.uuid4())


async def build_canteen(database_url: str) -> dict[str, Any]:
    """A canteen mid-service, as the demo has them: made through the services, like a day."""
    from canteen import db
    from canteen.meals import contributions
    from canteen.meals import services as meals
    from canteen.meals.schemas import CheckInIn, ContributionIn, ServiceOpenIn, SurveyResponseIn
    from canteen.network import services as network

    engine = db.make_engine(database_url)
    await db.migrate(engine)
    db.bind(engine)
    await db.start(engine)
    try:
        await meals.ensure_default_questions()
        network_id = await network.create_network("Les Petites Cantines", "petites-cantines")
        canteen_id = await network.create_canteen(
            network=network_id,
            slug="lyon-croix-rousse",
            name="La Petite Cantine de la Croix-Rousse",
            city="Lyon",
            neighbourhood="Croix-Rousse",
            currency="EUR",
            timezone="Europe/Paris",
            languages="fr,en,ar",
            max_contribution_minor=5000,
            pin=PIN,
        )
        service = await meals.open_service(
            canteen_id,
            ServiceOpenIn(
                id=_cid(),
                menu="Dhal de lentilles corail, riz basmati, crumble aux pommes",
                groceries_minor=12880,
                covers_expected=46,
                cash_float_minor=2000,
            ),
        )
        amounts = [300, 250, 0, 500, 200, 300, 400, 0, 350, 300, 150, 600]
        for index, amount in enumerate(amounts * 2):
            await meals.record_checkin(
                canteen_id,
                service.id,
                CheckInIn(id=_cid(), party_size=1 + index % 3, first_visit=index % 5 == 0),
            )
            await contributions.record_contribution(
                canteen_id,
                service.id,
                ContributionIn(
                    id=_cid(),
                    amount_minor=amount,
                    currency="EUR",
                    method="nothing" if amount == 0 else ("card" if index % 4 == 1 else "cash"),
                    pay_forward=1 if index % 7 == 3 and amount else 0,
                ),
            )
            if index % 2 == 0:
                await meals.record_survey_response(
                    canteen_id,
                    service.id,
                    SurveyResponseIn(id=_cid(), answers={"welcome": 4, "met_someone": 3}),
                )
        codes = [(await network.create_pairing_code(canteen_id))[0] for _ in range(2)]
        return {"canteen": canteen_id, "service": service.id, "codes": codes}
    finally:
        await db.stop(engine)


async def close_service(database_url: str, canteen_id: int, service_id: int) -> None:
    from canteen import db
    from canteen.meals import figures
    from canteen.meals import services as meals
    from canteen.meals.schemas import CloseIn

    engine = db.make_engine(database_url)
    db.bind(engine)
    await db.start(engine)
    try:
        summary = await figures.service_summary(service_id)
        counted = summary.expected_cash_minor - 50
        await meals.close_service(
            canteen_id, service_id, CloseIn(id=_cid(), counted_cash_minor=counted)
        )
    finally:
        await db.stop(engine)


def start_server(database_url: str, data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CANTEEN_DATABASE_URL": database_url,
        "CANTEEN_DATA_DIR": str(data_dir),
        "CANTEEN_SECRET_KEY": "page-weight-bench",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "canteen.server:app_from_environment",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_ready(process, port, seconds=30)
    except RuntimeError as error:
        process.terminate()
        raise SystemExit(f"the service did not start: {error}") from error
    return process


async def load(context: Any, page: Any, url: str) -> dict[str, float]:
    """One navigation: bytes over the wire (CDP encodedDataLength) and Navigation Timing."""
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    requested: list[str] = []

    def sent(event: dict[str, Any]) -> None:
        requested.append(event["request"]["url"])

    def finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    await page.goto(url, wait_until="load")
    await page.wait_for_load_state("networkidle")
    timing = await page.evaluate(TIMING)
    await cdp.detach()
    return {
        "bytes": sum(sizes.values()),
        "requests": len(requested),
        "foreign": sum(1 for u in requested if not u.startswith(url.split("/kiosk")[0])),
        **timing,
    }


async def measure(
    browser: Any, base: str, path: str, cookies: list[dict[str, Any]], runs: int
) -> dict[str, Any]:
    first: list[dict[str, float]] = []
    warm: list[dict[str, float]] = []
    for _ in range(runs):
        context = await browser.new_context(viewport={"width": 1024, "height": 768})
        await context.add_cookies(cookies)
        page = await context.new_page()
        try:
            first.append(await load(context, page, base + path))
            warm.append(await load(context, page, base + path))
        finally:
            await context.close()

    def median(rows: list[dict[str, float]], key: str) -> float:
        return round(statistics.median(row[key] for row in rows), 1)

    return {
        "first_bytes": int(median(first, "bytes")),
        "first_requests": int(median(first, "requests")),
        "first_usable_ms": median(first, "usable"),
        "first_paint_ms": median(first, "fcp"),
        "first_load_ms": median(first, "load"),
        "warm_bytes": int(median(warm, "bytes")),
        "warm_usable_ms": median(warm, "usable"),
        "warm_load_ms": median(warm, "load"),
        "ttfb_ms": median(first, "ttfb"),
        "foreign_requests": int(max(row["foreign"] for row in first + warm)),
    }


async def sign_in(browser: Any, base: str, code: str) -> list[dict[str, Any]]:
    """Pair a tablet and enter coordinator mode once, as a person would; keep the cookies."""
    context = await browser.new_context()
    page = await context.new_page()
    try:
        await page.goto(f"{base}/kiosk/pair")
        await page.fill("input[name=code]", code)
        await page.click("main button[type=submit]")
        await page.wait_for_url(f"{base}/kiosk/")
        await page.goto(f"{base}/kiosk/coordinator")
        await page.fill("input[name=pin]", PIN)
        await page.click("main button[type=submit]")
        await page.wait_for_url(f"{base}/kiosk/coordinator/service")
        return [c for c in await context.cookies() if c["name"].startswith("tablee_")]
    finally:
        await context.close()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="tablee-weight-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'canteen.sqlite'}"
        data = await build_canteen(database_url)
        port = args.port or free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(database_url, Path(folder) / "data", port)
        results: dict[str, dict[str, Any]] = {}
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
                )
                cookies = await sign_in(browser, base, data["codes"][0])
                diner = [c for c in cookies if c["name"] == "tablee_device"]
                as_diner = [*diner, {"name": "lang", "value": "fr", "url": base}]
                screens = [
                    ("pair", "/kiosk/pair", []),
                    ("welcome", "/kiosk/", diner),
                    ("checkin", "/kiosk/checkin", as_diner),
                    ("pay", "/kiosk/pay", as_diner),
                    ("thanks", "/kiosk/thanks?given=1", as_diner),
                    ("survey", "/kiosk/survey", as_diner),
                    ("survey_done", "/kiosk/thanks?done=1", as_diner),
                    ("checkin_ar", "/kiosk/checkin?lang=ar", as_diner),
                    ("error", "/kiosk/nowhere", as_diner),
                    ("coordinator_pin", "/kiosk/coordinator", diner),
                    ("coordinator_service", "/kiosk/coordinator/service", cookies),
                ]
                for name, path, jar in screens:
                    results[name] = await measure(browser, base, path, jar, args.runs)
                    report(name, results[name])
                await close_service(database_url, data["canteen"], data["service"])
                for name, path, jar in [
                    ("summary", f"/kiosk/coordinator/summary/{data['service']}", cookies),
                    ("coordinator_closed", "/kiosk/coordinator/service", cookies),
                    ("welcome_over", "/kiosk/", diner),
                ]:
                    results[name] = await measure(browser, base, path, jar, args.runs)
                    report(name, results[name])
                await browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    worst_bytes = max(r["first_bytes"] for r in results.values())
    worst_ms = max(r["first_usable_ms"] for r in results.values())
    return {
        "screens": results,
        "runs": args.runs,
        "max_first_bytes": worst_bytes,
        "max_first_usable_ms": worst_ms,
        "max_first_load_ms": max(r["first_load_ms"] for r in results.values()),
        "max_warm_usable_ms": max(r["warm_usable_ms"] for r in results.values()),
        "foreign_requests": sum(r["foreign_requests"] for r in results.values()),
        "goal": {"bytes": BUDGET_BYTES, "ms": BUDGET_MS},
        # Times depend on how busy the machine is: say how busy it was.
        "load_average": [round(value, 1) for value in os.getloadavg()],
        "cpus": os.cpu_count(),
        "within_goal": worst_bytes <= BUDGET_BYTES and worst_ms <= BUDGET_MS,
    }


def report(name: str, row: dict[str, Any]) -> None:
    print(
        f"{name:<20} first {row['first_bytes'] / 1024:5.1f} KB/{row['first_requests']} req, "
        f"usable {row['first_usable_ms']:5.0f} ms (server {row['ttfb_ms']:4.0f}), "
        f"loaded {row['first_load_ms']:5.0f} ms | warm {row['warm_bytes'] / 1024:4.1f} KB, "
        f"usable {row['warm_usable_ms']:5.0f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="loads per screen (median)")
    parser.add_argument("--port", type=int, default=0, help="port for the service (0: any)")
    parser.add_argument(
        "--chromium", default=os.environ.get("CANTEEN_TEST_CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args()
    summary = asyncio.run(run(args))
    print(
        f"worst first load: {summary['max_first_bytes'] / 1024:.1f} KB (goal "
        f"{BUDGET_BYTES // 1024} KB), usable in {summary['max_first_usable_ms']:.0f} ms (goal "
        f"{BUDGET_MS} ms); load average {summary['load_average']} on {summary['cpus']} CPUs"
    )
    print(json.dumps(summary, separators=(",", ":")))


if __name__ == "__main__":
    main()
