"""The reports' refusals: a period that makes no sense (the web layer translates the message)."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class InvalidPeriod(DomainError):
    status = 422
    message = N_("Choose a period with a start date before its end date (YYYY-MM-DD).")


class PeriodTooLong(DomainError):
    status = 422
    message = N_("A report period can be at most five years long.")
