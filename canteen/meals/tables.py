"""One day's shared meal and what diners leave of it: anonymous counts, money, answers.

Check-ins, contributions and survey responses carry no identity, no time finer than the
service's date, and a random id: they cannot be linked to each other or to a person.
"""

from piccolo.columns import (
    UUID,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from canteen.network.tables import Canteen


class MealService(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    date = Date()
    menu = Text(default="")
    groceries_minor = Integer(default=0)
    covers_expected = Integer(null=True, default=None)
    cash_float_minor = Integer(default=0)
    status = Varchar(length=16, default="open")  # open | closed
    opened_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    counted_cash_minor = Integer(null=True, default=None)
    client_id = Varchar(length=64, null=True, default=None, unique=True)
    body_hash = Varchar(length=64, default="")
    close_client_id = Varchar(length=64, null=True, default=None, unique=True)
    close_body_hash = Varchar(length=64, default="")


class CheckIn(Table):
    id = UUID(primary_key=True)
    service = ForeignKey(references=MealService, null=False, index=True)
    party_size = Integer()
    children = Integer(null=True, default=None)
    first_visit = Boolean(null=True, default=None)
    body_hash = Varchar(length=64)


class Contribution(Table):
    id = UUID(primary_key=True)
    service = ForeignKey(references=MealService, null=False, index=True)
    amount_minor = Integer()
    currency = Varchar(length=3)
    # cash | card | voucher | credit (a paid-forward meal used) | nothing
    method = Varchar(length=16)
    # Meals paid forward for strangers within this contribution.
    pay_forward = Integer(default=0)
    body_hash = Varchar(length=64)


class PayForwardCredit(Table):
    """A canteen's pool of meals paid in advance for strangers ('repas suspendus')."""

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, unique=True)
    available = Integer(default=0)
    given = Integer(default=0)
    used = Integer(default=0)


class SurveyQuestion(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    key = Varchar(length=40, unique=True)
    position = Integer(default=0)
    active = Boolean(default=True)


class SurveyResponse(Table):
    id = UUID(primary_key=True)
    service = ForeignKey(references=MealService, null=False, index=True)
    body_hash = Varchar(length=64)


class SurveyAnswer(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    response = ForeignKey(references=SurveyResponse, null=False, index=True)
    question_key = Varchar(length=40)
    value = Integer()  # 1 (sad face) … 4 (big smile)
