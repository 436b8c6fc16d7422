"""Mentoring's refusals."""

from __future__ import annotations

from canteen.errors import N_, DomainError


class MentorFull(DomainError):
    status = 409
    message = N_("This mentor has no free place left (capacity {capacity}).")


class AlreadyMentored(DomainError):
    status = 409
    message = N_("This project already has a mentor.")


class ProposalClosed(DomainError):
    status = 409
    message = N_("This proposal was already decided or replaced by a newer match.")
