"""Fixtures of the staff pages: an upload limit small enough to test, signing in over HTTP."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import pytest

from canteen.settings import Settings
from tests.staff_factories import (
    PASSWORD,
    cheap_passwords,  # noqa: F401 - autouse fixture
)

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return msgspec.structs.replace(settings, upload_max_mb=1)


async def csrf_token(client: Any, page: str = "/admin/login") -> str:
    """The form token a page hands out (its cookie is now in the client)."""
    response = await client.get(page)
    found = CSRF.search(response.text)
    assert found, f"no CSRF field on {page}"
    return found.group(1)


async def sign_in(client: Any, email: str, password: str = PASSWORD) -> Any:
    """Sign in, reading the pages in English."""
    client.headers["accept-language"] = "en"
    token = await csrf_token(client)
    return await client.post(
        "/admin/login", data={"email": email, "password": password, "_csrf_token": token}
    )


async def post_form(client: Any, path: str, data: dict[str, Any], page: str = "/admin/") -> Any:
    """POST a form the way a browser does: with the CSRF token of a page just seen."""
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client, page)})
