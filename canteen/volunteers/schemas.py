"""What goes in and out of the volunteers' domain."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from canteen.network.schemas import ClientId
from canteen.volunteers.rules import MAX_PLACES, MIN_PLACES

Kind = Literal["prep", "cooking", "service", "washing_up"]  # rules.KINDS
ClockTime = Annotated[str, msgspec.Meta(pattern=r"^\d{1,2}:\d{2}$")]
Places = Annotated[int, msgspec.Meta(ge=MIN_PLACES, le=MAX_PLACES)]


class PatternIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    weekday: Annotated[int, msgspec.Meta(ge=0, le=6)]  # Monday = 0
    kind: Kind
    starts: ClockTime  # local time, "9:00"
    ends: ClockTime
    places: Places


class ShiftChangeIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    starts: ClockTime
    ends: ClockTime
    places: Places


class ShiftAddIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    date: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    kind: Kind
    starts: ClockTime
    ends: ClockTime
    places: Places


class SignUpIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A place on a shift. With a valid volunteer_token the place goes to that volunteer and
    the name and contact fields are not needed."""

    id: ClientId
    first_name: Annotated[str, msgspec.Meta(max_length=200)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=40)] = ""
    email: Annotated[str, msgspec.Meta(max_length=254)] = ""
    contact_consent: bool = False
    waiting_list: bool = False  # join the waiting list when the shift is full
    volunteer_token: Annotated[str, msgspec.Meta(max_length=100)] | None = None


class PatternOut(msgspec.Struct, kw_only=True):
    id: int
    weekday: int
    kind: str
    starts: str
    ends: str
    places: int


class ShiftOut(msgspec.Struct, kw_only=True):
    id: int
    canteen_id: int
    date: str  # the canteen's local date
    kind: str
    kind_label: str
    starts: str  # local time, "09:00"
    ends: str
    starts_at: str  # UTC, ISO 8601
    ends_at: str
    places: int
    taken: int
    waiting: int
    cancelled: bool
    places_left: int  # rules.places_left: what the pages and the API show, computed once
    full: bool  # rules.is_full: no place left (the waiting list is offered)


class ShiftBrief(msgspec.Struct, kw_only=True):
    id: int
    date: str
    kind: str
    kind_label: str
    starts: str
    ends: str
    starts_at: str  # UTC, ISO 8601
    ends_at: str
    cancelled: bool


class SignUpOut(msgspec.Struct, kw_only=True):
    id: str  # the client's id
    sign_up_id: int
    status: str  # confirmed | waiting
    waiting_position: int | None
    shift: ShiftBrief
    first_name: str
    token: str  # the volunteer's private link token: keep it, it is shown once
    link: str  # path of the private page
    calendar: str  # path of the iCal feed
    # Made at a tablet for a place that was gone when it reached the server: on the waiting list.
    arrived_full: bool = False


class PlaceOut(msgspec.Struct, kw_only=True):
    sign_up_id: int
    status: str  # confirmed | waiting | cancelled
    waiting_position: int | None
    promoted: bool  # moved up from the waiting list
    cancelled_by: str
    shift: ShiftBrief


class MyPlacesOut(msgspec.Struct, kw_only=True):
    first_name: str
    canteen_slug: str
    canteen_name: str
    has_contact: bool
    link_expires_at: str
    places: list[PlaceOut]


class MonthHours(msgspec.Struct, kw_only=True):
    month: str  # YYYY-MM
    places: int  # places on shifts that took place where the volunteer came
    minutes: int


class CooksOut(msgspec.Struct, kw_only=True):
    shift: ShiftOut
    names: list[str]
    waiting: list[str]
    # Of those waiting: who signed up at the tablet (offline) for a place gone meanwhile.
    arrived_full: list[str] = msgspec.field(default_factory=list)


class VolunteerRow(msgspec.Struct, kw_only=True):
    id: int
    first_name: str
    phone: str
    email: str
    contact_consent: bool
    coming: int  # places held on coming shifts
    done: int  # shifts done: attendance confirmed ("came")
    needs_approval: bool = False


class ReminderOut(msgspec.Struct, kw_only=True):
    sign_up_id: int
    first_name: str
    phone: str
    email: str
    shift: ShiftBrief


class ReminderReport(msgspec.Struct, kw_only=True):
    sent: int
    by_hand: int
    failed: int


class CoverOut(msgspec.Struct, kw_only=True):
    """An open cover request: a place given up close to its shift, to take in one tap."""

    id: int
    shift: ShiftBrief


class AttendeeOut(msgspec.Struct, kw_only=True):
    sign_up_id: int
    first_name: str  # "—" once the volunteer was erased
    attendance: str  # "" (not recorded yet) | came | excused | not_excused


class DoneOut(msgspec.Struct, kw_only=True):
    """What a volunteer's attendance, as confirmed by the coordinator, proves."""

    shifts: int
    minutes: int
    first: str | None  # ISO date of the first shift done
    last: str | None
    kinds: dict[str, int] = msgspec.field(default_factory=dict)  # task -> shifts done


class AbsenceAlert(msgspec.Struct, kw_only=True):
    volunteer_id: int
    first_name: str
    in_a_row: int
    needs_approval: bool


class PendingOut(msgspec.Struct, kw_only=True):
    sign_up_id: int
    first_name: str
    shift: ShiftBrief
