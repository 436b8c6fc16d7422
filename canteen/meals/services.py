"""The day's shared meal: open, check diners in, take contributions and answers, close.

Every write carries a client-generated id. The same id with the same body returns the first
answer (a tablet retrying after a wifi drop); the same id with another body is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import msgspec

from canteen.db import (
    engine,
    fetch,
    is_sqlite,
    is_unique_violation,
    write_transaction,
)
from canteen.db.batching import Coalescer
from canteen.errors import N_, DomainError, IdempotencyConflict, NotFound
from canteen.meals.schemas import (
    MAX_PARTY,
    METHODS,
    CheckInIn,
    CheckInOut,
    CloseIn,
    ContributionIn,
    ContributionOut,
    LiveCounts,
    ServiceOpenIn,
    ServiceOut,
    ServiceSummary,
    SurveyResponseIn,
    SurveyResponseOut,
)
from canteen.meals.tables import (
    CheckIn,
    Contribution,
    MealService,
    PayForwardCredit,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from canteen.network.services import get_canteen

T = TypeVar("T")
PAYING_METHODS = ("cash", "card", "voucher")

# The welcome survey: key -> question (translated through the catalogs).
QUESTIONS: dict[str, str] = {
    "welcome": N_("Did you feel welcome as you are?"),
    "met_someone": N_("Did you meet someone new?"),
    "changed_idea": N_("Did it change an idea you had about someone?"),
    "enjoyed_meal": N_("Did you enjoy the meal?"),
}


class ServiceNotOpen(DomainError):
    status = 409
    message = N_("Today's meal service is not open.")


class ServiceAlreadyClosed(DomainError):
    status = 409
    message = N_("This meal service is already closed.")


class WrongCanteen(DomainError):
    status = 403
    message = N_("This tablet can only record for its own canteen.")


class PartySizeInvalid(DomainError):
    status = 422
    message = N_("The number of people must be between 1 and {max}.")


class ChildrenInvalid(DomainError):
    status = 422
    message = N_("The number of children cannot be more than the number of people.")


class AmountNegative(DomainError):
    status = 422
    message = N_("An amount cannot be negative.")


class AmountOutOfRange(DomainError):
    status = 422
    message = N_("This amount is above the most this canteen accepts at once ({max}).")


class WrongCurrency(DomainError):
    status = 422
    message = N_("This canteen takes {currency} only.")


class MethodAmountMismatch(DomainError):
    status = 422
    message = N_("With this choice the amount must be zero.")


class PayForwardNeedsAmount(DomainError):
    status = 422
    message = N_("To pay a meal forward, give an amount with cash, card or a voucher.")


class NoCreditAvailable(DomainError):
    status = 409
    message = N_("No paid-forward meal is available right now.")


class UnknownQuestion(DomainError):
    status = 422
    message = N_("Unknown survey question.")


class EmptySurvey(DomainError):
    status = 422
    message = N_("Answer at least one question, or skip the survey.")


class ValueOutOfRange(DomainError):
    status = 422
    message = N_("This number is not valid.")


class CloseConflict(DomainError):
    status = 409
    message = N_("This service was already closed with another cash count.")


def body_hash(scope: object, data: msgspec.Struct) -> str:
    """A fingerprint of what was asked, to tell a retry from a different request."""
    fields = msgspec.structs.asdict(data)
    fields.pop("id", None)
    payload = msgspec.json.encode({"scope": scope, "body": fields}, order="sorted")
    return hashlib.sha256(payload).hexdigest()


def _uuid(client_id: str) -> uuid.UUID:
    """Anonymous records are keyed by the client's id, folded into a UUID."""
    try:
        return uuid.UUID(client_id)
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"tablee:{client_id}")


