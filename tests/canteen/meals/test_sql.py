"""The fast path's SQL accepts exactly what the rules accept: one table, both ways, both engines."""

from __future__ import annotations

from canteen.db import write_transaction
from canteen.errors import DomainError
from canteen.idempotency import record_uuid
from canteen.meals import rules, sql
from canteen.meals.tables import Contribution
from tests.factories import client_id, make_canteen, open_today

MOST = 5000
# (amount, currency, method, pay_forward): around every bound validate_contribution draws.
CASES = [
    (amount, currency, method, forward)
    for amount in (-1, 0, 1, 300, MOST - 1, MOST, MOST + 1, 10**9)
    for currency in ("EUR", "eur", "CAD", "XOF")
    for method in rules.METHODS
    for forward in (0, 1)
]


def accepted_by_rules(amount: int, currency: str, method: str, forward: int) -> bool:
    try:
        rules.validate_contribution(amount, currency, method, forward, "EUR", MOST)
    except DomainError:
        return False
    return True


async def test_the_fast_path_accepts_exactly_what_the_rules_accept(db: str) -> None:
    canteen = await make_canteen(max_contribution_minor=MOST)
    service = await open_today(canteen)
    by_rules, by_sql = set(), set()
    for case in CASES:
        amount, currency, method, forward = case
        if not rules.is_plain(amount, method, forward):
            continue  # the checked path, which calls validate_contribution itself
        if accepted_by_rules(*case):
            by_rules.add(case)
        item = (record_uuid(client_id()), amount, method, "t", service, canteen, currency.upper())
        if await sql.insert_plain(item) is not None:
            by_sql.add(case)
    assert by_rules and by_sql == by_rules
    assert await Contribution.count() == len(by_rules)


async def test_the_fast_path_writes_nothing_for_another_canteen_or_a_closed_service(
    db: str,
) -> None:
    canteen = await make_canteen(max_contribution_minor=MOST)
    other = await make_canteen("other", max_contribution_minor=MOST)
    service = await open_today(canteen)
    item = (record_uuid(client_id()), 300, "cash", "t", service, other, "EUR")
    assert await sql.insert_plain(item) is None
    async with write_transaction():
        row = await sql.service_for_contribution(service)
    assert row is not None and row["status"] == rules.SERVICE_OPEN
    assert await Contribution.count() == 0
