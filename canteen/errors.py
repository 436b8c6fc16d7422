"""Every error a user can cause is a DomainError: a status and a message to translate."""

from __future__ import annotations

from typing import Any, ClassVar


def N_(message: str) -> str:
    """Mark a string for the catalogs; it is translated later, in the user's language."""
    return message


class DomainError(Exception):
    """A refusal the user caused; nothing was changed."""

    status: ClassVar[int] = 400
    message: ClassVar[str] = N_("This request could not be done.")

    def __init__(self, message: str | None = None, **params: Any) -> None:
        self.msgid = message or self.message
        self.params = params
        super().__init__(self.msgid.format(**params) if params else self.msgid)

    def body(self) -> dict[str, Any]:
        """What an API answer carries besides the code and the message (nothing by default)."""
        return {}

    @property
    def code(self) -> str:
        name = type(self).__name__
        return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


class NotFound(DomainError):
    status = 404
    message = N_("Not found.")


class Forbidden(DomainError):
    status = 403
    message = N_("You are not allowed to do this.")


class InvalidInput(DomainError):
    status = 422
    message = N_("Some of what was sent is not valid.")


class IdempotencyConflict(DomainError):
    status = 422
    message = N_("This record was already sent with different content.")
