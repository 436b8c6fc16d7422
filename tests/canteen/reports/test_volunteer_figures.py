"""The reports' volunteers section: people and hours on shifts already over, counted in SQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from canteen.network.services import get_canteen
from canteen.reports import volunteers as reports
from canteen.volunteers.tables import Shift, SignUp, Volunteer
from tests.canteen.volunteers.factories import (
    local_today,
    make_shift,
    make_volunteer_canteen,
    sign_up,
    sign_up_in_the_past,
)


async def test_figures_count_people_and_minutes_of_shifts_already_over(db: str) -> None:
    lyon = await make_volunteer_canteen("lyon-croix-rousse")
    lille = await make_volunteer_canteen("lille-fives")
    today = local_today((await get_canteen(lyon))["timezone"])
    # Lyon: 3 h cooking 20 days ago (Amina, Bilal), 1 h washing up 10 days ago (Amina).
    cooking = await make_shift(lyon, days_ahead=-20, starts="09:00", ends="12:00")
    washing = await make_shift(
        lyon, days_ahead=-10, kind="washing_up", starts="14:00", ends="15:00"
    )
    amina = await sign_up_in_the_past(cooking, "Amina")
    await sign_up_in_the_past(cooking, "Bilal")
    await sign_up_in_the_past(washing, "", volunteer_token=amina.token)
    # Lille: 2 h service 5 days ago (Chloé); a cancelled place and a coming shift count nothing.
    service = await make_shift(lille, days_ahead=-5, kind="service", starts="12:00", ends="14:00")
    await sign_up_in_the_past(service, "Chloé")
    dropped = await sign_up_in_the_past(service, "Denis")
    await SignUp.update({SignUp.status: "cancelled"}).where(SignUp.id == dropped.sign_up_id)
    coming = await make_shift(lille, days_ahead=3)
    await sign_up(coming, "Emma")

    start, end = today - timedelta(days=40), today + timedelta(days=10)
    network = await reports.volunteer_figures(start, end, None)
    assert network is not None
    assert (network.volunteers, network.minutes) == (3, 180 * 2 + 60 + 120)
    assert network.canteens == {lyon: (2, 420), lille: (1, 120)}
    assert sum(m.minutes for m in network.months) == 540
    by_month: dict[object, int] = {}
    for day, minutes in ((-20, 360), (-10, 60), (-5, 120)):
        month = (today + timedelta(days=day)).replace(day=1)
        by_month[month] = by_month.get(month, 0) + minutes
    assert {m.month: m.minutes for m in network.months} == by_month

    only_lyon = await reports.volunteer_figures(start, end, [lyon])
    assert only_lyon is not None and (only_lyon.volunteers, only_lyon.minutes) == (2, 420)
    # The period's bounds are local dates, both included.
    last_ten = await reports.volunteer_figures(today - timedelta(days=10), today, [lyon])
    assert last_ten is not None and (last_ten.volunteers, last_ten.minutes) == (1, 60)


async def test_erasing_a_volunteer_keeps_the_hours_and_a_canteen_without_shifts_has_no_section(
    db: str,
) -> None:
    lyon = await make_volunteer_canteen("lyon-croix-rousse")
    quiet = await make_volunteer_canteen("lille-fives")
    today = local_today((await get_canteen(lyon))["timezone"])
    cooking = await make_shift(lyon, days_ahead=-3, starts="09:00", ends="12:00")
    await sign_up_in_the_past(cooking, "Amina")
    person = await Volunteer.select(Volunteer.id).first()
    assert person is not None
    from canteen.volunteers import personal_data

    await personal_data.erase_volunteer(lyon, person["id"])
    figures = await reports.volunteer_figures(today - timedelta(days=7), today, [lyon])
    assert figures is not None and figures.minutes == 180
    assert await reports.volunteer_figures(today - timedelta(days=7), today, [quiet]) is None
    assert await Shift.count() == 1


def test_the_reports_read_the_volunteers_shifts_unless_a_test_stands_in() -> None:
    reports.register_volunteer_source(None)
    assert reports.volunteer_source() is reports.volunteer_figures


async def test_the_coordinators_dashboard_shows_the_volunteers_hours_and_their_csv(
    db: str, client: Any, settings: Any
) -> None:
    from tests.admin.test_reports_pages import sign_in

    lyon = await make_volunteer_canteen("lyon-croix-rousse")
    today = local_today((await get_canteen(lyon))["timezone"])
    day = today - timedelta(days=2)
    cooking = await make_shift(lyon, days_ahead=-2, starts="09:00", ends="12:30")
    for name in ("Amina", "Bilal"):
        await sign_up_in_the_past(cooking, name)
    await sign_in(client, settings, {"canteen": lyon})
    period = f"from={today - timedelta(days=30)}&to={today}"
    page = await client.get(f"/admin/reports/canteen/{lyon}/?{period}&lang=en")
    assert page.status_code == 200
    assert "Volunteers and their hours" in page.text
    assert "<dt>Volunteer hours</dt><dd>7</dd>" in page.text
    csv_text = await client.get(
        f"/admin/reports/canteen/{lyon}/csv/volunteers-by-month.csv?{period}"
    )
    assert f"{day.replace(day=1)},2,7.00" in csv_text.content.decode("utf-8-sig")
