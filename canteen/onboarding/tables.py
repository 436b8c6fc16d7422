"""Canteen projects, their founders, stage moves, checklist ticks and contact log."""

from piccolo.columns import (
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
from canteen.network.tables import Canteen, Network


class CanteenProject(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    network = ForeignKey(references=Network, null=True, default=None)
    name = Varchar(length=200)
    city = Varchar(length=120)
    country = Varchar(length=2, default="FR")
    latitude = Float(null=True, default=None)
    longitude = Float(null=True, default=None)
    timezone = Varchar(length=64, default="Europe/Paris")
    currency = Varchar(length=3, default="EUR")
    # Comma-separated language codes, the first is the project's main language.
    languages = Varchar(length=64, default="fr")
    premises = Varchar(length=32, default="community_centre")
    area = Varchar(length=16, default="urban")
    expected_covers = Integer(default=30)
    model = Varchar(length=16, default="cook_together")
    stage = Varchar(length=32, default="contact")
    stage_since = Timestamptz()
    paused_stage = Varchar(length=32, default="")  # where a dormant project stopped
    followup_weeks = Integer(default=6)
    last_contact_on = Date(null=True, default=None)
    canteen = ForeignKey(references=Canteen, null=True, default=None)
    notes = Text(default="")
    created_at = Timestamptz()
    created_by = ForeignKey(references=Account, null=True, default=None)


class ProjectFounder(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    project = ForeignKey(references=CanteenProject, null=False)
    name = Varchar(length=120)
    email = Varchar(length=254, default="")
    phone = Varchar(length=40, default="")
    role = Varchar(length=120, default="")
    created_at = Timestamptz()


class StageMove(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    project = ForeignKey(references=CanteenProject, null=False)
    from_stage = Varchar(length=32, default="")
    to_stage = Varchar(length=32)
    moved_at = Timestamptz()
    moved_by = ForeignKey(references=Account, null=True, default=None)
    note = Text(default="")


class ChecklistTick(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    project = ForeignKey(references=CanteenProject, null=False)
    item = Varchar(length=64)
    ticked_at = Timestamptz()
    ticked_by = ForeignKey(references=Account, null=True, default=None)


class ProjectContact(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    project = ForeignKey(references=CanteenProject, null=False)
    contacted_on = Date()
    channel = Varchar(length=16)
    notes = Text(default="")
    recorded_by = ForeignKey(references=Account, null=True, default=None)
    created_at = Timestamptz()
