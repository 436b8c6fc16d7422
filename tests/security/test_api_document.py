"""The API document describes the API: what it refuses, how, and the headers around it."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from canteen.server import create_app
from tests.factories import client_id, make_canteen
from tests.kiosk.test_api import coordinator, pair

METHODS = {"get", "post", "put", "patch", "delete"}


async def _document(client: Any) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


async def test_every_api_operation_declares_its_refusals_with_their_body(client: Any) -> None:
    document = await _document(client)
    operations = [
        (path, method, operation)
        for path, item in document["paths"].items()
        if path.startswith("/api/")
        for method, operation in item.items()
        if method in METHODS
    ]
    assert len(operations) > 10
    for path, method, operation in operations:
        responses = operation["responses"]
        for status in ("400", "404", "409", "422", "429"):
            body = responses[status]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ErrorBody"}, (path, method, status)
        if "requestBody" in operation:
            assert "413" in responses, (path, method)
    paths = document["paths"]
    assert "401" in paths["/api/v1/kiosk"]["get"]["responses"]  # a tablet's
    assert "401" in paths["/api/v1/services"]["post"]["responses"]  # a coordinator's
    assert "401" not in paths["/api/v1/devices/pair"]["post"]["responses"]  # anyone's
    error = document["components"]["schemas"]["ErrorBody"]
    assert set(error["required"]) == {"error", "message", "status_code", "detail"}


async def test_bodies_that_refuse_unknown_fields_say_so_and_do_it(client: Any) -> None:
    document = await _document(client)
    schemas = document["components"]["schemas"]
    assert schemas["ServiceOpenIn"]["additionalProperties"] is False
    canteen = await make_canteen()
    device = await coordinator(client, await pair(client, canteen))
    body = {"id": client_id(), "menu": "Soupe", "surprise": 1}
    refused = await client.post("/api/v1/services", json=body, headers=device)
    assert refused.status_code == 400
    assert set(refused.json()) >= {"error", "message", "status_code", "detail"}


async def test_what_the_api_answers_is_what_the_document_declares(client: Any) -> None:
    """A few refusals of each kind, checked against the operation's declared statuses."""
    document = await _document(client)
    canteen = await make_canteen()
    tablet = await pair(client, canteen)
    calls = [
        ("post", "/api/v1/devices/pair", {"id": client_id(), "code": "ZZZZ-ZZZZ"}, {}),
        ("post", "/api/v1/coordinator/sessions", {"pin": "000000"}, tablet),
        ("post", "/api/v1/coordinator/sessions", {"pin": 12}, tablet),
        ("post", "/api/v1/services", {"id": client_id()}, tablet),
        ("get", "/api/v1/kiosk", None, {}),
    ]
    for method, path, body, headers in calls:
        answer = await client.request(method, path, json=body, headers=headers)
        assert answer.status_code >= 400
        declared = document["paths"][path][method]["responses"]
        assert str(answer.status_code) in declared, (path, answer.status_code)


@pytest.mark.parametrize("path", ["/health", "/api/v1/kiosk", "/admin/login"])
async def test_a_method_a_path_does_not_answer_says_which_it_does(client: Any, path: str) -> None:
    answer = await client.request("PATCH", path)
    assert answer.status_code == 405
    assert "GET" in answer.headers["allow"]


async def test_hsts_is_sent_when_the_service_is_behind_https(
    client: Any, settings: Any, engine: Any
) -> None:
    import httpx

    assert "strict-transport-security" not in (await client.get("/health")).headers
    secure = create_app(msgspec.structs.replace(settings, secure_cookies=True), engine=engine)
    transport = httpx.ASGITransport(app=secure)
    async with httpx.AsyncClient(transport=transport, base_url="https://127.0.0.1") as http:
        for path in ("/health", "/kiosk/pair", "/no/such/page"):
            answer = await http.get(path)
            assert answer.headers["strict-transport-security"] == "max-age=31536000", path
