"""Accounts' rules: passwords and lock-outs. Pure: no database, no HTTP, no translation."""

from __future__ import annotations

import secrets

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKMNPQRSTUVWXYZ23456789"


def new_password() -> str:
    """A password to read out or paste: 4 groups of 4, no look-alike characters."""
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))
