"""The accounts' refusals, carrying their parameters (the web layer translates the message)."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class LoginFailed(DomainError):
    status = 401
    message = N_("Wrong email or password.")


class AccountLocked(DomainError):
    status = 429
    message = N_("Too many failed sign-ins. Try again in {minutes} minutes.")


class PasswordTooShort(DomainError):
    status = 422
    message = N_("A password needs at least {min} characters.")


class EmailInvalid(DomainError):
    status = 422
    message = N_("This email address is not valid.")


class EmailTaken(DomainError):
    status = 409
    message = N_("An account with this email already exists.")


class CoordinatorNeedsCanteen(DomainError):
    status = 422
    message = N_("A coordinator account belongs to one canteen: choose it.")
