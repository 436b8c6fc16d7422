"""The network's rules, pure: the pairing code's format and life, PINs, who is throttled.

A pairing code is read aloud and typed on a tablet: eight characters without look-alikes
(no 0/O, 1/I/L), shown as two groups of four. It works once, until it expires; the same tablet
(same client id, not withdrawn) may replay it to get a fresh token.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
PIN_DIGITS = 6


def new_pairing_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(code: str) -> str:
    """A code as typed (any case, spaces or dashes) as it was issued: ABCD-EFGH."""
    raw = "".join(c for c in code.upper() if c.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == CODE_LENGTH else raw


def pairing_expires_at(moment: datetime, minutes: int) -> datetime:
    return moment + timedelta(minutes=minutes)


def pairing_code_expired(expires_at: datetime, moment: datetime) -> bool:
    """An unused code works until its expiry moment, included."""
    return expires_at < moment


def may_replay(device: dict[str, object] | None, client_id: str) -> bool:
    """A used code pairs again only the same tablet (its client id), if not withdrawn."""
    return device is not None and device["client_id"] == client_id and not device["revoked_at"]


def new_pin() -> str:
    """A coordinator PIN: six digits, leading zeros kept."""
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def clean_pin(pin: str) -> str:
    """A PIN as compared: without the spaces around it."""
    return pin.strip()


def pin_throttle(canteen_id: int, who: str) -> str:
    """Wrong PINs are counted per canteen and per device (or address)."""
    return f"pin:{canteen_id}:{who}"


def pairing_throttle(source: str) -> str:
    """Wrong pairing codes are counted per source address."""
    return f"pair:{source}"
