"""The volunteers' HTML forms read into the domain's input (the rules check them again)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar.enums import RequestEncodingType
from litestar.params import Body

from canteen.errors import InvalidInput
from canteen.volunteers import rules
from canteen.volunteers.schemas import PatternIn, ShiftAddIn, ShiftChangeIn, SignUpIn
from canteen.web.forms import client_id_from, int_field

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
SIGN_UP_FIELDS = ("first_name", "phone", "email", "consent")


def sign_up_from(form: dict[str, str], token: str | None = None) -> SignUpIn:
    """The sign-up form as the domain's input (lengths are checked again by the service)."""
    return SignUpIn(
        id=client_id_from(form),
        first_name=(form.get("first_name") or "")[:200],
        phone=(form.get("phone") or "")[:40],
        email=(form.get("email") or "")[:254],
        contact_consent=form.get("consent") == "yes",
        waiting_list=form.get("waiting_list") == "1",
        volunteer_token=token,
    )


def typed_values(form: dict[str, str]) -> dict[str, str]:
    """What the volunteer typed, shown again when the form comes back with an error."""
    return {key: form.get(key, "")[:254] for key in SIGN_UP_FIELDS}


def _kind(form: dict[str, str]) -> Any:
    value = form.get("kind")
    if not rules.is_kind(value):
        raise InvalidInput()
    return value


def _places(form: dict[str, str]) -> int:
    places = int_field(form, "places")
    if places is None or not rules.places_valid(places):
        raise InvalidInput()
    return places


def _time(form: dict[str, str], name: str) -> str:
    return (form.get(name) or "")[:5]


def pattern_from(form: dict[str, str]) -> PatternIn:
    weekday = int_field(form, "weekday")
    if weekday is None or not 0 <= weekday <= 6:
        raise InvalidInput()
    return PatternIn(
        weekday=weekday,
        kind=_kind(form),
        starts=_time(form, "starts"),
        ends=_time(form, "ends"),
        places=_places(form),
    )


def shift_add_from(day: str, form: dict[str, str]) -> ShiftAddIn:
    return ShiftAddIn(
        date=day[:10],
        kind=_kind(form),
        starts=_time(form, "starts"),
        ends=_time(form, "ends"),
        places=_places(form),
    )


def shift_change_from(form: dict[str, str]) -> ShiftChangeIn:
    return ShiftChangeIn(
        starts=_time(form, "starts"), ends=_time(form, "ends"), places=_places(form)
    )
