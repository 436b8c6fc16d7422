"""The toolbox: resources, their file versions, search, and suggestions for a project's stage.

Resources marked staff-only are invisible to coordinators: not listed, not found, not served.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from canteen import access, text
from canteen.accounts.schemas import SessionUser
from canteen.clock import now
from canteen.db import engine, is_sqlite, write_transaction
from canteen.errors import N_, DomainError, NotFound
from canteen.onboarding.rules import BY_KEY
from canteen.onboarding.services import contains
from canteen.toolbox import files, rules
from canteen.toolbox.rules import KINDS
from canteen.toolbox.schemas import ResourceFilter, ResourceIn
from canteen.toolbox.tables import Resource, ResourceFile

__all__ = ["KINDS", "now"]


class LinkInvalid(DomainError):
    status = 422
    message = N_("A link must start with https:// or http://.")


class UnknownStage(DomainError):
    status = 422
    message = N_("Unknown stage.")


def _values(data: ResourceIn) -> dict[Any, Any]:
    link = data.link.strip()
    if not rules.link_allowed(link):
        raise LinkInvalid()
    if rules.unknown_stages(data.stages, BY_KEY):
        raise UnknownStage()
    return {
        Resource.title: data.title.strip(),
        Resource.kind: data.kind,
        Resource.summary: data.summary.strip(),
        Resource.body: data.body.strip(),
        Resource.languages: text.join(data.languages),
        Resource.stages: text.join(data.stages),
        Resource.tags: text.join(rules.clean_tags(data.tags)),
        Resource.link: link,
        Resource.staff_only: data.staff_only,
    }


async def create_resource(data: ResourceIn, user: SessionUser) -> int:
    access.require_staff(user)
    values = {column._meta.name: value for column, value in _values(data).items()}
    moment = now()
    rows = await Resource.insert(
        Resource(**values, created_at=moment, updated_at=moment, created_by=user.id)
    ).returning(Resource.id)
    return int(rows[0]["id"])


async def update_resource(resource_id: int, data: ResourceIn, user: SessionUser) -> None:
    access.require_staff(user)
    await get_resource(resource_id, user)
    await Resource.update({**_values(data), Resource.updated_at: now()}).where(
        Resource.id == resource_id
    )


async def get_resource(resource_id: int, user: SessionUser) -> dict[str, Any]:
    """One resource this user may see; a staff-only one is 'not found' for a coordinator."""
    row = await Resource.select().where(Resource.id == resource_id).first()
    if row is None or not rules.visible_to(user, row):
        raise NotFound()
    row["current"] = await current_file(resource_id)
    return row


async def current_file(resource_id: int) -> dict[str, Any] | None:
    return (
        await ResourceFile.select()
        .where(ResourceFile.resource == resource_id)
        .order_by(ResourceFile.version, ascending=False)
        .first()
    )


async def list_versions(resource_id: int) -> list[dict[str, Any]]:
    return (
        await ResourceFile.select(
            *ResourceFile.all_columns(),
            ResourceFile.uploaded_by.name.as_alias("by_name"),
            ResourceFile.uploaded_by.email.as_alias("by_email"),
        )
        .where(ResourceFile.resource == resource_id)
        .order_by(ResourceFile.version, ascending=False)
    )


async def attach_file(
    resource_id: int,
    filename: str,
    source: files.Readable,
    data_dir: Path,
    max_bytes: int,
    user: SessionUser,
) -> int:
    """Store an uploaded file as the resource's next version (earlier versions are kept)."""
    access.require_staff(user)
    await get_resource(resource_id, user)
    stored_name, content_type, size, sha256 = await files.receive(source, data_dir, max_bytes)
    try:
        async with write_transaction():
            query = Resource.select(Resource.id).where(Resource.id == resource_id)
            if not is_sqlite(engine()):
                query = query.lock_rows("UPDATE")
            if await query.first() is None:
                raise NotFound()
            latest = await current_file(resource_id)
            version = (latest["version"] if latest else 0) + 1
            await ResourceFile.insert(
                ResourceFile(
                    resource=resource_id,
                    version=version,
                    filename=rules.clean_filename(filename, content_type),
                    content_type=content_type,
                    size=size,
                    sha256=sha256,
                    stored_name=stored_name,
                    uploaded_at=now(),
                    uploaded_by=user.id,
                )
            )
            await Resource.update({Resource.updated_at: now()}).where(Resource.id == resource_id)
    except BaseException:
        (files.storage_dir(data_dir) / stored_name).unlink(missing_ok=True)
        raise
    return version


async def file_for_download(
    resource_id: int, version: int | None, user: SessionUser, data_dir: Path
) -> tuple[Path, str, str]:
    """(path on disk, download name, content type) of a version (the latest by default)."""
    await get_resource(resource_id, user)
    query = ResourceFile.select().where(ResourceFile.resource == resource_id)
    if version is not None:
        query = query.where(ResourceFile.version == version)
    row = await query.order_by(ResourceFile.version, ascending=False).first()
    if row is None:
        raise NotFound()
    path = files.storage_dir(data_dir) / row["stored_name"]
    if not path.is_file():
        raise NotFound()
    return path, row["filename"], row["content_type"]


async def search(user: SessionUser, filters: ResourceFilter | None = None) -> list[dict[str, Any]]:
    """Resources this user may see, filtered by words, kind, language, stage and tag."""
    filters = filters or ResourceFilter()
    query = Resource.select().order_by(Resource.title)
    if not access.is_staff(user):
        query = query.where(Resource.staff_only == False)  # noqa: E712
    if filters.kind in KINDS:
        query = query.where(Resource.kind == filters.kind)
    words = filters.q.strip()[: rules.SEARCH_MAX]
    if words:
        pattern = f"%{words}%"
        query = query.where(
            contains(Resource.title, pattern)
            | contains(Resource.summary, pattern)
            | contains(Resource.tags, pattern)
            | contains(Resource.body, pattern)
        )
    return [
        row
        for row in await query
        if rules.matches(row, filters.language, filters.stage, filters.tag)
    ]


async def suggestions(user: SessionUser, stage: str, languages: list[str]) -> list[dict[str, Any]]:
    """What to hand a project now: resources for its stage, in one of its languages (or in any
    language when the resource has none), those in its main language first."""
    rows = await search(user, ResourceFilter(stage=stage))
    chosen = [row for row in rows if rules.suits(row, languages)]
    return sorted(chosen, key=lambda row: rules.suggestion_order(row, languages))


async def all_tags(user: SessionUser) -> list[str]:
    tags: set[str] = set()
    for row in await search(user):
        tags.update(text.split(row["tags"]))
    return sorted(tags)


def slug(title: str) -> str:
    return text.slugify(title, fallback="resource")
