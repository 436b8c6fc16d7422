"""Every answer carries the security headers: pages, the API, errors and paths no route matches."""

from __future__ import annotations

from typing import Any

import pytest

PATHS = [
    ("GET", "/kiosk/"),  # a tablet that is not paired: sent to pairing
    ("GET", "/kiosk/pair"),
    ("GET", "/admin/login"),
    ("GET", "/health"),
    ("GET", "/api/v1/devices/me"),  # refused: no token
    ("GET", "/no/such/page"),  # no route at all
    ("GET", "/api/v1/no-such-thing"),
    ("DELETE", "/health"),  # a route, not this method
    ("POST", "/api/v1/devices/pair"),  # a body that cannot be read
]


@pytest.mark.parametrize(("method", "path"), PATHS)
async def test_every_answer_has_the_security_headers(client: Any, method: str, path: str) -> None:
    response = await client.request(method, path, content=b"{not json")
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp, (path, response.status_code)
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers.get("referrer-policy") == "no-referrer"
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("x-frame-options") == "DENY"


async def test_a_page_that_does_not_exist_is_a_clear_404(client: Any) -> None:
    response = await client.get("/no/such/page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    api = await client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
