"""Reading the tablet's plain HTML forms into the domain's input structs."""

from __future__ import annotations

import uuid

from canteen.errors import InvalidInput
from canteen.money import parse_amount


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
