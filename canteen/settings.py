"""Settings come from the environment through load_settings(); nothing is read at import."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import msgspec

DEFAULTS: dict[str, str] = {
    "CANTEEN_DATA_DIR": "./canteen-data",
    "CANTEEN_DATABASE_URL": "",  # empty: a SQLite file canteen.sqlite in the data dir
    "CANTEEN_SECRET_KEY": "",  # empty: generated once and kept in the data dir
    "CANTEEN_HOST": "127.0.0.1",
    "CANTEEN_PORT": "8000",
    "CANTEEN_WORKERS": "1",
    # PostgreSQL connections per worker: workers × this must stay under max_connections.
    "CANTEEN_DATABASE_POOL_SIZE": "10",
    "CANTEEN_DEFAULT_LANGUAGE": "fr",
    "CANTEEN_COORDINATOR_SESSION_MINUTES": "15",
    "CANTEEN_PAIRING_CODE_MINUTES": "30",
    "CANTEEN_SECURE_COOKIES": "false",
    "CANTEEN_PUBLIC_URL": "",  # empty: http://<host>:<port>; the address in e-mails and posters
    "CANTEEN_SMTP_HOST": "",  # empty: no e-mail is sent (reminders are listed to send by hand)
    "CANTEEN_SMTP_PORT": "587",
    "CANTEEN_SMTP_USER": "",
    "CANTEEN_SMTP_PASSWORD": "",
    "CANTEEN_SMTP_FROM": "",
    "CANTEEN_SMTP_SECURITY": "starttls",  # starttls | ssl | none
    "CANTEEN_SESSION_IDLE_MINUTES": "60",
    "CANTEEN_SESSION_MAX_HOURS": "12",
    "CANTEEN_UPLOAD_MAX_MB": "10",
    # The mentor match: no mentor further than this; "nearby" (preferred) within this or in the
    # same country.
    "CANTEEN_MENTOR_MAX_KM": "8000",
    "CANTEEN_MENTOR_NEARBY_KM": "1000",
    # Proxies whose X-Forwarded-For/-Proto are believed (addresses or networks, comma-separated;
    # "*" = any). Empty: none; a client's address is the socket's, whatever it sends.
    "CANTEEN_TRUSTED_PROXIES": "",
}


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the service needs to run, resolved once at start-up."""

    data_dir: Path
    database_url: str
    secret_key: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    database_pool_size: int = 10
    default_language: str = "fr"
    coordinator_session_minutes: int = 15
    pairing_code_minutes: int = 30
    secure_cookies: bool = False
    public_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_security: str = "starttls"
    session_idle_minutes: int = 60
    session_max_hours: int = 12
    upload_max_mb: int = 10
    mentor_max_km: int = 8000
    mentor_nearby_km: int = 1000
    trusted_proxies: str = ""

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def smtp_configured(self) -> bool:
        return bool(self.smtp_host)

    @property
    def base_url(self) -> str:
        """The address people reach the service at (for links sent by e-mail)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


def _value(environ: Mapping[str, str], name: str) -> str:
    """A setting's value, from NAME, or from the file named by NAME_FILE (for secrets)."""
    file_name = environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return environ.get(name) or DEFAULTS[name]


def _secret_key(data_dir: Path, given: str) -> str:
    if given:
        return given
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Written with owner-only rights: the key signs coordinator sessions.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from an environment mapping (os.environ when None)."""
    env = os.environ if environ is None else environ
    data_dir = Path(_value(env, "CANTEEN_DATA_DIR")).expanduser().resolve()
    database_url = _value(env, "CANTEEN_DATABASE_URL") or f"sqlite:///{data_dir / 'canteen.sqlite'}"
    if database_url.startswith("sqlite"):
        data_dir.mkdir(parents=True, exist_ok=True)
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=_secret_key(data_dir, _value(env, "CANTEEN_SECRET_KEY")),
        host=_value(env, "CANTEEN_HOST"),
        port=int(_value(env, "CANTEEN_PORT")),
        workers=int(_value(env, "CANTEEN_WORKERS")),
        database_pool_size=int(_value(env, "CANTEEN_DATABASE_POOL_SIZE")),
        default_language=_value(env, "CANTEEN_DEFAULT_LANGUAGE"),
        coordinator_session_minutes=int(_value(env, "CANTEEN_COORDINATOR_SESSION_MINUTES")),
        pairing_code_minutes=int(_value(env, "CANTEEN_PAIRING_CODE_MINUTES")),
        secure_cookies=_value(env, "CANTEEN_SECURE_COOKIES").lower() in {"1", "true", "yes"},
        public_url=_value(env, "CANTEEN_PUBLIC_URL"),
        smtp_host=_value(env, "CANTEEN_SMTP_HOST"),
        smtp_port=int(_value(env, "CANTEEN_SMTP_PORT")),
        smtp_user=_value(env, "CANTEEN_SMTP_USER"),
        smtp_password=_value(env, "CANTEEN_SMTP_PASSWORD"),
        smtp_from=_value(env, "CANTEEN_SMTP_FROM"),
        smtp_security=_value(env, "CANTEEN_SMTP_SECURITY").lower(),
        session_idle_minutes=int(_value(env, "CANTEEN_SESSION_IDLE_MINUTES")),
        session_max_hours=int(_value(env, "CANTEEN_SESSION_MAX_HOURS")),
        upload_max_mb=int(_value(env, "CANTEEN_UPLOAD_MAX_MB")),
        mentor_max_km=int(_value(env, "CANTEEN_MENTOR_MAX_KM")),
        mentor_nearby_km=int(_value(env, "CANTEEN_MENTOR_NEARBY_KM")),
        trusted_proxies=",".join(
            part.strip()
            for part in _value(env, "CANTEEN_TRUSTED_PROXIES").split(",")
            if part.strip()
        ),
    )
