"""What a meal service refuses, and why: each error carries its parameters; the web layer
translates the message (and shows an amount as money in the user's language)."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class ServiceNotOpen(DomainError):
    status = 409
    message = N_("Today's meal service is not open.")


class ServiceAlreadyClosed(DomainError):
    status = 409
    message = N_("This meal service is already closed.")


class WrongCanteen(DomainError):
    status = 403
    message = N_("This tablet can only record for its own canteen.")


class PartySizeInvalid(DomainError):
    status = 422
    message = N_("The number of people must be between 1 and {max}.")


class ChildrenInvalid(DomainError):
    status = 422
    message = N_("The number of children cannot be more than the number of people.")


class AmountNegative(DomainError):
    status = 422
    message = N_("An amount cannot be negative.")


class AmountOutOfRange(DomainError):
    """Carries the most as minor units and currency: `max` is shown as money by the web layer
    (canteen.web.errors.message_of); on its own it reads as the plain figure."""

    status = 422
    message = N_("This amount is above the most this canteen accepts at once ({max}).")

    def __init__(self, *, max_minor: int, currency: str) -> None:
        super().__init__(max_minor=max_minor, currency=currency, max=f"{max_minor} {currency}")


class WrongCurrency(DomainError):
    status = 422
    message = N_("This canteen takes {currency} only.")


class MethodAmountMismatch(DomainError):
    status = 422
    message = N_("With this choice the amount must be zero.")


class PayForwardNeedsAmount(DomainError):
    status = 422
    message = N_("To pay a meal forward, give an amount with cash, card or a voucher.")


class NoCreditAvailable(DomainError):
    status = 409
    message = N_("No paid-forward meal is available right now.")


class UnknownQuestion(DomainError):
    status = 422
    message = N_("Unknown survey question.")


class EmptySurvey(DomainError):
    status = 422
    message = N_("Answer at least one question, or skip the survey.")


class ValueOutOfRange(DomainError):
    status = 422
    message = N_("This number is not valid.")
