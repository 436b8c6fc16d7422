"""Invariants under any sequence of tablet actions, found by Hypothesis, on both engines.

Takings always equal the sum of the contributions accepted; paid-forward credits never go
negative; a closed service accepts nothing more; a replayed record is never counted twice.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from canteen.errors import DomainError
from canteen.meals import contributions, figures, rules
from canteen.meals import errors as meal_errors
from canteen.meals import services as meals
from canteen.meals.schemas import CheckInIn, CloseIn, ContributionIn
from tests.factories import make_canteen, open_today
from tests.stateful import run_machine

METHODS = st.sampled_from(["cash", "card", "voucher", "credit", "nothing"])


class MealDay(RuleBasedStateMachine):
    """A model of one meal day, checked against the real services after every step."""

    loop: asyncio.AbstractEventLoop

    def __init__(self) -> None:
        super().__init__()
        self.canteen = self.run(
            make_canteen(f"c-{uuid.uuid4().hex[:10]}", max_contribution_minor=5000)
        )
        self.service = self.run(open_today(self.canteen, cash_float_minor=0))
        self.takings = 0
        self.covers = 0
        self.credits = 0
        self.closed = False
        self.sent: list[tuple[ContributionIn, bool]] = []

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    @rule(amount=st.integers(-200, 6000), method=METHODS, forward=st.integers(0, 2))
    def contribute(self, amount: int, method: str, forward: int) -> None:
        body = ContributionIn(
            id=str(uuid.uuid4()),
            amount_minor=amount,
            currency="EUR",
            method=method,
            pay_forward=forward,
        )  # type: ignore[arg-type]
        accepted = self._record(body)
        self.sent.append((body, accepted))

    def _record(self, body: ContributionIn) -> bool:
        valid = (
            not self.closed
            and 0 <= body.amount_minor <= 5000
            and not (body.method in ("nothing", "credit") and body.amount_minor != 0)
            and not (
                body.pay_forward
                and (body.method not in rules.PAYING_METHODS or body.amount_minor <= 0)
            )
            and not (body.method == "credit" and self.credits == 0)
        )
        try:
            self.run(contributions.record_contribution(self.canteen, self.service, body))
        except DomainError:
            assert not valid, f"refused a valid contribution {body}"
            return False
        assert valid, f"accepted an invalid contribution {body}"
        self.takings += body.amount_minor
        self.credits += body.pay_forward - (1 if body.method == "credit" else 0)
        return True

    @precondition(lambda self: bool(self.sent))
    @rule(data=st.data())
    def replay(self, data: st.DataObject) -> None:
        body, accepted = data.draw(st.sampled_from(self.sent))
        try:
            again = self.run(contributions.record_contribution(self.canteen, self.service, body))
        except DomainError:
            assert not accepted, "a replay of an accepted record was refused"
            return
        assert accepted, "a replay of a refused record was accepted"
        assert again.amount_minor == body.amount_minor

    @rule(size=st.integers(-1, 35))
    def check_in(self, size: int) -> None:
        try:
            self.run(
                meals.record_checkin(
                    self.canteen, self.service, CheckInIn(id=str(uuid.uuid4()), party_size=size)
                )
            )
        except DomainError:
            assert self.closed or not 1 <= size <= rules.MAX_PARTY
            return
        assert not self.closed and 1 <= size <= rules.MAX_PARTY
        self.covers += size

    @rule(counted=st.integers(0, 100000))
    def close(self, counted: int) -> None:
        try:
            self.run(
                meals.close_service(
                    self.canteen,
                    self.service,
                    CloseIn(id=str(uuid.uuid4()), counted_cash_minor=counted),
                )
            )
        except meal_errors.ServiceAlreadyClosed:
            assert self.closed
            return
        assert not self.closed
        self.closed = True

    @invariant()
    def books_balance(self) -> None:
        summary = self.run(figures.service_summary(self.canteen, self.service))
        assert summary.takings_minor == self.takings
        assert sum(summary.takings_by_method.values()) == summary.takings_minor
        assert summary.covers == self.covers
        credits = self.run(contributions.credits_available(self.canteen))
        assert credits == self.credits >= 0
        assert summary.status == ("closed" if self.closed else "open")


def test_a_meal_day_keeps_its_books_under_any_sequence(database_url: str) -> None:
    run_machine(MealDay, database_url, examples=20, steps=20)


pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
