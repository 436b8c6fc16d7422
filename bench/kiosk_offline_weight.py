"""How much a tablet downloads, compressed: the kiosk's first load, and the offline cache warm-up.

    .venv/bin/python bench/kiosk_offline_weight.py

Runs the real app in-process on a throw-away SQLite database with one canteen, today's service
open and a paired tablet; asks for each file with Accept-Encoding: gzip, as Chromium does, and
counts the bytes of each body as sent. Prints a table, then one JSON object on the last line.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import re
import sys
import tempfile
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from canteen import db  # noqa: E402
from canteen.meals.services import ensure_default_questions  # noqa: E402
from canteen.network import services as network  # noqa: E402
from canteen.network.schemas import PairIn  # noqa: E402
from canteen.server import create_app  # noqa: E402
from canteen.settings import Settings  # noqa: E402
from kiosk.offline import FLOW_PAGES  # noqa: E402
from tests.factories import make_canteen, open_today  # noqa: E402

BUDGET_BYTES = 60 * 1024
LANGUAGES = ("fr", "en", "es", "nl", "ar")


async def sized(http: httpx.AsyncClient, url: str) -> tuple[int, str]:
    """Bytes on the wire for the body (compressed when the server compresses) and its text."""
    async with http.stream("GET", url) as response:
        response.raise_for_status()
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    gzipped = response.headers.get("content-encoding") == "gzip"
    return len(raw), (gzip.decompress(raw) if gzipped else raw).decode()


async def main() -> dict[str, object]:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="tablee-bench-"))
    settings = Settings(
        data_dir=folder, database_url=f"sqlite:///{folder / 'bench.sqlite'}", secret_key="bench"
    )
    engine = db.make_engine(settings.database_url)
    await db.migrate(engine)
    db.bind(engine)
    await ensure_default_questions()
    canteen = await make_canteen()
    await open_today(canteen)
    code, _ = await network.create_pairing_code(canteen)
    _, token, _ = await network.pair_device(PairIn(id=str(uuid.uuid4()), code=code))
    app = create_app(settings, engine=engine)

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://127.0.0.1:8000",
        headers={"Accept-Encoding": "gzip", "Accept-Language": "fr"},
        cookies={"tablee_device": token},
    ) as http:
        first: dict[str, int] = {}
        first["/kiosk/"], page = await sized(http, "/kiosk/")
        assets = sorted(set(re.findall(r'(?:href|src)="(/static/kiosk/[^"#]+)', page)))
        for url in [*assets, "/kiosk/sw.js", "/kiosk/offline.json?lang=fr"]:
            first[url], _text = await sized(http, url)
        warm: dict[str, int] = {}
        for language in LANGUAGES:
            for path in [*FLOW_PAGES, "/kiosk/offline.json"]:
                url = f"{path}{'&' if '?' in path else '?'}lang={language}"
                warm[url], _text = await sized(http, url)

    for url, size in first.items():
        print(f"first load  {size:>7,} B  {url}")
    first_total = sum(first.values())
    warm_total = sum(warm.values())
    print(f"first load total: {first_total:,} B (budget {BUDGET_BYTES:,} B)")
    print(f"cache warm-up, {len(warm)} requests in {len(LANGUAGES)} languages: {warm_total:,} B")
    return {
        "first_load_bytes": first_total,
        "first_load_budget_bytes": BUDGET_BYTES,
        "first_load_files": len(first),
        "warm_up_bytes": warm_total,
        "warm_up_requests": len(warm),
        "outbox_js_bytes": next(v for k, v in first.items() if "outbox.js" in k),
        "sw_js_bytes": first["/kiosk/sw.js"],
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
