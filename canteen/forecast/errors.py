"""What the forecast refuses, in the user's language (mapped once by canteen/web/errors.py)."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class CoversOutOfRange(DomainError):
    status = 422
    message = N_("The covers expected must be a whole number between 0 and {max}.")


class DayOutOfRange(DomainError):
    status = 422
    message = N_("Choose a date between {first} and {last}.")


class ChangeNeeded(DomainError):
    status = 422
    message = N_(
        "Say how many covers the change adds or removes: a whole number between -{max} and "
        "{max}, not 0 (for example -30 for a school trip)."
    )
