"""Accounts, password sign-in and server-side sessions.

Sessions live in the database (a random token in an HttpOnly cookie, only its hash stored), so
they hold across several workers and can be revoked at once. A session ends after a while
without use (idle timeout) and, however active, after a maximum lifetime.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from canteen import security
from canteen.accounts import rules
from canteen.accounts.errors import AccountLocked, CoordinatorNeedsCanteen, EmailTaken, LoginFailed
from canteen.accounts.schemas import ROLES, AccountOut, SessionUser
from canteen.accounts.tables import Account, AccountSession
from canteen.clock import now
from canteen.db import is_unique_violation, write_transaction
from canteen.errors import InvalidInput, NotFound
from canteen.network.tables import Canteen
from canteen.throttle import services as throttle
from canteen.throttle.errors import TooManyAttempts

# Verified against when the email is unknown, so that a wrong email takes as long as a wrong
# password and does not reveal which accounts exist.
_DUMMY_HASH = security.hash_secret("not a real password, only for timing")


async def create_account(
    email: str,
    password: str,
    role: str,
    canteen_id: int | None = None,
    name: str = "",
) -> int:
    """A new staff or coordinator account; the password is stored as an argon2 hash."""
    email = rules.check_email(email)
    if role not in ROLES:
        raise InvalidInput()
    if role == "coordinator":
        if canteen_id is None or not await Canteen.exists().where(Canteen.id == canteen_id):
            raise CoordinatorNeedsCanteen()
    else:
        canteen_id = None
    rules.check_password(password)
    try:
        rows = await Account.insert(
            Account(
                email=email,
                name=name.strip()[:120],
                password_hash=security.hash_secret(password),
                role=role,
                canteen=canteen_id,
                active=True,
                created_at=now(),
            )
        ).returning(Account.id)
    except Exception as exc:
        if is_unique_violation(exc):
            raise EmailTaken() from exc
        raise
    return int(rows[0]["id"])


def _user(row: dict[str, Any], session_id: int = 0) -> SessionUser:
    return SessionUser(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=row["role"],
        canteen=row["canteen"],
        session_id=session_id,
    )


async def authenticate(email: str, password: str, source: str = "") -> SessionUser:
    """The account for this email and password.

    Every attempt is counted before the password is checked (canteen.throttle): per email, known
    or not (the eighth wrong one in an hour locks it for a quarter of an hour, and an unknown
    email locks the same way, so a lock-out tells nothing), and per source address when given.
    Simultaneous attempts cannot overtake the count: at most the limit are ever checked."""
    email = rules.normalise_email(email)
    by_source = f"login:{source}" if source else ""
    if by_source:
        await throttle.count(by_source, throttle.LOGIN_FAILURES)
    try:
        await throttle.count(rules.login_throttle(email), throttle.ACCOUNT_FAILURES)
    except TooManyAttempts as locked:
        if by_source:  # refused unchecked: not the address's guess
            await throttle.refund(by_source, throttle.LOGIN_FAILURES)
        raise AccountLocked(minutes=locked.params["minutes"]) from None
    row = (
        await Account.select()
        .where((Account.email == email) & (Account.active == True))  # noqa: E712
        .first()
    )
    # Verified even for an unknown email (against a dummy hash): a wrong email takes as long.
    if not security.verify_secret(row["password_hash"] if row else _DUMMY_HASH, password) or (
        row is None
    ):
        raise LoginFailed()
    await throttle.clear(rules.login_throttle(email))
    if by_source:
        await throttle.refund(by_source, throttle.LOGIN_FAILURES)
    await Account.update({Account.last_login_at: now()}).where(Account.id == row["id"])
    return _user(row)


async def start_session(account_id: int, max_hours: int) -> tuple[str, datetime]:
    """A new session for this account: the token for the cookie, and when it ends at the latest."""
    token = security.new_token()
    moment = now()
    expires_at = rules.session_expires_at(moment, max_hours)
    await AccountSession.insert(
        AccountSession(
            account=account_id,
            token_hash=security.token_hash(token),
            created_at=moment,
            last_seen_at=moment,
            expires_at=expires_at,
        )
    )
    return token, expires_at


async def session_user(token: str | None, idle_minutes: int) -> SessionUser | None:
    """Who holds this session token, or None when it is unknown, revoked, idle or too old."""
    if not token or len(token) > 200:
        return None
    session = (
        await AccountSession.select()
        .where(AccountSession.token_hash == security.token_hash(token))
        .first()
    )
    if session is None or session["revoked_at"] is not None:
        return None
    moment = now()
    if rules.session_over(session["expires_at"], session["last_seen_at"], moment, idle_minutes):
        await AccountSession.update({AccountSession.revoked_at: moment}).where(
            AccountSession.id == session["id"]
        )
        return None
    account = (
        await Account.select()
        .where((Account.id == session["account"]) & (Account.active == True))  # noqa: E712
        .first()
    )
    if account is None:
        return None
    if rules.worth_touching(session["last_seen_at"], moment):
        await AccountSession.update({AccountSession.last_seen_at: moment}).where(
            AccountSession.id == session["id"]
        )
    return _user(account, session["id"])


async def end_session(token: str | None) -> None:
    if token:
        await AccountSession.update({AccountSession.revoked_at: now()}).where(
            (AccountSession.token_hash == security.token_hash(token))
            & AccountSession.revoked_at.is_null()
        )


async def revoke_sessions(account_id: int) -> None:
    """Sign this account out everywhere, at once."""
    await AccountSession.update({AccountSession.revoked_at: now()}).where(
        (AccountSession.account == account_id) & AccountSession.revoked_at.is_null()
    )


async def set_active(account_id: int, active: bool) -> None:
    async with write_transaction():
        updated = (
            await Account.update({Account.active: active})
            .where(Account.id == account_id)
            .returning(Account.id)
        )
        if not updated:
            raise NotFound()
        if not active:
            await revoke_sessions(account_id)


async def set_password(account_id: int, password: str) -> None:
    """A new password; every existing session of the account ends."""
    rules.check_password(password)
    async with write_transaction():
        updated = (
            await Account.update({Account.password_hash: security.hash_secret(password)})
            .where(Account.id == account_id)
            .returning(Account.id, Account.email)
        )
        if not updated:
            raise NotFound()
        await revoke_sessions(account_id)
        await throttle.clear(rules.login_throttle(updated[0]["email"]))


async def list_accounts() -> list[AccountOut]:
    rows = (
        await Account.select(
            Account.id,
            Account.email,
            Account.name,
            Account.role,
            Account.canteen,
            Account.canteen.name.as_alias("canteen_name"),
            Account.active,
            Account.last_login_at,
        )
        .order_by(Account.role, ascending=False)
        .order_by(Account.email)
    )
    return [
        AccountOut(
            id=row["id"],
            email=row["email"],
            name=row["name"],
            role=row["role"],
            canteen=row["canteen"],
            canteen_name=row["canteen_name"] or "",
            active=row["active"],
            last_login_at=row["last_login_at"].isoformat() if row["last_login_at"] else None,
        )
        for row in rows
    ]
