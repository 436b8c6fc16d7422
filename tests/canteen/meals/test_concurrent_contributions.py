"""Many tablets at once: contributions written together (one statement on PostgreSQL) each get
their own answer, and the books hold each accepted one exactly once, on both engines."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from canteen.errors import DomainError, IdempotencyConflict
from canteen.meals import contributions, figures, sql
from canteen.meals import errors as meal_errors
from canteen.meals.schemas import ContributionIn
from canteen.meals.tables import Contribution
from tests.factories import make_canteen, open_today


def gift(amount: int, currency: str = "EUR", method: str = "cash", **fields: Any) -> ContributionIn:
    return ContributionIn(
        id=fields.pop("id", str(uuid.uuid4())),
        amount_minor=amount,
        currency=currency,
        method=method,  # type: ignore[arg-type]
        **fields,
    )


async def test_a_burst_of_mixed_contributions_gets_each_its_own_answer(db: str) -> None:
    lyon = await make_canteen("lyon-croix-rousse", max_contribution_minor=5000)
    lille = await make_canteen("lille-fives")
    lyon_today, lille_today = await open_today(lyon), await open_today(lille)
    plain = [gift(100 + n) for n in range(40)]
    replayed = plain[:5]  # the same id and body again: the first answer, no second row
    clash = [gift(999, id=body.id) for body in plain[5:8]]  # the same id, another body
    too_much = gift(9000)  # over the canteen's maximum
    wrong_currency = gift(300, currency="CAD")
    nothing = gift(0, method="nothing")

    async def send(body: ContributionIn, service: int = lyon_today, canteen: int = lyon) -> Any:
        try:
            return await contributions.record_contribution(canteen, service, body)
        except DomainError as error:
            return error

    sizes: list[int] = []
    run_many = sql.plain_contributions.run_many

    async def counted(items: list[Any]) -> Any:
        sizes.append(len(items))
        return await run_many(items)

    sql.plain_contributions.run_many = counted
    bodies = [*plain, *replayed, *clash, too_much, wrong_currency, nothing]
    answers = await asyncio.gather(
        *(send(body) for body in bodies),
        send(gift(250), lyon_today, lille),  # a service of another canteen
        send(gift(250), lille_today, lille),
    )
    sql.plain_contributions.run_many = run_many
    if db == "postgres":  # written together: far fewer statements than contributions
        assert max(sizes) > 10 and len(sizes) < 5, sizes
    by_body = dict(zip(map(id, bodies), answers, strict=False))
    for body in [*plain, nothing]:
        answer = by_body[id(body)]
        if body in plain[5:8]:
            # Either the plain body or the clash came first: the other is refused (422).
            continue
        assert not isinstance(answer, Exception), (body, answer)
        assert (answer.id, answer.amount_minor) == (body.id, body.amount_minor)
    for a, b in zip(plain[5:8], clash, strict=True):
        pair = [by_body[id(a)], by_body[id(b)]]
        assert sum(isinstance(x, IdempotencyConflict) for x in pair) == 1, pair
    assert isinstance(by_body[id(too_much)], meal_errors.AmountOutOfRange)
    assert isinstance(by_body[id(wrong_currency)], meal_errors.WrongCurrency)
    assert isinstance(answers[-2], meal_errors.WrongCanteen)
    assert not isinstance(answers[-1], Exception)

    rows = await Contribution.select(Contribution.id, Contribution.amount_minor)
    written = {str(row["id"]): row["amount_minor"] for row in rows}
    assert len(rows) == len(written) == 40 + 1 + 1  # 40 plain (or their clash), nothing, Lille
    for body in plain[:5] + plain[8:]:
        assert written[body.id] == body.amount_minor
    summary = await figures.service_summary(lyon, lyon_today)
    assert summary.takings_minor == sum(written[b.id] for b in plain)
