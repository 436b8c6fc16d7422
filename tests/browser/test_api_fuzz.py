"""Fuzzing the JSON API from its own OpenAPI document (Schemathesis), on both engines.

Whatever a buggy or hostile client sends: never a server error, and every answer the schema
documents matches it. A bounded number of examples per operation keeps CI short.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from canteen import db as canteen_db
from canteen.network import services as network
from canteen.network.schemas import PairIn
from tests.factories import client_id, make_canteen, open_today

pytestmark = pytest.mark.fuzz  # the API fuzzing: select or leave out with -m fuzz
EXAMPLES = 12
# Not only server errors: every status answered is one the document declares, with the declared
# content type, headers and body, and what the schema forbids is refused.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _tablet(database_url: str) -> dict[str, str]:
    """A canteen with an open service and a paired tablet in coordinator mode."""

    async def build() -> dict[str, str]:
        engine = canteen_db.make_engine(database_url)
        canteen_db.bind(engine)
        await canteen_db.start(engine)
        try:
            canteen = await make_canteen("fuzz-canteen", pin="246810")
            await open_today(canteen)
            code, _ = await network.create_pairing_code(canteen)
            _device, token, _row = await network.pair_device(PairIn(id=client_id(), code=code))
        finally:
            await canteen_db.stop(engine)
        return {"Authorization": f"Bearer {token}"}

    return asyncio.run(build())


def test_the_api_never_fails_on_any_input(live_server: str, database_url: str) -> None:
    import httpx

    headers = _tablet(database_url)
    session = httpx.post(
        f"{live_server}/api/v1/coordinator/sessions", json={"pin": "246810"}, headers=headers
    )
    headers["X-Coordinator-Token"] = session.json()["token"]
    schema = schemathesis.openapi.from_url(f"{live_server}/schema/openapi.json")
    failures: list[str] = []
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        if "/pair" in operation.path:
            continue  # guessing pairing codes locks the address out (tested elsewhere)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: Any) -> None:
            case.call_and_validate(
                base_url=live_server,
                headers=headers,
                checks=CHECKS,
            )

        try:
            exercise()
        except Exception as error:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}: {error}"[:600])
    assert failures == [], "\n\n".join(failures)
