"""A fake SMTP server on a loopback port, to see the e-mails volunteers would get."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from canteen.settings import Settings
from canteen.volunteers.mail import Outbox
from tests.canteen.volunteers.factories import SECRET


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """What the fake server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def outbox_for(tmp_path: Path, database_url: str, port: int | None) -> Outbox:
    return Outbox(
        Settings(
            data_dir=tmp_path,
            database_url=database_url,
            secret_key=SECRET,
            public_url="https://cantine.example",
            smtp_host="127.0.0.1" if port else "",
            smtp_port=port or 25,
            smtp_security="none",
            smtp_from="La Petite Cantine <cantine@example.org>",
        )
    )


@pytest.fixture
def mail(smtp_server: tuple[Inbox, int], tmp_path: Path, database_url: str) -> tuple[Inbox, Outbox]:
    """The fake server's inbox and an outbox that sends to it."""
    inbox, port = smtp_server
    return inbox, outbox_for(tmp_path, database_url, port)


@pytest.fixture
def no_mail(tmp_path: Path, database_url: str) -> Outbox:
    """An outbox with SMTP not configured (the default)."""
    return outbox_for(tmp_path, database_url, None)
