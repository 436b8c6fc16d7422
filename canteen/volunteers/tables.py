"""Shift patterns, the shifts made from them, volunteers and their sign-ups.

A volunteer has no account: a first name, an optional way to be reached (only with consent),
and a private link whose token is stored as a hash. Erasing a volunteer deletes that row and
leaves their past sign-ups without a name, so the canteen's hour counts stay right.
"""

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from canteen.network.tables import Canteen


class ShiftPattern(Table):
    """One line of a canteen's weekly pattern: e.g. Tuesdays, cooking 9:00–12:00, 6 places."""

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    weekday = Integer()  # Monday = 0
    kind = Varchar(length=16)  # prep | cooking | service | washing_up
    start_minute = Integer()  # minutes after local midnight
    end_minute = Integer()
    places = Integer()
    active = Boolean(default=True)
    created_at = Timestamptz()


class Shift(Table):
    """A task window on one local date; made from a pattern, or added by a coordinator."""

    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    pattern = ForeignKey(
        references=ShiftPattern, null=True, default=None, on_delete=OnDelete.set_null
    )
    date = Date()  # the canteen's local date
    kind = Varchar(length=16)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    minutes = Integer()  # length of the shift, for hour counts
    places = Integer()
    edited = Boolean(default=False)  # changed by a coordinator for this date
    cancelled_at = Timestamptz(null=True, default=None)


class Volunteer(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    canteen = ForeignKey(references=Canteen, null=False, index=True)
    first_name = Varchar(length=60)
    phone = Varchar(length=32, default="")
    email = Varchar(length=254, default="")
    contact_consent = Boolean(default=False)
    consent_at = Timestamptz(null=True, default=None)
    language = Varchar(length=8, default="fr")
    # The private link's token is an HMAC of this nonce under the server's secret key;
    # only the token's SHA-256 is stored, so a copy of the database alone opens no link.
    nonce = Varchar(length=64)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    link_expires_at = Timestamptz()
    # Asked by the coordinator (after absences): this volunteer's next sign-ups wait for a yes.
    needs_approval = Boolean(default=False)


class SignUp(Table):
    """A volunteer taking a place on a shift (or waiting for one)."""

    id: Serial  # Piccolo adds it; declared for type checkers
    shift = ForeignKey(references=Shift, null=False, index=True)
    volunteer = ForeignKey(
        references=Volunteer, null=True, default=None, index=True, on_delete=OnDelete.set_null
    )
    status = Varchar(length=16)  # confirmed | pending (holds a place, awaits a yes) | waiting
    #                              | cancelled
    created_at = Timestamptz()
    promoted_at = Timestamptz(null=True, default=None)
    promotion_mailed_at = Timestamptz(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)
    cancelled_by = Varchar(length=16, default="")  # volunteer | canteen | erasure
    reminded_at = Timestamptz(null=True, default=None)
    reminded_by = Varchar(length=8, default="")  # email | hand
    client_id = Varchar(length=64, null=True, default=None, unique=True)
    body_hash = Varchar(length=64, default="")
    # Taken at a tablet (often offline) for a place that was gone when it reached the server:
    # put on the waiting list instead, and shown so to the coordinator.
    arrived_full = Boolean(default=False)
    # Given up within rules.COVER_WINDOW_HOURS of the shift: shown to the coordinator.
    cancelled_late = Boolean(default=False)
    # Recorded by the coordinator after the shift: "" (not yet) | came | excused | not_excused
    attendance = Varchar(length=16, default="")
    attendance_at = Timestamptz(null=True, default=None)


class CoverRequest(Table):
    """A place given up close to its shift, offered to others until one takes it."""

    id: Serial  # Piccolo adds it; declared for type checkers
    shift = ForeignKey(references=Shift, null=False, index=True)
    given_up = ForeignKey(references=SignUp, null=True, default=None, on_delete=OnDelete.set_null)
    opened_at = Timestamptz()
    taken_by = ForeignKey(references=SignUp, null=True, default=None, on_delete=OnDelete.set_null)
    taken_at = Timestamptz(null=True, default=None)
    mailed_at = Timestamptz(null=True, default=None)
