"""E-mail to volunteers through the canteen's own SMTP server (stdlib smtplib), when set up.

With no CANTEEN_SMTP_HOST nothing is ever sent: the coordinator's view lists the reminders
to give by hand instead.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from canteen.settings import Settings

SMTP_TIMEOUT_SECONDS = 20


class Outbox:
    """Where volunteer e-mails go, and what they need to carry a working private link."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.secret = settings.secret_key
        self.base_url = settings.base_url

    @property
    def configured(self) -> bool:
        return self.settings.smtp_configured

    def message(self, to: str, subject: str, body: str) -> EmailMessage:
        sender = self.settings.smtp_from or f"Tablée <noreply@{self.settings.smtp_host}>"
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.settings.smtp_host or "tablee.local")
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(body)
        return message

    def _send(self, message: EmailMessage) -> None:
        s = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.smtp_security == "ssl":
            smtp = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS, context=context
            )
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
        with smtp:
            if s.smtp_security == "starttls":
                smtp.starttls(context=context)
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
            smtp.send_message(message)

    async def send(self, to: str, subject: str, body: str) -> None:
        """Send one e-mail (in a worker thread: smtplib blocks). Raises on failure."""
        if not self.configured:
            raise RuntimeError("SMTP is not configured")
        await asyncio.to_thread(self._send, self.message(to, subject, body))
