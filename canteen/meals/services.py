"""The day's shared meal: open, check diners in, take answers, close.

Every write carries a client-generated id. The same id with the same body returns the first
answer (a tablet retrying after a wifi drop); the same id with another body is refused
(canteen.idempotency). Contributions are in contributions.py, the day's figures in figures.py,
what is allowed in rules.py.
"""

from __future__ import annotations

from typing import Any

from canteen import clock
from canteen.db import engine, is_sqlite, write_transaction
from canteen.errors import NotFound
from canteen.idempotency import Row, body_hash, check_replay, once, record_uuid
from canteen.meals import rules
from canteen.meals.contributions import credits_available
from canteen.meals.errors import ServiceAlreadyClosed, ServiceNotOpen, WrongCanteen
from canteen.meals.figures import cost_per_portion, live_counts, service_row, service_summary
from canteen.meals.rules import QUESTIONS
from canteen.meals.schemas import (
    CheckInIn,
    CheckInOut,
    CloseIn,
    ServiceOpenIn,
    ServiceOut,
    ServiceSummary,
    SurveyResponseIn,
    SurveyResponseOut,
)
from canteen.meals.tables import CheckIn, MealService, SurveyAnswer, SurveyQuestion, SurveyResponse
from canteen.network.services import get_canteen


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
        credits_available=await credits_available(service["canteen"]),
    )


async def todays_service(canteen_id: int) -> dict[str, Any] | None:
    """Today's service in the canteen's own time zone, open or closed, if there is one."""
    canteen = await get_canteen(canteen_id)
    today = clock.local_today(canteen["timezone"])
    return (
        await MealService.select()
        .where((MealService.canteen == canteen_id) & (MealService.date == today))
        .first()
    )


async def open_service(canteen_id: int, data: ServiceOpenIn) -> ServiceOut:
    """Open today's meal service for this canteen (once a day)."""
    canteen = await get_canteen(canteen_id)
    for amount in (data.groceries_minor, data.cash_float_minor):
        rules.check_amount(amount)
    rules.check_covers_expected(data.covers_expected)
    today = clock.local_today(canteen["timezone"])
    digest = body_hash({"canteen": canteen_id, "date": today.isoformat()}, data)

    async def find() -> dict[str, Any] | None:
        return await MealService.select().where(MealService.client_id == data.id).first()

    existing = await find()
    if existing is None:
        await _open_today(canteen_id, data, digest, today)
        existing = await find()
        if existing is None:
            # Someone else opened today's service first (another tablet): show that one.
            current = await todays_service(canteen_id)
            if current is None:  # pragma: no cover
                raise NotFound()
            return await service_out(current)
    check_replay(existing["body_hash"], digest)
    return await service_out(existing)


async def _open_today(canteen_id: int, data: ServiceOpenIn, digest: str, today: Any) -> None:
    async with write_transaction():
        existing = await todays_service(canteen_id)
        if existing is not None:
            if existing["status"] == rules.SERVICE_CLOSED:
                raise ServiceAlreadyClosed()
            return  # already open today: the replay check answers
        await MealService.insert(
            MealService(
                canteen=canteen_id,
                date=today,
                menu=data.menu.strip(),
                groceries_minor=data.groceries_minor,
                covers_expected=data.covers_expected,
                cash_float_minor=data.cash_float_minor,
                status=rules.SERVICE_OPEN,
                opened_at=clock.now(),
                client_id=data.id,
                body_hash=digest,
            )
        )


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
        rules.check_amount(groceries_minor)
        values[MealService.groceries_minor] = groceries_minor
    if menu is not None:
        values[MealService.menu] = menu.strip()[:500]
    if covers_expected is not None:
        rules.check_covers_expected(covers_expected)
        values[MealService.covers_expected] = covers_expected
    if values:
        await MealService.update(values).where(MealService.id == service["id"])
    return await service_out(await service_row(service_id))


