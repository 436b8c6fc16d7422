"""`canteen backup` and `canteen restore`, for SQLite and PostgreSQL.

SQLite: the online backup API copies a consistent snapshot while the service keeps writing
(WAL: the copy is one read transaction, writers never wait for it). PostgreSQL: pg_dump in its
custom format (one consistent snapshot as well), restored with pg_restore in one transaction.
A backup holds PIN and token hashes: files are created readable by their owner only. A restore
first saves what it is about to replace, then runs the migrations so an older backup comes back
on the current schema.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse, urlunparse

from canteen.settings import Settings

PG_TOOLS_HINT = (
    "Install the PostgreSQL client tools, at least as recent as the server "
    "(Debian: apt-get install postgresql-client)."
)
BACKUP_PREFIX = "tablee-"


class BackupError(Exception):
    """Said plainly to whoever runs the command; nothing was changed."""


def backup_dir(settings: Settings) -> Path:
    return settings.data_dir / "backups"


def _sqlite_path(settings: Settings) -> Path:
    return Path(settings.database_url.split(":///", 1)[1])


def _default_name(settings: Settings, label: str = "") -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%fZ")
    suffix = ".sqlite" if settings.is_sqlite else ".dump"
    return backup_dir(settings) / f"{BACKUP_PREFIX}{label}{stamp}{suffix}"


def _private_file(path: Path) -> None:
    """An empty file only its owner can read: the backup is written into it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _pg_command(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise BackupError(f"{tool} was not found on PATH. {PG_TOOLS_HINT}")
    return found


def _pg_connection(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its password (kept off the command line, where `ps` shows it) and the
    environment that carries the password instead."""
    parsed = urlparse(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = unquote(parsed.password)
        host = parsed.hostname or ""
        netloc = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
        if parsed.username:
            netloc = f"{parsed.username}@{netloc}"
        if parsed.port:
            netloc = f"{netloc}:{parsed.port}"
        parsed = parsed._replace(netloc=netloc)
    scheme = "postgresql" if parsed.scheme == "postgres" else parsed.scheme
    return urlunparse(parsed._replace(scheme=scheme)), env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed ({done.returncode}): {done.stderr.strip()}")


def backup_database(settings: Settings, out: Path | None = None) -> Path:
    """Write a consistent copy of the whole database to `out` (default: the backups folder)."""
    target = (out or _default_name(settings)).expanduser().resolve()
    partial = target.with_name(target.name + ".partial")
    _private_file(partial)
    try:
        if settings.is_sqlite:
            source_path = _sqlite_path(settings)
            if not source_path.exists():
                raise BackupError(f"There is no database at {source_path} yet.")
            source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)  # all pages in one step: one consistent snapshot
                # A single self-contained file: reading it later leaves no -wal/-shm beside it.
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
                source.close()
        else:
            url, env = _pg_connection(settings.database_url)
            command = [_pg_command("pg_dump"), "--format=custom", "--no-owner"]
            _run([*command, "--file", str(partial), "--dbname", url], env)
        partial.replace(target)  # a backup under its final name is always whole
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _read_only(path: Path) -> str:
    """A backup file opened without writing anything, not even lock files, beside it."""
    return f"file:{path}?mode=ro&immutable=1"


def _check_sqlite_backup(path: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(_read_only(path), uri=True)) as backup:
            status = backup.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a Tablée SQLite backup: {error}") from None
    if status != "ok" or not {"migration", "canteen"} <= tables:
        raise BackupError(f"{path} is not a Tablée SQLite backup ({status}).")


def restore_database(settings: Settings, source: Path) -> Path:
    """Replace the database's content with the backup's; returns where the replaced content
    was saved first. Stop the service (every worker) before, start it after."""
    source = source.expanduser().resolve()
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    if settings.is_sqlite:
        _check_sqlite_backup(source)
    else:
        restore_tool = _pg_command("pg_restore")
        url, env = _pg_connection(settings.database_url)
        _run([restore_tool, "--list", str(source)], env)  # a readable custom-format archive?
    before = backup_database(settings, _default_name(settings, "before-restore-"))
    if settings.is_sqlite:
        # Through SQLite's backup API rather than a file copy: the -wal and -shm files and any
        # open connection stay consistent.
        backup = sqlite3.connect(_read_only(source), uri=True)
        target = sqlite3.connect(_sqlite_path(settings), timeout=30)
        try:
            backup.backup(target)
        finally:
            target.close()
            backup.close()
    else:
        command = [restore_tool, "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        _run([*command, "--single-transaction", "--dbname", url, str(source)], env)
    return before


def prune(settings: Settings, keep: int) -> list[Path]:
    """Delete all but the `keep` newest regular backups of the backups folder."""
    folder = backup_dir(settings)
    if keep < 1 or not folder.is_dir():
        return []
    backups = sorted(
        (path for path in folder.glob(f"{BACKUP_PREFIX}2*") if path.suffix in {".sqlite", ".dump"}),
        key=lambda path: path.name,
    )
    old = backups[:-keep]
    for path in old:
        path.unlink()
    return old
