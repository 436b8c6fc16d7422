"""The volunteers' domain errors: each carries its parameters; the web layer translates it."""

from __future__ import annotations

from typing import Any

from canteen.errors import N_, DomainError


class ShiftFull(DomainError):
    status = 409
    message = N_("Sorry, this shift is full. You can join its waiting list.")

    def body(self) -> dict[str, Any]:
        """How to join the waiting list instead."""
        waiting_list = {
            "shift_id": self.params.get("shift_id"),
            "waiting": self.params.get("waiting", 0),
            "join": {"waiting_list": True},
        }
        return {"waiting_list": waiting_list}


class AlreadySignedUp(DomainError):
    status = 409
    message = N_("You already have a place on this shift.")


class FirstNameInvalid(DomainError):
    status = 422
    message = N_("Enter your first name: letters only, up to 40 characters.")


class PhoneInvalid(DomainError):
    status = 422
    message = N_("This phone number does not look right.")


class EmailInvalid(DomainError):
    status = 422
    message = N_("This e-mail address does not look right.")


class ConsentRequired(DomainError):
    status = 422
    message = N_("Tick the box to agree to be contacted, or leave the phone and e-mail empty.")


class LinkInvalid(DomainError):
    status = 404
    message = N_("This link is not valid or has expired.")


class CancelTooLate(DomainError):
    status = 409
    message = N_(
        "This shift has started: it can no longer be cancelled here. Tell the coordinator."
    )


class ShiftCancelled(DomainError):
    status = 409
    message = N_("This shift was cancelled.")


class ShiftOver(DomainError):
    status = 409
    message = N_("This shift is already over.")


class ShiftElsewhere(DomainError):
    status = 403
    message = N_("This shift belongs to another canteen.")


class TimesInvalid(DomainError):
    status = 422
    message = N_("Enter a start and an end time (like 9:00), the end after the start.")


class PlacesBelowTaken(DomainError):
    status = 409
    message = N_("{taken} volunteers already have a place: keep at least {taken} places.")


class DayOver(DomainError):
    status = 422
    message = N_("This day is already over.")


class WeeksOutOfRange(DomainError):
    status = 422
    message = N_("Generate between 1 and {max} weeks.")


class AttendanceTooEarly(DomainError):
    status = 409
    message = N_("This shift has not started yet: record who came once it has.")


class CoverTaken(DomainError):
    status = 409
    message = N_("Someone else took this place just before you. Thank you all the same!")


class NotPending(DomainError):
    status = 409
    message = N_("This sign-up is no longer waiting for a yes.")
