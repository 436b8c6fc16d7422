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


async def authenticate(email: str, password: str) -> SessionUser:
    """The account for this email and password; counts failures and locks after too many."""
    row = (
        await Account.select()
        .where((Account.email == rules.normalise_email(email)) & (Account.active == True))  # noqa: E712
        .first()
    )
    if row is None:
        security.verify_secret(_DUMMY_HASH, password)
        raise LoginFailed()
    moment = now()
    minutes = rules.minutes_locked(row["locked_until"], moment)
    if minutes is not None:
        raise AccountLocked(minutes=minutes)
    if not security.verify_secret(row["password_hash"], password):
        failed, locked_until = rules.after_failed_login(row["failed_logins"], moment)
        changes: dict[Any, Any] = {Account.failed_logins: failed}
        if locked_until is not None:
            changes[Account.locked_until] = locked_until
        await Account.update(changes).where(Account.id == row["id"])
        raise LoginFailed()
    await Account.update(
        {Account.failed_logins: 0, Account.locked_until: None, Account.last_login_at: moment}
    ).where(Account.id == row["id"])
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
            await Account.update(
                {
                    Account.password_hash: security.hash_secret(password),
                    Account.failed_logins: 0,
                    Account.locked_until: None,
                }
            )
            .where(Account.id == account_id)
            .returning(Account.id)
        )
        if not updated:
            raise NotFound()
        await revoke_sessions(account_id)


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
