"""Uploaded files: the type is read from the bytes (never from the browser), the size is capped,
the bytes are stored under <data dir>/toolbox/ with a random name, and the name given for the
download is cleaned."""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import unicodedata
import zipfile
from pathlib import Path
from typing import Protocol

from canteen.errors import N_, DomainError

CHUNK = 64 * 1024
# content type -> (what staff read in messages, file extension for the download)
ACCEPTED: dict[str, tuple[str, str]] = {
    "application/pdf": ("PDF", ".pdf"),
    "image/png": ("PNG", ".png"),
    "image/jpeg": ("JPEG", ".jpg"),
    "application/vnd.oasis.opendocument.text": ("ODT", ".odt"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("DOCX", ".docx"),
}
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def accepted_names() -> str:
    return ", ".join(name for name, _ext in ACCEPTED.values())


def sniff(path: Path) -> str | None:
    """The content type read from the file's own bytes, or None when it is not one we accept."""
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_type(path)
    return None


def _office_type(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def clean_filename(name: str, content_type: str) -> str:
    """A name safe to offer in a download: no path, no control characters, the right extension."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(c for c in base if c.isprintable() and c not in '"<>:|?*;')
    stem = os.path.splitext(base)[0].strip(" .")[:120] or "document"
    return stem + ACCEPTED[content_type][1]


def ascii_fallback(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._ -]+", "_", plain).strip() or "document"


def storage_dir(data_dir: Path) -> Path:
    folder = data_dir / "toolbox"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def forget_unreferenced(data_dir: Path) -> int:
    """Delete the stored files no resource version names any more (after `canteen demo
    --reset` erased the database); returns how many. Uploads in progress are left alone."""
    from canteen.toolbox.tables import ResourceFile

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
                if size > max_bytes:
                    raise FileTooLarge(limit=f"{max_bytes / (1024 * 1024):g}")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise FileEmpty()
        content_type = sniff(partial)
        if content_type is None:
            raise FileTypeRefused(accepted=accepted_names())
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
