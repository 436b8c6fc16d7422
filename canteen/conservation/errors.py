"""Conservation batches' domain errors: each carries its parameters; the web layer translates."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class MethodUnknown(DomainError):
    status = 422
    message = N_("Choose how the food is kept: chilled, frozen, pasteurised or canned.")


class PortionsInvalid(DomainError):
    status = 422
    message = N_("Enter a number of portions between 1 and {max}.")


class MadeDateInvalid(DomainError):
    status = 422
    message = N_(
        "The date made cannot be in the future, nor so long ago that the use-by date has passed."
    )


class KeepDaysInvalid(DomainError):
    status = 422
    message = N_("Enter a number of days between 1 and {max}.")


class NotEnoughPortions(DomainError):
    status = 409
    message = N_("Only {left} portions are left in this batch.")


class BatchNotFound(DomainError):
    status = 404
    message = N_("This batch does not exist.")
