"""The volunteers' rules, pure: what a first name or a phone may be, when a shift is full, who
on the waiting list moves up first, how long a private link lives, when reminders are due.

No database, no HTTP, no translation: the services fetch what these decide on, and errors
carry their parameters (the web layer translates them).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from canteen.errors import N_
from canteen.volunteers.errors import (
    AttendanceTooEarly,
    CancelTooLate,
    ConsentRequired,
    DayOver,
    EmailInvalid,
    FirstNameInvalid,
    PhoneInvalid,
    PlacesBelowTaken,
    ShiftCancelled,
    ShiftElsewhere,
    ShiftOver,
    TimesInvalid,
    WeeksOutOfRange,
)

Row = Mapping[str, Any]
Status = Literal["confirmed", "pending", "waiting"]
HOLDING: tuple[str, ...] = ("confirmed", "pending")  # the statuses that hold a place

# A private link works until this long after the volunteer's last shift (then it is refused).
LINK_DAYS_AFTER_LAST_SHIFT = 60
LINK_PREFIX = "/my/"
TOKEN_MAX = 100
FIRST_NAME_MAX = 40
PHONE_MAX = 32
PHONE_DIGITS = (6, 15)
EMAIL_MAX = 254
MIN_PLACES, MAX_PLACES = 1, 60
DEFAULT_WEEKS = 4
MAX_WEEKS = 26
REMINDER_DAYS_BEFORE = 1  # the reminder goes out the day before the shift

KINDS: tuple[str, ...] = ("prep", "cooking", "service", "washing_up")
KIND_LABELS: dict[str, str] = {
    "prep": N_("Prep"),
    "cooking": N_("Cooking"),
    "service": N_("Service"),
    "washing_up": N_("Washing up"),
}

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]{2,}$")
_PHONE_CHARS = set("0123456789+-. ()")
_NAME_MARKS = " -'’."


# --- what a volunteer types --------------------------------------------------------------------


def clean_first_name(value: str) -> str:
    """A first name: 1–40 characters of letters (any script), spaces, hyphens, apostrophes
    and dots, with at least one letter. No digits or '@': a phone or e-mail typed in the
    wrong box is caught, and nothing that could pass for markup is kept."""
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not 1 <= len(name) <= FIRST_NAME_MAX or not any(char.isalpha() for char in name):
        raise FirstNameInvalid()
    for char in name:
        if not (
            char.isalpha() or char in _NAME_MARKS or unicodedata.category(char) in ("Mn", "Mc")
        ):
            raise FirstNameInvalid()
    return name


def clean_phone(value: str) -> str:
    """'' or a phone number: 6 to 15 digits, with spaces, dots, dashes, brackets, a leading +."""
    phone = " ".join(value.split())
    if not phone:
        return ""
    digits = sum(char.isdigit() for char in phone)
    if (
        len(phone) > PHONE_MAX
        or set(phone) - _PHONE_CHARS
        or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]
        or "+" in phone[1:]
    ):
        raise PhoneInvalid()
    return phone


def clean_email(value: str) -> str:
    email = value.strip()
    if not email:
        return ""
    if len(email) > EMAIL_MAX or not _EMAIL.match(email):
        raise EmailInvalid()
    return email


def clean_contact(
    first_name: str, phone: str, email: str, consent: bool
) -> tuple[str, str, str, bool]:
    """(first name, phone, e-mail, consent); contact details only with explicit consent."""
    name = clean_first_name(first_name)
    phone, email = clean_phone(phone), clean_email(email)
    if (phone or email) and not consent:
        raise ConsentRequired()
    return name, phone, email, bool(phone or email) and consent


def is_kind(value: object) -> bool:
    return value in KINDS


def places_valid(places: int | None) -> bool:
    """A shift offers between 1 and 60 places."""
    return places is not None and MIN_PLACES <= places <= MAX_PLACES


# --- the private link --------------------------------------------------------------------------


def link_token(secret: str, nonce: str) -> str:
    """The volunteer's token: an HMAC of their nonce under the server's secret key."""
    digest = hmac.new(secret.encode(), f"tablee.volunteer:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def link_path(token: str) -> str:
    return f"{LINK_PREFIX}{token}"


def calendar_path(token: str) -> str:
    return f"{LINK_PREFIX}{token}/calendar.ics"


def token_well_formed(token: str | None) -> bool:
    return bool(token) and len(token or "") <= TOKEN_MAX


def link_expiry(last_shift_ends_at: datetime) -> datetime:
    """A link lives until LINK_DAYS_AFTER_LAST_SHIFT days after the volunteer's last shift."""
    return last_shift_ends_at + timedelta(days=LINK_DAYS_AFTER_LAST_SHIFT)


