"""Networks, their canteens, and the tablets paired with them."""

from piccolo.columns import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class Network(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    name = Varchar(length=200)
    slug = Varchar(length=80, unique=True)
    default_language = Varchar(length=8, default="fr")


class Canteen(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    network = ForeignKey(references=Network, null=True)
    slug = Varchar(length=80, unique=True)
    name = Varchar(length=200)
    city = Varchar(length=120)
    neighbourhood = Varchar(length=120, default="")
    country = Varchar(length=2, default="FR")
    latitude = Float(null=True, default=None)
    longitude = Float(null=True, default=None)
    timezone = Varchar(length=64, default="Europe/Paris")
    currency = Varchar(length=3, default="EUR")
    # Comma-separated language codes, the first is the canteen's default.
    languages = Varchar(length=64, default="fr,en")
    max_contribution_minor = Integer(default=10000)
    coordinator_pin_hash = Text(default="")
    opened_on = Timestamptz(null=True, default=None)
    active = Boolean(default=True)


class KioskDevice(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False)
    name = Varchar(length=120, default="")
    token_hash = Varchar(length=64, unique=True)
    client_id = Varchar(length=64, null=True, default=None, unique=True)
    created_at = Timestamptz()
    last_seen_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    # Raised on every tablet of the canteen when its coordinator PIN changes; a coordinator
    # session carries the value it was opened with, so the old PIN's sessions end at once.
    pin_generation = Integer(default=0)


class PairingCode(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False)
    code_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    device = ForeignKey(references=KioskDevice, null=True, default=None)
