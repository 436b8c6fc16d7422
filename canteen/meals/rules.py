"""What a contribution, a check-in and a survey answer may be, and the meal's arithmetic.

Pure: no database, HTTP or translation. The services, the pages, the JSON API, the SQL fast
path (canteen/meals/sql.py) and the tablet's JavaScript (sent these values by kiosk/offline.py)
all follow these, and none restates them.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args

from canteen.errors import N_, InvalidInput
from canteen.meals.errors import (
    AmountNegative,
    AmountOutOfRange,
    ChildrenInvalid,
    EmptySurvey,
    MethodAmountMismatch,
    PartySizeInvalid,
    PayForwardNeedsAmount,
    UnknownQuestion,
    ValueOutOfRange,
    WrongCurrency,
)

# How a diner may contribute. Paying methods carry an amount; the others are zero by nature.
PayingMethod = Literal["cash", "card", "voucher"]
ZeroMethod = Literal["credit", "nothing"]  # a paid-forward meal; nothing today
Method = Literal[PayingMethod, ZeroMethod]
PAYING_METHODS: tuple[str, ...] = get_args(PayingMethod)
ZERO_METHODS: tuple[str, ...] = get_args(ZeroMethod)
METHODS: tuple[str, ...] = get_args(Method)
DEFAULT_METHOD = "cash"  # the pay page's choice when the diner picked no method
CREDIT = "credit"
NOTHING = "nothing"

MAX_PARTY = 30  # people in one check-in
MAX_PAY_FORWARD = 10  # meals paid forward by one contribution
SURVEY_MIN, SURVEY_MAX = 1, 4  # the smiley faces
MAX_COVERS_EXPECTED = 10_000
MAX_AMOUNT_MINOR = 10**9  # groceries, cash float, cash counted
SERVICE_OPEN, SERVICE_CLOSED = "open", "closed"

# The welcome survey: key -> question (translated through the catalogs).
QUESTIONS: dict[str, str] = {
    "welcome": N_("Did you feel welcome as you are?"),
    "met_someone": N_("Did you meet someone new?"),
    "changed_idea": N_("Did it change an idea you had about someone?"),
    "enjoyed_meal": N_("Did you enjoy the meal?"),
}

CHOOSE_AMOUNT = N_("Choose an amount, or 'Nothing today'.")
NICE_STEPS = (1, 2, 3, 5)  # coins and notes: 1, 2, 3, 5 times a power of ten


class Choice(NamedTuple):
    """What a diner chose on the pay page, as a contribution."""

    amount_minor: int
    method: str
    pay_forward: int


def validate_contribution(
    amount_minor: int,
    currency: str,
    method: str,
    pay_forward: int,
    canteen_currency: str,
    canteen_max: int,
) -> None:
    """Raise the first rule a contribution breaks for this canteen, if any."""
    if amount_minor < 0:
        raise AmountNegative()
    if currency.upper() != canteen_currency:
        raise WrongCurrency(currency=canteen_currency)
    if amount_minor > canteen_max:
        raise AmountOutOfRange(max_minor=canteen_max, currency=canteen_currency)
    if method not in METHODS:
        raise InvalidInput()
    if method in ZERO_METHODS and amount_minor != 0:
        raise MethodAmountMismatch()
    if pay_forward and (method not in PAYING_METHODS or amount_minor <= 0):
        raise PayForwardNeedsAmount()
    if not 0 <= pay_forward <= MAX_PAY_FORWARD:
        raise ValueOutOfRange()


def is_plain(amount_minor: int, method: str, pay_forward: int) -> bool:
    """No credit moves, and every rule that does not depend on the canteen holds: what is left
    (the canteen's currency and maximum, an open service) the fast path checks in SQL."""
    return (
        pay_forward == 0
        and method in METHODS
        and method != CREDIT
        and amount_minor >= 0
        and (method not in ZERO_METHODS or amount_minor == 0)
    )


def contribution_from_choice(
    choice: str, custom_minor: int | None, chosen_minor: int | None, method: str, forward: str
) -> Choice:
    """The pay page's buttons into a contribution: 'nothing' and 'credit' are zero; otherwise
    the amount typed (custom) or tapped (chosen), with a paying method. An unknown method is
    refused."""
    if choice in ZERO_METHODS:
        return Choice(0, choice, 0)
    amount = custom_minor if custom_minor is not None else chosen_minor
    if amount is None:
        raise AmountNegative(CHOOSE_AMOUNT)
    method = method or DEFAULT_METHOD
    if method not in PAYING_METHODS:
        raise InvalidInput()
    return Choice(amount, method, 1 if forward == "1" else 0)


def check_amount(value: int, limit: int = MAX_AMOUNT_MINOR) -> None:
    """An amount the coordinator enters (groceries, cash float, cash counted)."""
    if value < 0:
        raise AmountNegative()
    if value > limit:
        raise ValueOutOfRange()


def check_covers_expected(value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_COVERS_EXPECTED:
        raise ValueOutOfRange()


def check_checkin(party_size: int, children: int | None) -> None:
    if not 1 <= party_size <= MAX_PARTY:
        raise PartySizeInvalid(max=MAX_PARTY)
    if children is not None and not 0 <= children <= party_size:
        raise ChildrenInvalid()


def check_survey(answers: dict[str, int], asked: list[str]) -> None:
    """At least one answer, each to a question asked, each a smiley."""
    if not answers:
        raise EmptySurvey()
    if any(key not in asked for key in answers):
        raise UnknownQuestion()
    if any(not SURVEY_MIN <= value <= SURVEY_MAX for value in answers.values()):
        raise ValueOutOfRange()


def div_round(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator rounded half away from zero, in integers."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    n, d = abs(numerator), abs(denominator)
    return sign * ((2 * n + d) // (2 * d))


def cost_per_portion(
    groceries_minor: int, covers: int, covers_expected: int | None, closed: bool
) -> int | None:
    """Groceries ÷ portions: the covers served, or the covers expected while few have come."""
    portions = covers if closed else max(covers, covers_expected or 0)
    if portions <= 0 or groceries_minor <= 0:
        return None
    return div_round(groceries_minor, portions)


def average_per_cover(takings_minor: int, covers: int) -> int | None:
    return div_round(takings_minor, covers) if covers else None


def _ladder(decimals: int) -> list[int]:
    """Amounts a person can hand over (1, 2, 3, 5 times a power of ten), in minor units."""
    values = {
        step * 10**power
        for power in range(decimals - 2, decimals + 8)
        for step in NICE_STEPS
        if power >= 0
    }
    return sorted(values)


def quick_amounts(
    cost_per_portion_minor: int | None, decimals: int, most_minor: int | None = None
) -> list[int]:
    """Four amounts around the real cost of a portion: two below it, one at it, one above.

    Rounded to what coins and notes make (`decimals`: the currency's, 0 for XOF), never above
    the most the canteen accepts at once.
    """
    if cost_per_portion_minor and cost_per_portion_minor > 0:
        cost = cost_per_portion_minor
    else:  # no cost known yet: a typical meal in this currency
        cost = 500 if decimals == 0 else 3 * 10**decimals
    ladder = [v for v in _ladder(decimals) if most_minor is None or v <= most_minor]
    at_cost = next((i for i, value in enumerate(ladder) if value >= cost), len(ladder) - 1)
    start = max(0, min(at_cost - 2, len(ladder) - 4))
    return ladder[start : start + 4]