def local_today(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def _div_round(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator rounded half away from zero, in integers."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    n, d = abs(numerator), abs(denominator)
    return sign * ((2 * n + d) // (2 * d))


async def _once(
    find: Callable[[], Awaitable[dict[str, Any] | None]],
    digest: str,
    out: Callable[[dict[str, Any]], Awaitable[T]],
    write: Callable[[], Awaitable[None]],
) -> T:
    """Run write() once per client id: a replay gets the first answer, a changed body 422."""
    existing = await find()
    if existing is None:
        try:
            await write()
        except Exception as exc:
            if not is_unique_violation(exc):
                raise
        existing = await find()
        if existing is None:  # pragma: no cover - the write committed or raised
            raise NotFound()
    if existing["body_hash"] != digest:
        raise IdempotencyConflict()
    return await out(existing)


async def _credits_available(canteen_id: int) -> int:
    row = (
        await PayForwardCredit.select(PayForwardCredit.available)
        .where(PayForwardCredit.canteen == canteen_id)
        .first()
    )
    return int(row["available"]) if row else 0


async def credits_available(canteen_id: int) -> int:
    return await _credits_available(canteen_id)


async def ensure_default_questions() -> None:
    """The welcome survey's questions exist (data the product needs, not demo data)."""
    existing = {row["key"] for row in await SurveyQuestion.select(SurveyQuestion.key)}
    missing = [
        SurveyQuestion(key=key, position=position, active=True)
        for position, key in enumerate(QUESTIONS)
        if key not in existing
    ]
    if missing:
        # Several servers or workers starting together may all find them missing.
        await SurveyQuestion.insert(*missing).on_conflict(
            target=SurveyQuestion.key, action="DO NOTHING"
        )


async def active_question_keys() -> list[str]:
    rows = (
        await SurveyQuestion.select(SurveyQuestion.key)
        .where(SurveyQuestion.active == True)  # noqa: E712 - Piccolo builds SQL from ==
        .order_by(SurveyQuestion.position)
    )
    return [row["key"] for row in rows if row["key"] in QUESTIONS]


async def _service(service_id: int) -> dict[str, Any]:
    row = await MealService.select().where(MealService.id == service_id).first()
    if row is None:
        raise NotFound()
    return row


async def service_out(service: dict[str, Any]) -> ServiceOut:
    canteen = await get_canteen(service["canteen"])
    counts = await live_counts(service["id"])
    return ServiceOut(
        id=service["id"],
        canteen_id=service["canteen"],
        date=service["date"].isoformat(),
        status=service["status"],
        menu=service["menu"],
        currency=canteen["currency"],
        groceries_minor=service["groceries_minor"],
        covers_expected=service["covers_expected"],
        cash_float_minor=service["cash_float_minor"],
        cost_per_portion_minor=cost_per_portion(service, counts.covers),
        credits_available=await _credits_available(service["canteen"]),
    )


def cost_per_portion(service: dict[str, Any], covers: int) -> int | None:
    """Groceries ÷ portions: the covers served, or the covers expected while few have come."""
    portions = max(covers, service["covers_expected"] or 0)
    if service["status"] == "closed":
        portions = covers
    if portions <= 0 or service["groceries_minor"] <= 0:
        return None
    return _div_round(service["groceries_minor"], portions)


async def todays_service(canteen_id: int) -> dict[str, Any] | None:
    """Today's service in the canteen's own time zone, open or closed, if there is one."""
    canteen = await get_canteen(canteen_id)
    today = local_today(canteen["timezone"])
    return (
        await MealService.select()
        .where((MealService.canteen == canteen_id) & (MealService.date == today))
        .first()
    )


def _check_amount(value: int, limit: int = 10**9) -> None:
    if value < 0:
        raise AmountNegative()
    if value > limit:
        raise ValueOutOfRange()


async def open_service(canteen_id: int, data: ServiceOpenIn) -> ServiceOut:
    """Open today's meal service for this canteen (once a day)."""
    canteen = await get_canteen(canteen_id)
    for amount in (data.groceries_minor, data.cash_float_minor):
        _check_amount(amount)
    if data.covers_expected is not None and not 0 <= data.covers_expected <= 10_000:
        raise ValueOutOfRange()
    today = local_today(canteen["timezone"])
    digest = body_hash({"canteen": canteen_id, "date": today.isoformat()}, data)

    async def find() -> dict[str, Any] | None:
        return await MealService.select().where(MealService.client_id == data.id).first()

    async def write() -> None:
        async with write_transaction():
            existing = await todays_service(canteen_id)
            if existing is not None:
                if existing["status"] == "closed":
                    raise ServiceAlreadyClosed()
                return  # already open today: the replay check below answers
            await MealService.insert(
                MealService(
                    canteen=canteen_id,
                    date=today,
                    menu=data.menu.strip(),
                    groceries_minor=data.groceries_minor,
                    covers_expected=data.covers_expected,
                    cash_float_minor=data.cash_float_minor,
                    status="open",
                    opened_at=datetime.now(UTC),
                    client_id=data.id,
                    body_hash=digest,
                )
            )

    existing = await find()
    if existing is None:
        await write()
        existing = await find()
        if existing is None:
            # Someone else opened today's service first (another tablet): show that one.
            current = await todays_service(canteen_id)
            if current is None:  # pragma: no cover
                raise NotFound()
            return await service_out(current)
    if existing["body_hash"] != digest:
        raise IdempotencyConflict()
    return await service_out(existing)


async def update_service(
    canteen_id: int,
    service_id: int,
    *,
    groceries_minor: int | None = None,
    menu: str | None = None,
    covers_expected: int | None = None,
) -> ServiceOut:
    """The coordinator corrects the groceries' cost, menu or covers expected while it is open."""
    service = await _open_service(canteen_id, service_id)
    values: dict[Any, Any] = {}
    if groceries_minor is not None:
        _check_amount(groceries_minor)
        values[MealService.groceries_minor] = groceries_minor
    if menu is not None:
        values[MealService.menu] = menu.strip()[:500]
    if covers_expected is not None:
        if not 0 <= covers_expected <= 10_000:
            raise ValueOutOfRange()
        values[MealService.covers_expected] = covers_expected
    if values:
        await MealService.update(values).where(MealService.id == service["id"])
    return await service_out(await _service(service_id))


async def _open_service(canteen_id: int, service_id: int) -> dict[str, Any]:
    service = await _service(service_id)
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    if service["status"] != "open":
        raise ServiceNotOpen()
    return service


async def _lock_open_service(canteen_id: int, service_id: int) -> dict[str, Any]:
    """Inside a write transaction: the service, held so that closing waits for this write."""
    query = MealService.select().where(MealService.id == service_id)
    if not is_sqlite(engine()):
        query = query.lock_rows("SHARE")
    service = await query.first()
    if service is None:
        raise NotFound()
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    if service["status"] != "open":
        raise ServiceNotOpen()
    return service


async def record_checkin(canteen_id: int, service_id: int, data: CheckInIn) -> CheckInOut:
    """Count diners arriving: how many, optionally children and first visit. Nothing else."""
    record_id = _uuid(data.id)
    digest = body_hash(service_id, data)

    async def find() -> dict[str, Any] | None:
        return await CheckIn.select().where(CheckIn.id == record_id).first()

    async def out(row: dict[str, Any]) -> CheckInOut:
        return CheckInOut(
            id=data.id,
            service_id=row["service"],
            party_size=row["party_size"],
            children=row["children"],
            first_visit=row["first_visit"],
        )

    async def write() -> None:
        if not 1 <= data.party_size <= MAX_PARTY:
            raise PartySizeInvalid(max=MAX_PARTY)
        if data.children is not None and not 0 <= data.children <= data.party_size:
            raise ChildrenInvalid()
        await _open_service(canteen_id, service_id)
        async with write_transaction():
            await _lock_open_service(canteen_id, service_id)
            await CheckIn.insert(
                CheckIn(
                    id=record_id,
                    service=service_id,
                    party_size=data.party_size,
                    children=data.children,
                    first_visit=data.first_visit,
                    body_hash=digest,
                )
            )

    return await _once(find, digest, out, write)


def _validate_contribution(data: ContributionIn, canteen: dict[str, Any]) -> None:
    if data.amount_minor < 0:
        raise AmountNegative()
    if data.currency.upper() != canteen["currency"]:
        raise WrongCurrency(currency=canteen["currency"])
    if data.amount_minor > canteen["max_contribution_minor"]:
        from canteen.i18n import language
        from canteen.money import format_money

        limit = format_money(canteen["max_contribution_minor"], canteen["currency"], language())
        raise AmountOutOfRange(max=limit)
    if data.method in ("nothing", "credit") and data.amount_minor != 0:
        raise MethodAmountMismatch()
    if data.pay_forward and (data.method not in PAYING_METHODS or data.amount_minor <= 0):
        raise PayForwardNeedsAmount()


# The contribution is the hottest write (every diner, every tablet, at lunch time). Its
# statements are written out once rather than built by Piccolo's query builder per request,
# which cost several times the database's own work; db.fetch runs them on Piccolo's engine,
# pool and transaction.
_SERVICE_FOR_CONTRIBUTION = (
    "SELECT s.id, s.canteen, s.status, c.currency, c.max_contribution_minor "
    "FROM meal_service s JOIN canteen c ON c.id = s.canteen WHERE s.id = {}"
)
_INSERT_CONTRIBUTION = (
    "INSERT INTO contribution (id, service, amount_minor, currency, method, pay_forward, "
    "body_hash) VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT (id) DO NOTHING RETURNING id"
)
# The common case in one statement (its own transaction): inserted only if the service is this
# canteen's, open, and the amount and currency fit the canteen. FOR SHARE (PostgreSQL) makes a
# concurrent close wait for it, or makes it see the close and insert nothing.
_INSERT_PLAIN_CONTRIBUTION = (
    "INSERT INTO contribution (id, service, amount_minor, currency, method, pay_forward, "
    "body_hash) SELECT {}, s.id, {}, c.currency, {}, 0, {} "
    "FROM meal_service s JOIN canteen c ON c.id = s.canteen "
    "WHERE s.id = {} AND s.canteen = {} AND s.status = 'open' AND c.currency = {} "
    "AND c.max_contribution_minor >= {}"
)
_ON_CONFLICT_RETURNING_CURRENCY = " ON CONFLICT (id) DO NOTHING RETURNING currency"


_INSERT_PLAIN_CONTRIBUTIONS = (
    "INSERT INTO contribution (id, service, amount_minor, currency, method, pay_forward, "
    "body_hash) SELECT v.id, s.id, v.amount, c.currency, v.method, 0, v.hash FROM (VALUES {rows}) "
    "AS v(id, amount, method, hash, service, canteen, currency) "
    "JOIN meal_service s ON s.id = v.service AND s.canteen = v.canteen AND s.status = 'open' "
    "JOIN canteen c ON c.id = s.canteen AND c.currency = v.currency "
    "AND c.max_contribution_minor >= v.amount "
    "FOR SHARE OF s ON CONFLICT (id) DO NOTHING RETURNING id, currency"
)
_PLAIN_ROW = "({}::uuid, {}::integer, {}::text, {}::text, {}::integer, {}::integer, {}::text)"


async def _insert_plain_contributions(items: list[tuple[Any, ...]]) -> dict[Any, str]:
    """One statement for the plain contributions of concurrent requests (PostgreSQL): each
    item's currency when its row was inserted. Of two items with one id, only the first is
    tried (the other, a replay or a conflict, takes the checked path). If the statement fails,
    each item is tried on its own, so that one bad item does not refuse the others."""
    first_of_id: dict[Any, tuple[Any, ...]] = {}
    for item in items:
        first_of_id.setdefault(item[0], item)
    tried = list(first_of_id.values())
    try:
        sql = _INSERT_PLAIN_CONTRIBUTIONS.format(rows=", ".join([_PLAIN_ROW] * len(tried)))
        rows = await fetch(sql, *(value for item in tried for value in item))
    except Exception:  # noqa: BLE001 - retried one by one below, each with its own answer
        if len(tried) == 1:
            raise
        answers: dict[Any, str] = {}
        for item in tried:
            with contextlib.suppress(Exception):  # that item's request takes the checked path
                answers.update(await _insert_plain_contributions([item]))
        return answers
    inserted = {row["id"]: row["currency"] for row in rows}
    return {item: inserted[item[0]] for item in tried if item[0] in inserted}


_plain_contributions = Coalescer(_insert_plain_contributions)


def _is_plain(data: ContributionIn) -> bool:
    """No credit moves and the rules that do not depend on the canteen hold."""
    return (
        data.pay_forward == 0
        and data.method != "credit"
        and data.amount_minor >= 0
        and (data.method != "nothing" or data.amount_minor == 0)
    )


async def _service_for_contribution(service_id: int) -> dict[str, Any]:
    """Inside the write transaction, in one query: the service (held on PostgreSQL so that
    closing waits for this write; SQLite's BEGIN IMMEDIATE already holds everything) with what
    the rules need of its canteen."""
    sql = _SERVICE_FOR_CONTRIBUTION
    if not is_sqlite(engine()):
        sql += " FOR SHARE OF s"
    rows = await fetch(sql, service_id)
    if not rows:
        raise NotFound()
    return rows[0]


async def record_contribution(
    canteen_id: int, service_id: int, data: ContributionIn
) -> ContributionOut:
    """A pay-what-you-can contribution, anonymous; zero ('nothing today') is a normal choice.

    A plain contribution that fits is written by one statement. Anything else (a replay, a
    closed service, a refusal, paid-forward credits) takes the checked path, which says why.
    """
    record_id = _uuid(data.id)
    digest = body_hash(service_id, data)
    if _is_plain(data):
        item = (
            record_id,
            data.amount_minor,
            data.method,
            digest,
            service_id,
            canteen_id,
            data.currency.upper(),
        )
        if is_sqlite(engine()):  # one writer at a time anyway: one statement each
            sql = _INSERT_PLAIN_CONTRIBUTION + _ON_CONFLICT_RETURNING_CURRENCY
            rows = await fetch(sql, *item, data.amount_minor)
            currency = rows[0]["currency"] if rows else None
        else:
            # PostgreSQL: concurrent tablets' contributions share one INSERT (one round trip,
            # one commit).
            currency = await _plain_contributions.submit(item)
        if currency is not None:
            return _contribution_out(data, service_id, currency)
    return await _record_contribution_checked(canteen_id, service_id, data, record_id, digest)


def _contribution_out(data: ContributionIn, service_id: int, currency: str) -> ContributionOut:
    return ContributionOut(
        id=data.id,
        service_id=service_id,
        amount_minor=data.amount_minor,
        currency=currency,
        method=data.method,
        pay_forward=data.pay_forward,
    )


async def _record_contribution_checked(
    canteen_id: int, service_id: int, data: ContributionIn, record_id: uuid.UUID, digest: str
) -> ContributionOut:
    """One write transaction: the service and its canteen, the rules, the insert unless the id
    exists, then the credits. A replay (same id) gets the first answer, even once closed."""

    async def replayed() -> ContributionOut | None:
        row = await Contribution.select().where(Contribution.id == record_id).first()
        if row is None:
            return None
        if row["body_hash"] != digest:
            raise IdempotencyConflict()
        return ContributionOut(
            id=data.id,
            service_id=row["service"],
            amount_minor=row["amount_minor"],
            currency=row["currency"],
            method=row["method"],
            pay_forward=row["pay_forward"],
        )

    async with write_transaction():
        service = await _service_for_contribution(service_id)
        try:
            if service["canteen"] != canteen_id:
                raise WrongCanteen()
            if service["status"] != "open":
                raise ServiceNotOpen()
            _validate_contribution(data, service)
        except DomainError:
            first = await replayed()
            if first is None:
                raise
            return first
        inserted = await fetch(
            _INSERT_CONTRIBUTION,
            record_id,
            service_id,
            data.amount_minor,
            service["currency"],
            data.method,
            data.pay_forward,
            digest,
        )
        if not inserted:
            first = await replayed()
            if first is None:  # pragma: no cover - the conflict was on this very id
                raise NotFound()
            return first
        # After the insert: a replay never reaches this point, so credits move exactly once,
        # and a refusal here rolls the insert back.
        if data.method == "credit":
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
        if data.pay_forward:
            await _add_credits(canteen_id, data.pay_forward)
    return _contribution_out(data, service_id, service["currency"])


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


async def record_survey_response(
    canteen_id: int, service_id: int, data: SurveyResponseIn
) -> SurveyResponseOut:
    """Anonymous smiley answers (1 to 4) to the welcome survey."""
    record_id = _uuid(data.id)
    digest = body_hash(service_id, data)

    async def find() -> dict[str, Any] | None:
        return await SurveyResponse.select().where(SurveyResponse.id == record_id).first()

    async def out(row: dict[str, Any]) -> SurveyResponseOut:
        answers = await SurveyAnswer.select(SurveyAnswer.question_key, SurveyAnswer.value).where(
            SurveyAnswer.response == record_id
        )
        return SurveyResponseOut(
            id=data.id,
            service_id=row["service"],
            answers={answer["question_key"]: answer["value"] for answer in answers},
        )

    async def write() -> None:
        if not data.answers:
            raise EmptySurvey()
        keys = set(await active_question_keys())
        if any(key not in keys for key in data.answers):
            raise UnknownQuestion()
        await _open_service(canteen_id, service_id)
        async with write_transaction():
            await _lock_open_service(canteen_id, service_id)
            await SurveyResponse.insert(
                SurveyResponse(id=record_id, service=service_id, body_hash=digest)
            )
            await SurveyAnswer.insert(
                *[
                    SurveyAnswer(response=record_id, question_key=key, value=value)
                    for key, value in sorted(data.answers.items())
                ]
            )

    return await _once(find, digest, out, write)


async def _totals(service_id: int) -> dict[str, Any]:
    """Aggregates for one service, computed in SQL."""
    checkins = await CheckIn.raw(
        "SELECT COUNT(*) AS parties, COALESCE(SUM(party_size), 0) AS covers, "
        "COALESCE(SUM(children), 0) AS children, "
        "COALESCE(SUM(CASE WHEN first_visit THEN party_size ELSE 0 END), 0) AS first_visits "
        "FROM check_in WHERE service = {}",
        service_id,
    )
    by_method = await Contribution.raw(
        "SELECT method, COUNT(*) AS n, COALESCE(SUM(amount_minor), 0) AS amount, "
        "COALESCE(SUM(pay_forward), 0) AS forward "
        "FROM contribution WHERE service = {} GROUP BY method",
        service_id,
    )
    surveys = await SurveyResponse.raw(
        "SELECT COUNT(*) AS n FROM survey_response WHERE service = {}", service_id
    )
    return {
        **{key: int(value) for key, value in checkins[0].items()},
        "by_method": {
            row["method"]: (int(row["n"]), int(row["amount"]), int(row["forward"]))
            for row in by_method
        },
        "survey_responses": int(surveys[0]["n"]),
    }


async def live_counts(service_id: int) -> LiveCounts:
    totals = await _totals(service_id)
    by_method = totals["by_method"]
    return LiveCounts(
        covers=totals["covers"],
        parties=totals["parties"],
        children=totals["children"],
        first_visits=totals["first_visits"],
        contributions=sum(n for n, _a, _f in by_method.values()),
        takings_minor=sum(a for _n, a, _f in by_method.values()),
        survey_responses=totals["survey_responses"],
    )


async def service_summary(service_id: int) -> ServiceSummary:
    """The day's figures, exact to the cent: covers, takings per method, cost, cash gap."""
    service = await _service(service_id)
    canteen = await get_canteen(service["canteen"])
    totals = await _totals(service_id)
    by_method = totals["by_method"]
    takings_by_method = {method: by_method.get(method, (0, 0, 0))[1] for method in METHODS}
    takings = sum(takings_by_method.values())
    covers = totals["covers"]
    expected_cash = service["cash_float_minor"] + takings_by_method["cash"]
    counted = service["counted_cash_minor"]
    return ServiceSummary(
        service_id=service_id,
        date=service["date"].isoformat(),
        status=service["status"],
        menu=service["menu"],
        currency=canteen["currency"],
        covers=covers,
        covers_expected=service["covers_expected"],
        parties=totals["parties"],
        children=totals["children"],
        first_visits=totals["first_visits"],
        contributions=sum(n for n, _a, _f in by_method.values()),
        takings_minor=takings,
        takings_by_method=takings_by_method,
        contributions_by_method={m: by_method.get(m, (0, 0, 0))[0] for m in METHODS},
        average_contribution_minor=_div_round(takings, covers) if covers else None,
        groceries_minor=service["groceries_minor"],
        cost_per_portion_minor=cost_per_portion(service, covers),
        balance_minor=takings - service["groceries_minor"],
        cash_float_minor=service["cash_float_minor"],
        expected_cash_minor=expected_cash,
        counted_cash_minor=counted,
        cash_gap_minor=None if counted is None else counted - expected_cash,
        pay_forward_given=sum(f for _n, _a, f in by_method.values()),
        pay_forward_used=by_method.get("credit", (0, 0, 0))[0],
        survey_responses=totals["survey_responses"],
    )


async def close_service(canteen_id: int, service_id: int, data: CloseIn) -> ServiceSummary:
    """Close the day with the counted cash; afterwards the service accepts nothing more."""
    _check_amount(data.counted_cash_minor)
    digest = body_hash(service_id, data)
    service = await _service(service_id)
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    if service["status"] == "closed":
        if service["close_client_id"] == data.id and service["close_body_hash"] == digest:
            return await service_summary(service_id)
        if service["close_client_id"] == data.id:
            raise IdempotencyConflict()
        raise ServiceAlreadyClosed()
    async with write_transaction():
        query = MealService.select().where(MealService.id == service_id)
        if not is_sqlite(engine()):
            query = query.lock_rows("UPDATE")
        locked = await query.first()
        if locked is None or locked["status"] == "closed":
            raise ServiceAlreadyClosed()
        await MealService.update(
            {
                MealService.status: "closed",
                MealService.closed_at: datetime.now(UTC),
                MealService.counted_cash_minor: data.counted_cash_minor,
                MealService.close_client_id: data.id,
                MealService.close_body_hash: digest,
            }
        ).where(MealService.id == service_id)
    await _keep_forecast_and_actual(canteen_id, service_id)
    return await service_summary(service_id)


async def _keep_forecast_and_actual(canteen_id: int, service_id: int) -> None:
    """Accuracy tracking: the day's forecast is kept beside its actual covers.

    The close itself is done: a failure here is logged, not shown, and the forecast catches
    up with the actual covers the next time it is computed.
    """
    from canteen.forecast.services import keep_actual  # forecast builds on meals

    try:
        await keep_actual(canteen_id, service_id)
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).exception("Covers forecast not updated after closing")


async def get_service(canteen_id: int, service_id: int) -> dict[str, Any]:
    service = await _service(service_id)
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    return service
