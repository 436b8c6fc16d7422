"""What goes in and out of the accounts domain."""

from __future__ import annotations

from typing import Literal

import msgspec

Role = Literal["staff", "coordinator"]
ROLES: tuple[str, ...] = ("staff", "coordinator")


class SessionUser(msgspec.Struct, frozen=True, kw_only=True):
    """Who is signed in, as every page and guard sees them."""

    id: int
    email: str
    name: str
    role: str
    canteen: int | None
    session_id: int = 0

    @property
    def is_staff(self) -> bool:
        return self.role == "staff"

    @property
    def label(self) -> str:
        return self.name or self.email


class AccountOut(msgspec.Struct, kw_only=True):
    id: int
    email: str
    name: str
    role: str
    canteen: int | None
    canteen_name: str
    active: bool
    last_login_at: str | None
