"""The one table of typed amounts: what canteen.money.parse_amount reads, in every language.

The kiosk's script reads amounts offline; tests/browser/test_amount_parsing.py runs this very
table through it, so that both accept and refuse the same texts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from canteen.money import InvalidAmount, parse_amount

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "amount_cases.json").read_text(encoding="utf-8")
)


def test_the_table_covers_every_kiosk_language_and_both_kinds_of_currency() -> None:
    assert {case["language"] for case in CASES} == {"fr", "en", "es", "nl", "ar"}
    assert {case["currency"] for case in CASES} == {"EUR", "XOF"}
    assert any(case["minor"] is None for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['language']}-{c['currency']}")
def test_parse_amount_reads_the_table(case: dict[str, Any]) -> None:
    if case["minor"] is None:
        with pytest.raises(InvalidAmount):
            parse_amount(case["text"], case["currency"], case["language"])
    else:
        assert parse_amount(case["text"], case["currency"], case["language"]) == case["minor"]