def _check_open(service: dict[str, Any] | None, canteen_id: int) -> dict[str, Any]:
    if service is None:
        raise NotFound()
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    if service["status"] != rules.SERVICE_OPEN:
        raise ServiceNotOpen()
    return service


async def _open_service(canteen_id: int, service_id: int) -> dict[str, Any]:
    return _check_open(await service_row(service_id), canteen_id)


async def _lock_open_service(canteen_id: int, service_id: int) -> dict[str, Any]:
    """Inside a write transaction: the service, held so that closing waits for this write."""
    query = MealService.select().where(MealService.id == service_id)
    if not is_sqlite(engine()):
        query = query.lock_rows("SHARE")
    return _check_open(await query.first(), canteen_id)


async def record_checkin(canteen_id: int, service_id: int, data: CheckInIn) -> CheckInOut:
    """Count diners arriving: how many, optionally children and first visit. Nothing else."""
    record_id = record_uuid(data.id)
    digest = body_hash(service_id, data)

    async def find() -> Row | None:
        return await CheckIn.select().where(CheckIn.id == record_id).first()

    async def out(row: Row) -> CheckInOut:
        return CheckInOut(
            id=data.id,
            service_id=row["service"],
            party_size=row["party_size"],
            children=row["children"],
            first_visit=row["first_visit"],
        )

    async def write() -> None:
        rules.check_checkin(data.party_size, data.children)
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

    return await once(find, digest, out, write)


async def record_survey_response(
    canteen_id: int, service_id: int, data: SurveyResponseIn
) -> SurveyResponseOut:
    """Anonymous smiley answers (1 to 4) to the welcome survey."""
    record_id = record_uuid(data.id)
    digest = body_hash(service_id, data)

    async def find() -> Row | None:
        return await SurveyResponse.select().where(SurveyResponse.id == record_id).first()

    async def out(row: Row) -> SurveyResponseOut:
        answers = await SurveyAnswer.select(SurveyAnswer.question_key, SurveyAnswer.value).where(
            SurveyAnswer.response == record_id
        )
        return SurveyResponseOut(
            id=data.id,
            service_id=row["service"],
            answers={answer["question_key"]: answer["value"] for answer in answers},
        )

    async def write() -> None:
        rules.check_survey(data.answers, await active_question_keys())
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

    return await once(find, digest, out, write)


async def close_service(canteen_id: int, service_id: int, data: CloseIn) -> ServiceSummary:
    """Close the day with the counted cash; afterwards the service accepts nothing more.

    The forecast's record of the actual covers is kept by the caller (kiosk/meals/closing.py):
    the forecast builds on meals, not the other way round.
    """
    rules.check_amount(data.counted_cash_minor)
    digest = body_hash(service_id, data)
    service = await service_row(service_id)
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    if service["status"] == rules.SERVICE_CLOSED:
        if service["close_client_id"] == data.id:
            check_replay(service["close_body_hash"], digest)
            return await service_summary(canteen_id, service_id)
        raise ServiceAlreadyClosed()
    async with write_transaction():
        query = MealService.select().where(MealService.id == service_id)
        if not is_sqlite(engine()):
            query = query.lock_rows("UPDATE")
        locked = await query.first()
        if locked is None or locked["status"] == rules.SERVICE_CLOSED:
            raise ServiceAlreadyClosed()
        await MealService.update(
            {
                MealService.status: rules.SERVICE_CLOSED,
                MealService.closed_at: clock.now(),
                MealService.counted_cash_minor: data.counted_cash_minor,
                MealService.close_client_id: data.id,
                MealService.close_body_hash: digest,
            }
        ).where(MealService.id == service_id)
    return await service_summary(canteen_id, service_id)


async def get_service(canteen_id: int, service_id: int) -> dict[str, Any]:
    service = await service_row(service_id)
    if service["canteen"] != canteen_id:
        raise WrongCanteen()
    return service
