"""Shifts, sign-ups, the waiting list and erasure, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from canteen.errors import IdempotencyConflict, NotFound
from canteen.volunteers import errors, patterns, personal_data, queries, reports, services, shifts
from canteen.volunteers.schemas import PatternIn, ShiftChangeIn
from canteen.volunteers.tables import Shift, SignUp, Volunteer
from tests.canteen.volunteers.factories import (
    SECRET,
    local_today,
    make_shift,
    make_volunteer_canteen,
    noon_timezone,
    sign_up,
    sign_up_in,
    sign_up_in_the_past,
)


async def test_a_weekly_pattern_makes_the_coming_weeks_once(db: str) -> None:
    canteen = await make_volunteer_canteen()
    today = local_today(noon_timezone())
    weekday = (today + timedelta(days=1)).weekday()
    await patterns.add_pattern(
        canteen, PatternIn(weekday=weekday, kind="cooking", starts="9:00", ends="12:00", places=6)
    )
    await patterns.add_pattern(
        canteen, PatternIn(weekday=weekday, kind="service", starts="12:00", ends="14:00", places=3)
    )
    rows = await Shift.select().where(Shift.canteen == canteen).order_by(Shift.starts_at)
    assert len(rows) == 8  # two a week, four weeks
    assert {row["date"].weekday() for row in rows} == {weekday}
    assert await patterns.generate_shifts(canteen, 4) == 0
    assert await patterns.generate_shifts(canteen, 6) == 4
    coming = await shifts.coming_shifts(canteen, days=7)
    assert [(s.kind, s.starts, s.ends, s.places) for s in coming] == [
        ("cooking", "09:00", "12:00", 6),
        ("service", "12:00", "14:00", 3),
    ]


async def test_a_coordinator_changes_adds_and_cancels_a_shift_on_one_day(db: str) -> None:
    canteen = await make_volunteer_canteen()
    today = local_today(noon_timezone())
    tomorrow = today + timedelta(days=1)
    await patterns.add_pattern(
        canteen,
        PatternIn(
            weekday=tomorrow.weekday(), kind="cooking", starts="9:00", ends="12:00", places=2
        ),
    )
    cooking = (await shifts.shifts_on(canteen, tomorrow))[0]
    await sign_up(cooking.id, "Amina")
    await sign_up(cooking.id, "Bilal")
    waiting = await sign_up(cooking.id, "Chloé", waiting_list=True)
    with pytest.raises(errors.PlacesBelowTaken):
        await shifts.change_shift(
            canteen, cooking.id, ShiftChangeIn(starts="9:00", ends="12:00", places=1)
        )
    promoted = await shifts.change_shift(
        canteen, cooking.id, ShiftChangeIn(starts="8:30", ends="12:00", places=3)
    )
    assert promoted == [waiting.sign_up_id]
    changed = (await shifts.shifts_on(canteen, tomorrow))[0]
    assert (changed.starts, changed.places, changed.taken) == ("08:30", 3, 3)

    from canteen.volunteers.schemas import ShiftAddIn

    extra = await shifts.add_shift(
        canteen,
        ShiftAddIn(
            date=tomorrow.isoformat(), kind="washing_up", starts="14:00", ends="15:00", places=3
        ),
    )
    assert [s.kind for s in await shifts.shifts_on(canteen, tomorrow)] == ["cooking", "washing_up"]
    assert await shifts.cancel_shift(canteen, cooking.id) == 3
    places = await queries.my_places(waiting.token)
    assert places.places[0].status == "cancelled" and places.places[0].cancelled_by == "canteen"
    assert await patterns.generate_shifts(canteen, 4) == 0  # the cancelled day is not made again
    with pytest.raises(errors.ShiftCancelled):
        await sign_up(cooking.id, "Dana")
    assert (await sign_up(extra.id, "Dana")).status == "confirmed"


async def test_sign_up_gives_a_private_link_and_a_replay_the_same_answer(db: str) -> None:
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, places=3)
    data = sign_up_in("  Zoë  Marie ", email="zoe@example.org", phone="", contact_consent=True)
    first = await services.sign_up(shift, data, secret=SECRET)
    replay = await services.sign_up(shift, data, secret=SECRET)
    assert first == replay
    assert first.status == "confirmed" and first.first_name == "Zoë Marie"
    assert first.link == f"/my/{first.token}" and len(first.token) >= 40
    volunteer = await Volunteer.select().first()
    assert volunteer is not None and first.token not in str(volunteer.values())
    assert volunteer["email"] == "zoe@example.org" and volunteer["contact_consent"]
    other = sign_up_in("Zoë", id=data.id)
    with pytest.raises(IdempotencyConflict):
        await services.sign_up(shift, other, secret=SECRET)
    mine = await queries.my_places(first.token)
    assert [p.shift.id for p in mine.places] == [shift]
    with pytest.raises(errors.LinkInvalid):
        await queries.my_places(first.token[:-2] + "xx")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"first_name": ""}, errors.FirstNameInvalid),
        ({"first_name": "06 12 34 56 78"}, errors.FirstNameInvalid),
        ({"first_name": "amina@example.org"}, errors.FirstNameInvalid),
        ({"first_name": "<b>Bob</b>"}, errors.FirstNameInvalid),
        ({"first_name": "A" * 41}, errors.FirstNameInvalid),
        ({"phone": "0612"}, errors.PhoneInvalid),
        ({"email": "not-an-address"}, errors.EmailInvalid),
        ({"email": "amina@example.org"}, errors.ConsentRequired),
        ({"phone": "+33 6 12 34 56 78"}, errors.ConsentRequired),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(
    db: str, fields: dict[str, object], error: type[Exception]
) -> None:
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen)
    fields = dict(fields)
    name = str(fields.pop("first_name", "Amina"))
    with pytest.raises(error):
        await sign_up(shift, name, **fields)
    assert await SignUp.count() == 0 and await Volunteer.count() == 0


async def test_names_from_every_script_are_welcome(db: str) -> None:
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, places=5)
    for name in ("Jean-Pierre", "O’Brien", "محمد", "Nguyễn Thị", "D'Artagnan"):
        assert (await sign_up(shift, name)).first_name == name


async def test_a_full_shift_offers_its_waiting_list_and_a_cancel_moves_it_up(db: str) -> None:
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, days_ahead=3, places=2)  # > 48 h: not a cover request
    amina = await sign_up(shift, "Amina")
    await sign_up(shift, "Bilal")
    with pytest.raises(errors.ShiftFull) as full:
        await sign_up(shift, "Chloé")
    assert full.value.status == 409 and full.value.params["waiting"] == 0
    chloe = await sign_up(shift, "Chloé", waiting_list=True)
    dana = await sign_up(shift, "Dana", waiting_list=True)
    assert (chloe.status, chloe.waiting_position) == ("waiting", 1)
    assert (dana.status, dana.waiting_position) == ("waiting", 2)

    told: list[list[int]] = []

    async def notify(ids: list[int]) -> None:
        told.append(ids)

    cancelled = await services.cancel_place(amina.token, amina.sign_up_id, notify)
    assert cancelled.status == "cancelled"
    assert told == [[chloe.sign_up_id]]
    chloe_now = (await queries.my_places(chloe.token)).places[0]
    assert (chloe_now.status, chloe_now.promoted) == ("confirmed", True)
    dana_now = (await queries.my_places(dana.token)).places[0]
    assert (dana_now.status, dana_now.waiting_position) == ("waiting", 1)
    # One tap twice is still one cancellation; Dana stays in line.
    again = await services.cancel_place(amina.token, amina.sign_up_id, notify)
    assert again.status == "cancelled" and told == [[chloe.sign_up_id]]
    assert (await shifts.shift_out(shift)).taken == 2
    # Someone else's link cannot cancel Chloé's place.
    with pytest.raises(NotFound):
        await services.cancel_place(dana.token, chloe.sign_up_id)


async def test_one_volunteer_link_holds_several_places_but_one_per_shift(db: str) -> None:
    canteen = await make_volunteer_canteen()
    first_shift = await make_shift(canteen, days_ahead=1)
    second_shift = await make_shift(canteen, days_ahead=2, kind="washing_up")
    amina = await sign_up(first_shift, "Amina")
    again = await sign_up(second_shift, "", volunteer_token=amina.token)
    assert again.token == amina.token and again.first_name == "Amina"
    with pytest.raises(errors.AlreadySignedUp):
        await sign_up(first_shift, "", volunteer_token=amina.token)
    mine = await queries.my_places(amina.token)
    assert [p.shift.kind for p in mine.places] == ["cooking", "washing_up"]
    assert await Volunteer.count() == 1


async def test_a_started_shift_cannot_be_cancelled_from_the_link(db: str) -> None:
    canteen = await make_volunteer_canteen()
    today_shift = await make_shift(canteen, days_ahead=0)  # 10:00–14:00, under way
    amina = await sign_up(today_shift, "Amina")
    with pytest.raises(errors.CancelTooLate):
        await services.cancel_place(amina.token, amina.sign_up_id)


async def test_erasing_a_volunteer_keeps_anonymous_hours_and_frees_coming_places(db: str) -> None:
    canteen = await make_volunteer_canteen()
    past = await make_shift(canteen, days_ahead=-3, starts="9:00", ends="12:00")
    coming = await make_shift(canteen, days_ahead=2, places=1)
    amina = await sign_up_in_the_past(past, "Amina", phone="0612345678", contact_consent=True)
    bilal = await sign_up_in_the_past(past, "Bilal")
    await sign_up(coming, "", volunteer_token=amina.token)
    bilal_waiting = await sign_up(coming, "", volunteer_token=bilal.token, waiting_list=True)
    hours_before = await reports.hours_by_month(canteen)
    assert sum(month.minutes for month in hours_before) == 2 * 180

    volunteer = await Volunteer.select().where(Volunteer.first_name == "Amina").first()
    assert volunteer is not None
    exported = await personal_data.export_volunteer(canteen, volunteer["id"])
    assert exported["volunteer"]["first_name"] == "Amina"
    assert exported["volunteer"]["phone"] == "0612345678"
    assert len(exported["sign_ups"]) == 2

    promoted = await personal_data.erase_volunteer(canteen, volunteer["id"])
    assert promoted == [bilal_waiting.sign_up_id]
    assert await Volunteer.count().where(Volunteer.first_name == "Amina") == 0
    assert await reports.hours_by_month(canteen) == hours_before
    leftover = await SignUp.select().where(SignUp.volunteer.is_null())
    assert {row["status"] for row in leftover} == {"confirmed", "cancelled"}
    with pytest.raises(errors.LinkInvalid):
        await queries.my_places(amina.token)
    assert [v.first_name for v in await reports.list_volunteers(canteen)] == ["Bilal"]


async def test_the_coordinator_sees_todays_cooks_and_shifts_short_of_hands(db: str) -> None:
    canteen = await make_volunteer_canteen()
    today = await make_shift(canteen, days_ahead=0, places=2)
    soon = await make_shift(canteen, days_ahead=3, places=3, kind="washing_up")
    full = await make_shift(canteen, days_ahead=4, places=1)
    await sign_up(today, "Amina")
    await sign_up(soon, "Bilal")
    await sign_up(full, "Chloé")
    cooks = await reports.todays_cooks(canteen)
    assert [(c.shift.id, c.names) for c in cooks] == [(today, ["Amina"])]
    short = await reports.short_of_hands(canteen, days=14)
    assert [(s.id, s.places - s.taken) for s in short] == [(today, 1), (soon, 2)]


async def test_a_shift_on_another_canteen_is_refused_at_a_tablet(db: str) -> None:
    lyon = await make_volunteer_canteen("lyon-croix-rousse")
    lille = await make_volunteer_canteen("lille-fives")
    shift = await make_shift(lille)
    with pytest.raises(errors.ShiftElsewhere):
        await services.sign_up(shift, sign_up_in(), secret=SECRET, canteen_id=lyon)
    assert await SignUp.count() == 0


async def test_removing_a_pattern_line_keeps_the_days_someone_signed_up_for(db: str) -> None:
    canteen = await make_volunteer_canteen()
    tomorrow = local_today(noon_timezone()) + timedelta(days=1)
    line = await patterns.add_pattern(
        canteen,
        PatternIn(
            weekday=tomorrow.weekday(), kind="washing_up", starts="14:00", ends="15:00", places=3
        ),
    )
    made = await Shift.select().where(Shift.pattern == line.id).order_by(Shift.date)
    assert len(made) == 4
    await sign_up(made[0]["id"], "Amina")
    await patterns.remove_pattern(canteen, line.id)
    left = await Shift.select(Shift.id).where(Shift.canteen == canteen)
    assert [row["id"] for row in left] == [made[0]["id"]]
    assert await patterns.list_patterns(canteen) == []
    assert await patterns.generate_shifts(canteen, 4) == 0
