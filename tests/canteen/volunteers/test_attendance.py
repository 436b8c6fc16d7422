"""Attendance, "I can't come" and cover requests, through the services, on both engines."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from canteen.reports.volunteers import volunteer_figures
from canteen.volunteers import attendance, cover, personal_data, reports, services
from canteen.volunteers.errors import AttendanceTooEarly, CoverTaken, ShiftFull
from canteen.volunteers.tables import CoverRequest, SignUp, Volunteer
from tests.canteen.volunteers.factories import (
    make_shift,
    make_volunteer_canteen,
    sign_up,
    sign_up_in_the_past,
)


async def test_hours_count_only_who_came_and_two_unexcused_absences_tell_the_coordinator(
    db: str,
) -> None:
    canteen = await make_volunteer_canteen()
    first, second = await make_shift(canteen, -3), await make_shift(canteen, -2)
    amina = await sign_up_in_the_past(first, "Amina", came=False)
    bilal = await sign_up_in_the_past(first, "Bilal", came=False)
    bilal_again = await sign_up_in_the_past(
        second, "Bilal", came=False, volunteer_token=bilal.token
    )
    # Nothing recorded yet: no hours, and the coordinator is asked who came.
    assert [s.id for s in await attendance.awaiting_attendance(canteen)] == [first, second]
    assert sum(m.minutes for m in await reports.hours_by_month(canteen)) == 0

    await attendance.record_attendance(
        canteen, first, {amina.sign_up_id}, {bilal.sign_up_id: "not_excused"}
    )
    assert await attendance.absence_alerts(canteen) == []
    await attendance.record_attendance(
        canteen, second, set(), {bilal_again.sign_up_id: "not_excused"}
    )
    alerts = await attendance.absence_alerts(canteen)
    assert [(a.first_name, a.in_a_row) for a in alerts] == [("Bilal", 2)]
    assert sum(m.minutes for m in await reports.hours_by_month(canteen)) == 240
    start = date.today().replace(day=1).replace(year=date.today().year - 1)
    figures = await volunteer_figures(start, date(date.today().year + 1, 1, 1), [canteen])
    assert figures is not None and (figures.volunteers, figures.minutes) == (1, 240)

    # Corrected: Bilal had warned; excused. No more alert.
    await attendance.record_attendance(canteen, second, set(), {bilal_again.sign_up_id: "excused"})
    assert await attendance.absence_alerts(canteen) == []

    # The coordinator asks that Bilal's next sign-ups wait for a yes.
    volunteer = await Volunteer.select().where(Volunteer.first_name == "Bilal").first()
    await attendance.set_needs_approval(canteen, volunteer["id"], True)
    coming = await make_shift(canteen, 5, places=1)
    out = await sign_up(coming, "Bilal", volunteer_token=bilal.token)
    assert out.status == "pending"
    with pytest.raises(ShiftFull):  # the pending place is held: the shift is full
        await sign_up(coming, "Chloé")
    assert [p.first_name for p in await attendance.pending(canteen)] == ["Bilal"]
    await attendance.decide(canteen, out.sign_up_id, True)
    row = await SignUp.select(SignUp.status).where(SignUp.id == out.sign_up_id).first()
    assert row["status"] == "confirmed"

    # Erased, Amina's hours still count, unnamed.
    amina_row = await Volunteer.select().where(Volunteer.first_name == "Amina").first()
    await personal_data.erase_volunteer(canteen, amina_row["id"])
    assert sum(m.minutes for m in await reports.hours_by_month(canteen)) == 240


async def test_attendance_waits_for_the_shift_to_start(db: str) -> None:
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, 1)
    out = await sign_up(shift, "Amina")
    with pytest.raises(AttendanceTooEarly):
        await attendance.record_attendance(canteen, shift, {out.sign_up_id}, {})


async def test_a_late_cancellation_opens_a_cover_request_that_exactly_one_of_20_gets(
    db: str,
) -> None:
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, 1, places=1)
    holder = await sign_up(shift, "Amina")
    waiting = [
        await sign_up(shift, f"Bénévole {chr(65 + n)}", waiting_list=True) for n in range(20)
    ]
    await services.cancel_place(holder.token, holder.sign_up_id)
    # Within 48 hours: nobody is moved up by itself, the place is offered.
    assert await SignUp.count().where(SignUp.status == "confirmed") == 0
    covers = await cover.open_covers(canteen)
    assert len(covers) == 1
    late = await cover.late_cancellations(canteen, date.fromisoformat(covers[0].shift.date))
    assert late[0]["given_up_by"] == "Amina" and not late[0]["covered"]

    outcomes = await asyncio.gather(
        *[cover.take_cover(w.token, covers[0].id) for w in waiting], return_exceptions=True
    )
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(won) == 1 and all(isinstance(o, CoverTaken) for o in lost), lost[:3]
    assert await SignUp.count().where(SignUp.status == "confirmed") == 1
    assert await SignUp.count().where(SignUp.status == "waiting") == 19
    assert await cover.open_covers(canteen) == []
    assert (await CoverRequest.select().first())["taken_at"] is not None


async def test_an_early_cancellation_still_moves_the_waiting_list_up(db: str) -> None:
    canteen = await make_volunteer_canteen()
    shift = await make_shift(canteen, 5, places=1)
    holder = await sign_up(shift, "Amina")
    await sign_up(shift, "Bilal", waiting_list=True)
    await services.cancel_place(holder.token, holder.sign_up_id)
    assert await SignUp.count().where(SignUp.status == "confirmed") == 1
    assert await CoverRequest.count() == 0
