"""Accounts: passwords, lock-out, sessions that expire and can be revoked (both engines)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from canteen import access
from canteen.accounts import errors
from canteen.accounts import services as accounts
from canteen.accounts.tables import Account, AccountSession
from canteen.throttle import services as throttle
from tests.factories import make_canteen
from tests.staff_factories import PASSWORD, make_coordinator, make_staff


async def test_a_password_signs_in_and_a_wrong_one_does_not(db: str) -> None:
    staff = await make_staff("Fanny@Example.org")
    user = await accounts.authenticate("  fanny@example.org ", PASSWORD)
    assert user.id == staff.id and user.is_staff
    with pytest.raises(errors.LoginFailed):
        await accounts.authenticate("fanny@example.org", "not the password")
    with pytest.raises(errors.LoginFailed):
        await accounts.authenticate("nobody@example.org", PASSWORD)
    stored = await Account.select(Account.password_hash).first()
    assert stored is not None and stored["password_hash"].startswith("$argon2")


async def test_too_many_failures_lock_the_account_for_a_while(db: str) -> None:
    await make_staff()
    for _ in range(throttle.ACCOUNT_FAILURES.attempts):
        with pytest.raises(errors.LoginFailed):
            await accounts.authenticate("staff@example.org", "wrong")
    with pytest.raises(errors.AccountLocked) as locked:
        await accounts.authenticate("staff@example.org", PASSWORD)
    assert locked.value.params["minutes"] == 15


async def test_bad_accounts_are_refused_and_nothing_is_created(db: str) -> None:
    canteen_id = await make_canteen()
    with pytest.raises(errors.PasswordTooShort):
        await accounts.create_account("a@example.org", "short", "staff")
    with pytest.raises(errors.EmailInvalid):
        await accounts.create_account("not-an-email", PASSWORD, "staff")
    with pytest.raises(errors.CoordinatorNeedsCanteen):
        await accounts.create_account("c@example.org", PASSWORD, "coordinator")
    await make_coordinator(canteen_id, "c@example.org")
    with pytest.raises(errors.EmailTaken):
        await accounts.create_account("C@example.org", PASSWORD, "staff")
    assert await Account.count() == 1


async def test_a_session_holds_then_ends_when_idle_or_too_old(db: str) -> None:
    staff = await make_staff()
    token, _expires = await accounts.start_session(staff.id, max_hours=12)
    assert (await accounts.session_user(token, idle_minutes=60)).id == staff.id  # type: ignore[union-attr]
    assert await accounts.session_user("forged-token", idle_minutes=60) is None

    # Idle for longer than the idle timeout: gone, and stays gone.
    await AccountSession.update(
        {AccountSession.last_seen_at: AccountSession.last_seen_at - timedelta(minutes=61)}
    ).where(AccountSession.account == staff.id)
    assert await accounts.session_user(token, idle_minutes=60) is None

    # Active, but past its maximum lifetime: gone.
    token, _expires = await accounts.start_session(staff.id, max_hours=12)
    await AccountSession.update(
        {AccountSession.expires_at: AccountSession.expires_at - timedelta(hours=13)}
    ).where(AccountSession.revoked_at.is_null())
    assert await accounts.session_user(token, idle_minutes=60) is None


async def test_sign_out_deactivation_and_new_password_revoke_sessions(db: str) -> None:
    staff = await make_staff()
    first, _ = await accounts.start_session(staff.id, 12)
    second, _ = await accounts.start_session(staff.id, 12)
    await accounts.end_session(first)
    assert await accounts.session_user(first, 60) is None
    assert await accounts.session_user(second, 60) is not None

    await accounts.set_password(staff.id, "a brand new password")
    assert await accounts.session_user(second, 60) is None
    await accounts.authenticate("staff@example.org", "a brand new password")

    third, _ = await accounts.start_session(staff.id, 12)
    await accounts.set_active(staff.id, False)
    assert await accounts.session_user(third, 60) is None
    with pytest.raises(errors.LoginFailed):
        await accounts.authenticate("staff@example.org", "a brand new password")


async def test_who_sees_which_canteen(db: str) -> None:
    lyon, vaise = await make_canteen("lyon"), await make_canteen("vaise")
    staff = await make_staff()
    coordinator = await make_coordinator(lyon)
    assert access.can_see_canteen(staff, vaise)
    assert access.can_see_canteen(coordinator, lyon)
    assert not access.can_see_canteen(coordinator, vaise)
    assert not access.can_see_canteen(None, lyon)
