"""Signing in and out, one's own password, and the network's staff accounts (staff only)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, Router, get, post
from litestar.response import Redirect, Template

from admin.accounts.guards import (
    SESSION_COOKIE,
    requires_signed_in,
    requires_staff,
    safe_next,
    session_cookie,
)
from admin.common import AnyRequest, Form, message, page, refused, settings_of, text, user_of
from canteen.access import StaffOnly
from canteen.accounts import services as accounts
from canteen.errors import DomainError
from canteen.network import services as network
from canteen.web.requests import address


class LoginController(Controller):
    path = "/admin"
    include_in_schema = False

    @get("/login")
    async def form(self, next: str = "") -> Template:
        return page("login", next=safe_next(next))

    @post("/login")
    async def login(self, request: AnyRequest, data: Form) -> Response[Any]:
        settings = settings_of(request)
        next_path = safe_next(text(data, "next", 300))
        try:
            user = await accounts.authenticate(
                text(data, "email", 254), text(data, "password"), source=address(request)
            )
        except DomainError as error:
            email = text(data, "email", 254)
            return refused("login", error, email=email, next=next_path)
        token, _expires = await accounts.start_session(user.id, settings.session_max_hours)
        response: Redirect = Redirect(path=next_path or "/admin/")
        response.cookies.append(session_cookie(settings, token))
        return response

    @post("/logout")
    async def logout(self, request: AnyRequest) -> Response[Any]:
        await accounts.end_session(request.cookies.get(SESSION_COOKIE))
        response: Redirect = Redirect(path="/admin/login")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response


class AccountsController(Controller):
    path = "/admin/accounts"
    guards = [requires_staff]
    include_in_schema = False

    async def _page(self, status: int = 200, **extra: Any) -> Template:
        return page(
            "accounts",
            status,
            accounts=await accounts.list_accounts(),
            canteens=await network.list_canteens(),
            **extra,
        )

    @get("/")
    async def index(self) -> Template:
        return await self._page()

    @post("/")
    async def create(self, data: Form) -> Response[Any]:
        role = "staff" if text(data, "role") == "staff" else "coordinator"
        canteen = text(data, "canteen")
        try:
            await accounts.create_account(
                email=text(data, "email", 254),
                password=text(data, "password", 200),
                role=role,
                canteen_id=int(canteen) if canteen.isdigit() else None,
                name=text(data, "name", 120),
            )
        except DomainError as error:
            return await self._page(error.status, error=message(error), form=data)
        return Redirect(path="/admin/accounts/")

    @post("/{account_id:int}/active")
    async def set_active(self, request: AnyRequest, account_id: int, data: Form) -> Response[Any]:
        active = text(data, "active") == "1"
        if account_id == user_of(request).id and not active:
            return await self._page(403, error=message(StaffOnly()))
        await accounts.set_active(account_id, active)
        return Redirect(path="/admin/accounts/")


class PasswordController(Controller):
    path = "/admin/password"
    guards = [requires_signed_in]
    include_in_schema = False

    @get("/")
    async def form(self) -> Template:
        return page("password")

    @post("/")
    async def change(self, request: AnyRequest, data: Form) -> Response[Any]:
        user = user_of(request)
        try:
            await accounts.authenticate(user.email, text(data, "current"))
            await accounts.set_password(user.id, text(data, "new", 200))
        except DomainError as error:
            return refused("password", error)
        settings = settings_of(request)
        token, _expires = await accounts.start_session(user.id, settings.session_max_hours)
        response = page("password", done=True)
        response.cookies.append(session_cookie(settings, token))
        return response


accounts_router = Router(
    path="/",
    route_handlers=[LoginController, AccountsController, PasswordController],
)
