"""The volunteers' rules, without a database: each boundary and each branch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from canteen.volunteers import errors, rules

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _shift(**fields: object) -> dict[str, object]:
    return {"canteen": 1, "cancelled_at": None, "ends_at": NOON + timedelta(hours=2)} | fields


# --- places and the waiting list ---


@pytest.mark.parametrize(
    ("places", "taken", "left", "full"),
    [(3, 0, 3, False), (3, 2, 1, False), (3, 3, 0, True), (2, 3, 0, True), (1, 0, 1, False)],
)
def test_places_left_and_full(places: int, taken: int, left: int, full: bool) -> None:
    assert rules.places_left(places, taken) == left
    assert rules.is_full(places, taken) is full


def test_a_place_is_confirmed_while_one_is_left_whatever_was_asked() -> None:
    for waiting_list in (False, True):
        for wait_if_full in (False, True):
            place = rules.placement(3, 2, waiting_list=waiting_list, wait_if_full=wait_if_full)
            assert place == ("confirmed", False)


def test_a_full_shift_refuses_offers_or_queues() -> None:
    assert rules.placement(3, 3, waiting_list=False, wait_if_full=False) is None
    assert rules.placement(3, 3, waiting_list=True, wait_if_full=False) == ("waiting", False)
    # A tablet's sign-up that found the shift full meanwhile: waiting, and marked so.
    assert rules.placement(3, 3, waiting_list=False, wait_if_full=True) == ("waiting", True)
    assert rules.placement(3, 3, waiting_list=True, wait_if_full=True) == ("waiting", False)


def _waiting(id_: int, minute: int) -> dict[str, object]:
    return {"id": id_, "status": "waiting", "created_at": NOON + timedelta(minutes=minute)}


def test_the_first_signed_up_is_first_in_line_then_the_lower_id() -> None:
    line = [_waiting(7, 5), _waiting(4, 1), _waiting(9, 1), _waiting(2, 3)]
    assert [row["id"] for row in rules.in_line(line)] == [4, 9, 2, 7]
    assert rules.waiting_position(line[1], line) == 1
    assert rules.waiting_position(line[2], line) == 2
    assert rules.waiting_position(line[0], line) == 4
    assert rules.waiting_position({**line[0], "status": "confirmed"}, line) is None


def test_free_places_go_to_the_first_in_line_only() -> None:
    line = [_waiting(7, 5), _waiting(4, 1), _waiting(2, 3)]
    assert rules.first_in_line(line, places=5, taken=3) == [4, 2]
    assert rules.first_in_line(line, places=5, taken=0) == [4, 2, 7]
    assert rules.first_in_line(line, places=3, taken=3) == []
    assert rules.first_in_line(line, places=2, taken=3) == []
    assert rules.first_in_line([], places=3, taken=0) == []


def test_places_cannot_drop_below_those_taken() -> None:
    rules.check_places_cover_taken(3, 3)
    with pytest.raises(errors.PlacesBelowTaken) as below:
        rules.check_places_cover_taken(2, 3)
    assert below.value.params == {"taken": 3}


@pytest.mark.parametrize(("places", "valid"), [(0, False), (1, True), (60, True), (61, False)])
def test_a_shift_offers_1_to_60_places(places: int, valid: bool) -> None:
    assert rules.places_valid(places) is valid
    assert rules.places_valid(None) is False


# --- a shift's state ---


def test_a_shift_is_open_until_it_ends_and_unless_cancelled() -> None:
    rules.check_open(_shift(), NOON)
    with pytest.raises(errors.ShiftOver):
        rules.check_open(_shift(ends_at=NOON), NOON)  # ending now is over
    with pytest.raises(errors.ShiftCancelled):
        rules.check_open(_shift(cancelled_at=NOON), NOON)


def test_a_tablet_signs_up_for_its_own_canteen_only() -> None:
    rules.check_signable(_shift(), None, NOON)
    rules.check_signable(_shift(), 1, NOON)
    with pytest.raises(errors.ShiftElsewhere):
        rules.check_signable(_shift(), 2, NOON)


def test_a_place_is_cancelled_on_the_link_until_the_shift_starts() -> None:
    rules.check_cancellable(NOON + timedelta(seconds=1), NOON)
    with pytest.raises(errors.CancelTooLate):
        rules.check_cancellable(NOON, NOON)
    assert rules.has_started(NOON, NOON) and not rules.has_started(NOON, NOON - timedelta(1))
    assert rules.is_over(NOON, NOON) and not rules.is_over(NOON, NOON - timedelta(seconds=1))


# --- the private link ---


def test_a_link_lives_60_days_after_the_last_shift() -> None:
    expires = rules.link_expiry(NOON)
    assert expires == NOON + timedelta(days=60)
    assert rules.link_alive(expires, expires)
    assert not rules.link_alive(expires, expires + timedelta(seconds=1))


def test_the_token_is_stable_per_nonce_and_secret_and_fits_an_address() -> None:
    token = rules.link_token("secret", "nonce")
    assert token == rules.link_token("secret", "nonce")
    assert token != rules.link_token("other", "nonce") != rules.link_token("secret", "other")
    assert "=" not in token and len(token) == 43
    assert rules.link_path(token) == f"/my/{token}"
    assert rules.calendar_path(token) == f"/my/{token}/calendar.ics"
    assert rules.token_well_formed(token)
    assert not rules.token_well_formed("") and not rules.token_well_formed(None)
    assert rules.token_well_formed("x" * 100) and not rules.token_well_formed("x" * 101)


# --- what a volunteer types ---


NAMES = ["Amina", "Jean-Luc", "O’Brien", "St. Ex", "Zoë", "أمينة", "A" * 40]


@pytest.mark.parametrize("name", NAMES)
def test_first_names_of_every_script_are_kept(name: str) -> None:
    assert rules.clean_first_name(f"  {name} ") == name


@pytest.mark.parametrize("name", ["", "   ", "A" * 41, "06 12 34 56", "a@b.org", "<b>", "--"])
def test_what_is_not_a_first_name_is_refused(name: str) -> None:
    with pytest.raises(errors.FirstNameInvalid):
        rules.clean_first_name(name)


def test_phones_and_e_mails() -> None:
    assert rules.clean_phone("  ") == ""
    assert rules.clean_phone("+33 6 12  34 56 78") == "+33 6 12 34 56 78"
    assert rules.clean_phone("123456") == "123456"  # 6 digits: the fewest
    for bad in ("12345", "1" * 16, "06-12+34", "06 12 34 ab"):
        with pytest.raises(errors.PhoneInvalid):
            rules.clean_phone(bad)
    assert rules.clean_email(" amina@example.org ") == "amina@example.org"
    assert rules.clean_email("") == ""
    for bad in ("amina", "amina@example", "a b@example.org", "x@" + "a" * 250 + ".org"):
        with pytest.raises(errors.EmailInvalid):
            rules.clean_email(bad)


def test_contact_details_need_consent() -> None:
    assert rules.clean_contact("Amina", "", "", False) == ("Amina", "", "", False)
    assert rules.clean_contact("Amina", "", "", True) == ("Amina", "", "", False)
    assert rules.clean_contact("Amina", "0612345678", "", True) == (
        "Amina",
        "0612345678",
        "",
        True,
    )
    with pytest.raises(errors.ConsentRequired):
        rules.clean_contact("Amina", "", "amina@example.org", False)


# --- times and days ---


def test_clock_times() -> None:
    assert rules.parse_clock("9:00") == 540 and rules.parse_clock("23:59") == 1439
    for bad in ("24:00", "9:60", "9", "9:0", "nine", "-1:00"):
        with pytest.raises(errors.TimesInvalid):
            rules.parse_clock(bad)
    assert rules.clock(540) == "09:00"
    assert rules.window("9:00", "12:30") == (540, 750)
    with pytest.raises(errors.TimesInvalid):
        rules.window("12:00", "12:00")


def test_a_local_time_becomes_the_right_utc_instant() -> None:
    winter = rules.moment(date(2026, 1, 15), 540, "Europe/Paris")
    summer = rules.moment(date(2026, 7, 15), 540, "Europe/Paris")
    assert (winter.hour, summer.hour) == (8, 7)
    assert rules.local_clock(summer, "Europe/Paris") == "09:00"
    assert rules.shift_minutes(winter, winter + timedelta(hours=3, minutes=30)) == 210


def test_a_shift_is_added_today_or_later() -> None:
    today = date(2026, 3, 10)
    assert rules.new_shift_day("2026-03-10", today) == today
    for bad in ("2026-03-09", "2026-02-30", "soon"):
        with pytest.raises(errors.DayOver):
            rules.new_shift_day(bad, today)


# --- weekly patterns and reminders ---


def test_generation_covers_whole_weeks_of_1_to_26() -> None:
    rules.check_weeks(1)
    rules.check_weeks(26)
    for bad in (0, 27):
        with pytest.raises(errors.WeeksOutOfRange):
            rules.check_weeks(bad)
    days = rules.generation_days(date(2026, 3, 10), 2)
    assert len(days) == 14 and days[0] == date(2026, 3, 10) and days[-1] == date(2026, 3, 23)


def test_each_pattern_line_gets_its_weekdays_once() -> None:
    tuesday, wednesday = {"id": 1, "weekday": 1}, {"id": 2, "weekday": 2}
    days = rules.generation_days(date(2026, 3, 9), 2)  # a Monday
    made = rules.shifts_to_make([tuesday, wednesday], days, {(1, date(2026, 3, 10))})
    assert [(line["id"], day.isoformat()) for line, day in made] == [
        (2, "2026-03-11"),
        (1, "2026-03-17"),
        (2, "2026-03-18"),
    ]


def test_reminders_are_for_tomorrow_and_by_hand_without_smtp_or_e_mail() -> None:
    assert rules.reminder_day(date(2026, 12, 31)) == date(2027, 1, 1)
    assert rules.reminded_by_hand(False, "amina@example.org")
    assert rules.reminded_by_hand(True, "")
    assert not rules.reminded_by_hand(True, "amina@example.org")


def test_kinds() -> None:
    assert all(rules.is_kind(kind) for kind in rules.KINDS)
    assert not rules.is_kind("dancing") and not rules.is_kind(None)
    assert set(rules.KIND_LABELS) == set(rules.KINDS)


def test_absences_in_a_row_skip_unrecorded_shifts_and_stop_at_the_last_time_they_came() -> None:
    assert rules.unexcused_in_a_row(["not_excused", "", "not_excused", "came"]) == 2
    assert rules.unexcused_in_a_row(["not_excused", "excused", "not_excused"]) == 1
    assert rules.tell_coordinator(["not_excused", "not_excused"])
    assert not rules.tell_coordinator(["not_excused", "came", "not_excused"])
    assert rules.attendance_of(True, "not_excused") == "came"
    assert rules.attendance_of(False, "") == "excused"  # kindly, when nothing was chosen
    assert rules.attendance_of(False, "drop table") == "excused"


def test_a_place_given_up_within_48_hours_is_a_cover_request() -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    assert rules.is_late(now + timedelta(hours=48), now)
    assert not rules.is_late(now + timedelta(hours=48, minutes=1), now)
    shift = {"cancelled_at": None, "starts_at": now + timedelta(hours=5), "places": 2}
    assert rules.cover_open(None, shift, 1, now)
    assert not rules.cover_open(now, shift, 1, now)  # taken already
    assert not rules.cover_open(None, shift, 2, now)  # the place went another way
    assert rules.held_status(True) == "pending" and rules.held_status(False) == "confirmed"
