"""Accounts' rules: passwords, emails, lock-outs and session lifetimes.

Pure: no database, no HTTP, no translation. The services fetch the rows and the time, these decide.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from canteen.accounts.errors import EmailInvalid, PasswordTooShort

PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKMNPQRSTUVWXYZ23456789"
MIN_PASSWORD_LENGTH = 10
# The lock-out itself is canteen.throttle's ACCOUNT_FAILURES (eight wrong in an hour lock the
# email for fifteen minutes), counted before the password is checked.
MAX_EMAIL_LENGTH = 254
# last_seen_at is written at most this often: a page view is not worth a write each time.
TOUCH_EVERY_SECONDS = 60
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def new_password() -> str:
    """A password to read out or paste: 4 groups of 4, no look-alike characters."""
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))


def check_password(password: str) -> None:
    """PasswordTooShort under MIN_PASSWORD_LENGTH characters."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShort(min=MIN_PASSWORD_LENGTH)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str) -> str:
    """The email as stored (trimmed, lower case), or EmailInvalid."""
    email = normalise_email(email)
    if not EMAIL.match(email) or len(email) > MAX_EMAIL_LENGTH:
        raise EmailInvalid()
    return email


def login_throttle(email: str) -> str:
    """Wrong passwords are counted per email as typed (normalised), whether an account has it;
    the counter is named by the email's hash (a mistyped address is not kept in clear, and a
    long one does not share its counter with another)."""
    digest = hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()
    return f"account:{digest}"


def session_expires_at(moment: datetime, max_hours: int) -> datetime:
    """When a session started now ends at the latest, however active."""
    return moment + timedelta(hours=max_hours)


def session_over(
    expires_at: datetime, last_seen_at: datetime, moment: datetime, idle_minutes: int
) -> bool:
    """Whether a session has ended: past its lifetime, or unused for idle_minutes."""
    return expires_at <= moment or last_seen_at + timedelta(minutes=idle_minutes) <= moment


def worth_touching(last_seen_at: datetime, moment: datetime) -> bool:
    """Whether to write last_seen_at again (at most every TOUCH_EVERY_SECONDS)."""
    return (moment - last_seen_at).total_seconds() >= TOUCH_EVERY_SECONDS
