"""A volunteer's private link: finding the volunteer whose token it is, while it lives."""

from __future__ import annotations

from typing import Any

from canteen import clock, security
from canteen.volunteers import rules
from canteen.volunteers.errors import LinkInvalid
from canteen.volunteers.tables import Volunteer


async def volunteer_for_token(token: str | None) -> dict[str, Any]:
    """The volunteer whose private link this is, while the link lives."""
    if not rules.token_well_formed(token):
        raise LinkInvalid()
    assert token is not None
    row = await Volunteer.select().where(Volunteer.token_hash == security.token_hash(token)).first()
    if row is None or not rules.link_alive(row["link_expires_at"], clock.now()):
        raise LinkInvalid()
    return row


async def known_volunteer(token: str | None, canteen_id: int) -> dict[str, Any] | None:
    """A volunteer token sent with a sign-up: used when valid for this canteen, else ignored
    (an old link on a phone must not stop someone from signing up)."""
    if not token:
        return None
    try:
        volunteer = await volunteer_for_token(token)
    except LinkInvalid:
        return None
    return volunteer if volunteer["canteen"] == canteen_id else None
