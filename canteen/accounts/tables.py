"""Accounts and their server-side sessions (held in the database, so every worker sees them)."""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from canteen.network.tables import Canteen


class Account(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    email = Varchar(length=254, unique=True)  # stored lower-cased
    name = Varchar(length=120, default="")
    password_hash = Varchar(length=255, default="", secret=True)
    role = Varchar(length=16, default="coordinator")  # "staff" or "coordinator"
    canteen = ForeignKey(references=Canteen, null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)
    failed_logins = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)


class AccountSession(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    account = ForeignKey(references=Account, null=False)
    token_hash = Varchar(length=64, unique=True, secret=True)
    created_at = Timestamptz()
    last_seen_at = Timestamptz()
    expires_at = Timestamptz()  # the maximum lifetime, however active the session
    revoked_at = Timestamptz(null=True, default=None)
