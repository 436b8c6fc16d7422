"""The kiosk's script reads a typed amount exactly as the server does, in every language.

The one table (tests/fixtures/amount_cases.json, checked against canteen.money.parse_amount by
tests/canteen/test_amount_cases.py) runs through outbox.js's parser in real Chromium, with the
amount format the server sends in offline.json (canteen.money.amount_format).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from canteen.money import amount_format
from kiosk.paths import STATIC_DIR

pytestmark = pytest.mark.browser

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "amount_cases.json").read_text(encoding="utf-8")
)
READ_ALL = """([cases, formats]) => cases.map((c) => {
  const minor = window.tableeParseAmount(c.text, formats[c.language + "/" + c.currency]);
  return Number.isNaN(minor) ? null : minor;
})"""


async def test_the_kiosk_reads_amounts_as_the_server_does(tablet_page: Any) -> None:
    formats = {
        f"{case['language']}/{case['currency']}": amount_format(case["currency"], case["language"])
        for case in CASES
    }
    await tablet_page.set_content("<!doctype html><html><body></body></html>")
    await tablet_page.add_script_tag(content=(STATIC_DIR / "outbox.js").read_text("utf-8"))
    read = await tablet_page.evaluate(READ_ALL, [CASES, formats])
    disagree = [
        (case["text"], case["language"], case["currency"], case["minor"], got)
        for case, got in zip(CASES, read, strict=True)
        # past 2**53 a script's number is the nearest double: so is the expectation
        if got != (case["minor"] if abs(case["minor"] or 0) < 2**53 else float(case["minor"]))
    ]
    assert disagree == []
