"""The throttle's refusal (the web layer translates the message)."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class TooManyAttempts(DomainError):
    status = 429
    message = N_("Too many tries. Wait {minutes} minutes and try again.")
