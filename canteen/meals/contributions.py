"""Pay what you can: a contribution, anonymous; zero ('nothing today') is a normal choice.

A plain contribution that fits is written by one statement (canteen/meals/sql.py). Anything
else (a replay, a closed service, a refusal, paid-forward credits) takes the checked path, which
says why. A replay (same client id and body) gets the first answer, even once closed.
"""

from __future__ import annotations

import uuid
from typing import Any

from canteen.db import fetch, write_transaction
from canteen.errors import DomainError, NotFound
from canteen.idempotency import body_hash, check_replay, record_uuid
from canteen.meals import rules, sql
from canteen.meals.errors import NoCreditAvailable, ServiceNotOpen, WrongCanteen
from canteen.meals.schemas import ContributionIn, ContributionOut
from canteen.meals.tables import Contribution, PayForwardCredit


async def credits_available(canteen_id: int) -> int:
    """Meals paid forward and not yet used, at this canteen."""
    row = (
        await PayForwardCredit.select(PayForwardCredit.available)
        .where(PayForwardCredit.canteen == canteen_id)
        .first()
    )
    return int(row["available"]) if row else 0


async def record_contribution(
    canteen_id: int, service_id: int, data: ContributionIn
) -> ContributionOut:
    """A pay-what-you-can contribution: the fast path when plain, else the checked path."""
    record_id = record_uuid(data.id)
    digest = body_hash(service_id, data)
    if rules.is_plain(data.amount_minor, data.method, data.pay_forward):
        item = (
            record_id,
            data.amount_minor,
            data.method,
            digest,
            service_id,
            canteen_id,
            data.currency.upper(),
        )
        currency = await sql.insert_plain(item)
        if currency is not None:
            return _contribution_out(data, service_id, currency)
    return await _record_contribution_checked(canteen_id, service_id, data, record_id, digest)


async def is_recorded(client_id: str) -> bool:
    """Whether a contribution with this client id was already recorded (a form sent again)."""
    found = await Contribution.exists().where(Contribution.id == record_uuid(client_id))
    return bool(found)


def _contribution_out(data: ContributionIn, service_id: int, currency: str) -> ContributionOut:
    return ContributionOut(
        id=data.id,
        service_id=service_id,
        amount_minor=data.amount_minor,
        currency=currency,
        method=data.method,
        pay_forward=data.pay_forward,
    )


async def _replayed(
    data: ContributionIn, record_id: uuid.UUID, digest: str
) -> ContributionOut | None:
    """The first answer to this client id, if it was already recorded with this body."""
    row = await Contribution.select().where(Contribution.id == record_id).first()
    if row is None:
        return None
    check_replay(row["body_hash"], digest)
    return ContributionOut(
        id=data.id,
        service_id=row["service"],
        amount_minor=row["amount_minor"],
        currency=row["currency"],
        method=row["method"],
        pay_forward=row["pay_forward"],
    )


def _check(service: dict[str, Any], canteen_id: int, data: ContributionIn) -> None:
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    if service["status"] != rules.SERVICE_OPEN:
        raise ServiceNotOpen()
    rules.validate_contribution(
        data.amount_minor,
        data.currency,
        data.method,
        data.pay_forward,
        service["currency"],
        service["max_contribution_minor"],
    )


async def _record_contribution_checked(
    canteen_id: int, service_id: int, data: ContributionIn, record_id: uuid.UUID, digest: str
) -> ContributionOut:
    """One write transaction: the service and its canteen, the rules, the insert unless the id
    exists, then the credits."""
    async with write_transaction():
        service = await sql.service_for_contribution(service_id)
        if service is None:
            raise NotFound()
        try:
            _check(service, canteen_id, data)
        except DomainError:
            first = await _replayed(data, record_id, digest)
            if first is None:
                raise
            return first
        inserted = await fetch(
            sql.INSERT_CONTRIBUTION,
            record_id,
            service_id,
            data.amount_minor,
            service["currency"],
            data.method,
            data.pay_forward,
            digest,
        )
        if not inserted:
            first = await _replayed(data, record_id, digest)
            if first is None:  # pragma: no cover - the conflict was on this very id
                raise NotFound()
            return first
        # After the insert: a replay never reaches this point, so credits move exactly once,
        # and a refusal here rolls the insert back.
        if data.method == rules.CREDIT:
            await _use_credit(canteen_id)
        if data.pay_forward:
            await _add_credits(canteen_id, data.pay_forward)
    return _contribution_out(data, service_id, service["currency"])


async def _use_credit(canteen_id: int) -> None:
    used = (
        await PayForwardCredit.update(
            {
                PayForwardCredit.available: PayForwardCredit.available - 1,
                PayForwardCredit.used: PayForwardCredit.used + 1,
            }
        )
        .where((PayForwardCredit.canteen == canteen_id) & (PayForwardCredit.available > 0))
        .returning(PayForwardCredit.id)
    )
    if not used:
        raise NoCreditAvailable()


async def _add_credits(canteen_id: int, meals: int) -> None:
    added = (
        await PayForwardCredit.update(
            {
                PayForwardCredit.available: PayForwardCredit.available + meals,
                PayForwardCredit.given: PayForwardCredit.given + meals,
            }
        )
        .where(PayForwardCredit.canteen == canteen_id)
        .returning(PayForwardCredit.id)
    )
    if not added:
        await PayForwardCredit.insert(
            PayForwardCredit(canteen=canteen_id, available=meals, given=meals, used=0)
        )
