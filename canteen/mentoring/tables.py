"""Mentors, match runs and their proposals, staff decisions, mentoring relationships."""

from piccolo.columns import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from canteen.accounts.tables import Account
from canteen.network.tables import Canteen
from canteen.onboarding.tables import CanteenProject


class Mentor(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, unique=True)
    capacity = Integer(default=1)  # projects at once
    languages = Varchar(length=64, default="fr")
    premises = Varchar(length=32, default="community_centre")
    area = Varchar(length=16, default="urban")
    model = Varchar(length=16, default="cook_together")
    typical_covers = Integer(default=30)
    active = Boolean(default=True)  # opted in
    opted_in_at = Timestamptz()
    notes = Text(default="")


class MatchRun(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    created_at = Timestamptz()
    created_by = ForeignKey(references=Account, null=True, default=None)
    total_fit = Integer(default=0)
    seconds = Float(default=0.0)
    unmatched = Text(default="[]")  # JSON: [{"project": id, "reason": key, ...}]


class MatchProposal(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    run = ForeignKey(references=MatchRun, null=False)
    project = ForeignKey(references=CanteenProject, null=False)
    mentor = ForeignKey(references=Mentor, null=False)
    fit = Integer()
    details = Text(default="{}")  # JSON: the parts of the fit, to explain it in words
    pinned = Boolean(default=False)
    status = Varchar(length=16, default="proposed")  # proposed, accepted, rejected, superseded
    decided_at = Timestamptz(null=True, default=None)
    decided_by = ForeignKey(references=Account, null=True, default=None)


class PairDecision(Table):
    """Staff said of a pair: never propose it again (rejected), or keep it (pinned)."""

    id: Serial  # Piccolo adds it; declared for type checkers
    project = ForeignKey(references=CanteenProject, null=False)
    mentor = ForeignKey(references=Mentor, null=False)
    kind = Varchar(length=16)  # rejected, pinned
    decided_at = Timestamptz()
    decided_by = ForeignKey(references=Account, null=True, default=None)


class Mentoring(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    project = ForeignKey(references=CanteenProject, null=False)
    mentor = ForeignKey(references=Mentor, null=False)
    started_at = Timestamptz()
    started_by = ForeignKey(references=Account, null=True, default=None)
    ended_at = Timestamptz(null=True, default=None)


class MentoringContact(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    mentoring = ForeignKey(references=Mentoring, null=False)
    contacted_on = Date()
    channel = Varchar(length=16)
    notes = Text(default="")
    recorded_by = ForeignKey(references=Account, null=True, default=None)
    created_at = Timestamptz()