def link_alive(expires_at: datetime, now: datetime) -> bool:
    return expires_at >= now


# --- times of day ------------------------------------------------------------------------------


def parse_clock(value: str) -> int:
    """'9:00' -> minutes after midnight."""
    hours, _sep, minutes = value.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise TimesInvalid()
    if int(hours) > 23 or int(minutes) > 59:
        raise TimesInvalid()
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    """Minutes after midnight -> '09:00'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def window(starts: str, ends: str) -> tuple[int, int]:
    """('9:00', '12:00') -> (540, 720): the end after the start."""
    start, end = parse_clock(starts), parse_clock(ends)
    if end <= start:
        raise TimesInvalid()
    return start, end


def moment(day: date, minute: int, timezone: str) -> datetime:
    """A local date and time in the canteen's time zone, as a UTC instant."""
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=ZoneInfo(timezone))
    return local.astimezone(UTC)


def local_clock(instant: datetime, timezone: str) -> str:
    return instant.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def shift_minutes(starts_at: datetime, ends_at: datetime) -> int:
    """A shift's length, for hour counts."""
    return int((ends_at - starts_at).total_seconds() // 60)


def new_shift_day(value: str, today: date) -> date:
    """The date of a shift a coordinator adds: today or later."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise DayOver() from None
    if day < today:
        raise DayOver()
    return day


# --- a shift's state ---------------------------------------------------------------------------


def has_started(starts_at: datetime, now: datetime) -> bool:
    return starts_at <= now


def is_over(ends_at: datetime, now: datetime) -> bool:
    return ends_at <= now


def check_open(shift: Row, now: datetime) -> None:
    """A shift takes sign-ups and changes while it is neither cancelled nor over."""
    if shift["cancelled_at"] is not None:
        raise ShiftCancelled()
    if is_over(shift["ends_at"], now):
        raise ShiftOver()


def check_signable(shift: Row, canteen_id: int | None, now: datetime) -> None:
    """Open, and of this canteen when a canteen is given (a tablet signs up for its own)."""
    if canteen_id is not None and shift["canteen"] != canteen_id:
        raise ShiftElsewhere()
    check_open(shift, now)


def check_cancellable(starts_at: datetime, now: datetime) -> None:
    """A volunteer cancels their place on their link until the shift starts."""
    if has_started(starts_at, now):
        raise CancelTooLate()


# --- places and the waiting list ---------------------------------------------------------------


def places_left(places: int, taken: int) -> int:
    return max(0, places - taken)


def is_full(places: int, taken: int) -> bool:
    return taken >= places


def placement(
    places: int,
    taken: int,
    *,
    waiting_list: bool,
    wait_if_full: bool,
    needs_approval: bool = False,
) -> tuple[Status, bool] | None:
    """Where a sign-up goes: (status, arrived_full), or None when the shift is full and the
    volunteer did not ask for the waiting list (then they are offered it).

    A tablet's sign-up (wait_if_full) that finds the shift full goes on the waiting list,
    marked arrived_full unless the volunteer had asked for the waiting list anyway. A volunteer
    whose sign-ups wait for the coordinator's yes holds the place as pending."""
    if not is_full(places, taken):
        return held_status(needs_approval), False
    if waiting_list or wait_if_full:
        return "waiting", not waiting_list
    return None


def check_places_cover_taken(places: int, taken: int) -> None:
    """A coordinator cannot offer fewer places than volunteers already hold."""
    if places < taken:
        raise PlacesBelowTaken(taken=taken)


def _line_key(row: Row) -> tuple[datetime, int]:
    return row["created_at"], row["id"]


def in_line(waiting: Iterable[Row]) -> list[Row]:
    """The waiting list in its order: first signed up first, then the lower id."""
    return sorted(waiting, key=_line_key)


def waiting_position(row: Row, waiting: Iterable[Row]) -> int | None:
    """1 for the first in line; None for a sign-up that is not waiting."""
    if row["status"] != "waiting":
        return None
    return sum(1 for other in waiting if _line_key(other) < _line_key(row)) + 1


def first_in_line(waiting: Iterable[Row], places: int, taken: int) -> list[int]:
    """The ids of the waiting sign-ups that the free places go to."""
    return [row["id"] for row in in_line(waiting)[: places_left(places, taken)]]


# --- weekly patterns ---------------------------------------------------------------------------


def check_weeks(weeks: int) -> None:
    if not 1 <= weeks <= MAX_WEEKS:
        raise WeeksOutOfRange(max=MAX_WEEKS)


def generation_days(first: date, weeks: int) -> list[date]:
    """The dates a generation run covers: `weeks` whole weeks from `first`."""
    return [first + timedelta(days=n) for n in range(7 * weeks)]


def shifts_to_make(
    patterns: Iterable[Row], days: Iterable[date], existing: set[tuple[int, date]]
) -> list[tuple[Row, date]]:
    """(pattern line, date) for each date of its weekday that has no shift of it yet."""
    lines = list(patterns)
    return [
        (line, day)
        for day in days
        for line in lines
        if line["weekday"] == day.weekday() and (line["id"], day) not in existing
    ]


# --- reminders ---------------------------------------------------------------------------------


def reminder_day(today: date) -> date:
    """The shifts whose reminders are due today: tomorrow's."""
    return today + timedelta(days=REMINDER_DAYS_BEFORE)


def reminded_by_hand(smtp_configured: bool, email: str) -> bool:
    """Without SMTP, or for a volunteer who left no e-mail, a person gives the reminder."""
    return not smtp_configured or not email


# --- attendance, "I can't come", cover requests --------------------------------------------

ATTENDANCE: tuple[str, ...] = ("came", "excused", "not_excused")
ABSENCES: tuple[str, ...] = ("excused", "not_excused")
UNEXCUSED_IN_A_ROW_TO_TELL = 2  # then the coordinator is told (never an automatic ban)
COVER_WINDOW_HOURS = 48  # a place given up closer to its shift becomes a cover request


def held_status(needs_approval: bool) -> Status:
    """A place taken by a volunteer whose sign-ups wait for a yes is pending, else confirmed."""
    return "pending" if needs_approval else "confirmed"


def is_late(starts_at: datetime, now: datetime) -> bool:
    """A place given up within COVER_WINDOW_HOURS of its shift: a cover request, not a plain
    cancellation (the waiting list may have made other plans by now: they are asked, not
    moved up)."""
    return starts_at - now <= timedelta(hours=COVER_WINDOW_HOURS)


def check_attendance_time(starts_at: datetime, now: datetime) -> None:
    """Who came is recorded (and corrected) once the shift has started."""
    if not has_started(starts_at, now):
        raise AttendanceTooEarly()


def attendance_of(came: bool, absence: str) -> str:
    """Ticked: came. Not ticked: the absence chosen, excused when none was (kindly)."""
    if came:
        return "came"
    return absence if absence in ABSENCES else "excused"


def unexcused_in_a_row(attendances: Iterable[str]) -> int:
    """Unexcused absences in a row, the most recent first; shifts not yet recorded are skipped."""
    count = 0
    for attendance in attendances:
        if not attendance:
            continue
        if attendance != "not_excused":
            break
        count += 1
    return count


def tell_coordinator(attendances: Iterable[str]) -> bool:
    return unexcused_in_a_row(attendances) >= UNEXCUSED_IN_A_ROW_TO_TELL


def cover_open(taken_at: datetime | None, shift: Row, held: int, now: datetime) -> bool:
    """A cover request can be taken while nobody took it, the shift has a free place, and the
    shift is neither cancelled nor started."""
    return (
        taken_at is None
        and shift["cancelled_at"] is None
        and not has_started(shift["starts_at"], now)
        and not is_full(shift["places"], held)
    )
