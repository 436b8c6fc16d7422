"""Uploaded files: the type is read from the bytes (never from the browser), the size is capped,
the bytes are stored under <data dir>/toolbox/ with a random name, and the name given for the
download is cleaned."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from pathlib import Path
from typing import Protocol

from canteen.errors import N_, DomainError
from canteen.toolbox import rules
from canteen.toolbox.tables import ResourceFile

CHUNK = 64 * 1024


class FileTypeRefused(DomainError):
    status = 415
    message = N_("This type of file is not accepted. Accepted: {accepted}.")


class FileTooLarge(DomainError):
    status = 413
    message = N_("This file is too large: the limit is {limit} MB.")


class FileEmpty(DomainError):
    status = 422
    message = N_("The file is empty.")


class Readable(Protocol):
    async def read(self, size: int = -1) -> bytes: ...


def sniff(path: Path) -> str | None:
    """The content type read from the file's own bytes, or None when it is not one we accept."""
    with path.open("rb") as handle:
        head = handle.read(16)
    found = rules.type_of_head(head)
    return _office_type(path) if found == "zip" else found


def _office_type(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else None
            return rules.office_type(names, mimetype)
    except (zipfile.BadZipFile, OSError, KeyError):
        return None


def storage_dir(data_dir: Path) -> Path:
    folder = data_dir / "toolbox"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def forget_unreferenced(data_dir: Path) -> int:
    """Delete the stored files no resource version names any more (after `canteen demo
    --reset` erased the database); returns how many. Uploads in progress are left alone."""
    folder = data_dir / "toolbox"
    if not folder.is_dir():
        return 0
    known = {row["stored_name"] for row in await ResourceFile.select(ResourceFile.stored_name)}
    gone = 0
    for path in folder.iterdir():
        if path.is_file() and not path.name.startswith(".") and path.name not in known:
            path.unlink(missing_ok=True)
            gone += 1
    return gone


async def receive(source: Readable, data_dir: Path, max_bytes: int) -> tuple[str, str, int, str]:
    """Copy an upload to storage, checking size and type: (stored name, type, size, sha256)."""
    folder = storage_dir(data_dir)
    stored_name = secrets.token_hex(16)
    partial = folder / f".{stored_name}.part"
    digest, size = hashlib.sha256(), 0
    try:
        with partial.open("wb") as out:
            while chunk := await source.read(CHUNK):
                size += len(chunk)
                if rules.too_large(size, max_bytes):
                    raise FileTooLarge(limit=rules.limit_mb(max_bytes))
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise FileEmpty()
        content_type = sniff(partial)
        if content_type is None:
            raise FileTypeRefused(accepted=rules.accepted_names())
        partial.rename(folder / stored_name)
    finally:
        partial.unlink(missing_ok=True)
    return stored_name, content_type, size, digest.hexdigest()


class BytesSource:
    """An in-memory upload (tests, demo data)."""

    def __init__(self, data: bytes) -> None:
        self._buffer = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        return self._buffer.read(size)
