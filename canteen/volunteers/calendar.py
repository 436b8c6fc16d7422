"""A volunteer's places as an iCal feed their calendar app can subscribe to."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from icalendar import Calendar, Event

from canteen import clock, i18n
from canteen.volunteers.shifts import kind_label

PRODID = "-//Tablée//Volunteer shifts//EN"


def _shift_of(row: dict[str, Any]) -> dict[str, Any]:
    return {key.split(".", 1)[1]: value for key, value in row.items() if key.startswith("shift.")}


def places_calendar(
    volunteer: dict[str, Any], canteen: dict[str, Any], rows: list[dict[str, Any]], link: str
) -> bytes:
    """One event per confirmed place; a cancelled place disappears at the next refresh."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{canteen['name']} — {volunteer['first_name']}")
    calendar.add("x-published-ttl", "PT6H")
    stamp = clock.now()
    for row in rows:
        shift = _shift_of(row)
        event = Event()
        event.add("uid", f"sign-up-{row['id']}@tablee")
        event.add("dtstamp", stamp)
        event.add("dtstart", shift["starts_at"].astimezone(UTC))
        event.add("dtend", shift["ends_at"].astimezone(UTC))
        event.add("summary", f"{kind_label(shift['kind'])} — {canteen['name']}")
        where = ", ".join(part for part in (canteen["neighbourhood"], canteen["city"]) if part)
        event.add("location", f"{canteen['name']}, {where}" if where else canteen["name"])
        event.add("description", i18n.gettext("Your places, and how to cancel: {link}", link=link))
        event.add("url", link)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
