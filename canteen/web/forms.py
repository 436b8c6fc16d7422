"""Reading the tablet's plain HTML forms into the domain's input structs."""

from __future__ import annotations

import uuid
from decimal import Decimal

from canteen.errors import InvalidInput
from canteen.money import exponent, parse_amount

NICE_STEPS = (1, 2, 3, 5)


def new_client_id() -> str:
    return str(uuid.uuid4())


def client_id_from(form: dict[str, str]) -> str:
    value = (form.get("id") or "").strip()
    return value if 8 <= len(value) <= 64 else new_client_id()


def int_field(form: dict[str, str], name: str, default: int | None = None) -> int | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput() from None


def bool_field(form: dict[str, str], name: str) -> bool | None:
    raw = (form.get(name) or "").strip()
    return {"yes": True, "no": False}.get(raw)


def amount_field(form: dict[str, str], name: str, currency: str, language: str) -> int | None:
    raw = (form.get(name) or "").strip()
    return None if not raw else parse_amount(raw, currency, language)


def _ladder(currency: str) -> list[int]:
    """Amounts a person can hand over (1, 2, 3, 5 times a power of ten), in minor units."""
    scale = 10 ** exponent(currency)
    values = {
        int(step * Decimal(10) ** power * scale)
        for power in range(-2, 8)
        for step in NICE_STEPS
        if step * Decimal(10) ** power * scale >= 1
    }
    return sorted(values)


def quick_amounts(
    cost_per_portion_minor: int | None, currency: str, most_minor: int | None = None
) -> list[int]:
    """Four amounts around the real cost of a portion: two below it, one at it, one above.

    Rounded to what coins and notes make (no decimals for XOF), never above the most the
    canteen accepts at once.
    """
    scale = 10 ** exponent(currency)
    if cost_per_portion_minor and cost_per_portion_minor > 0:
        cost = cost_per_portion_minor
    else:  # no cost known yet: a typical meal in this currency
        cost = 500 if exponent(currency) == 0 else 3 * scale
    ladder = [v for v in _ladder(currency) if most_minor is None or v <= most_minor]
    at_cost = next((i for i, value in enumerate(ladder) if value >= cost), len(ladder) - 1)
    start = max(0, min(at_cost - 2, len(ladder) - 4))
    return ladder[start : start + 4]
