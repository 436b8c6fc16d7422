"""Canteen projects: record them, follow their founders and checklists, move them stage by stage.

Reaching "first meal" turns the project into a canteen of the network; the project keeps its
history (moves, ticks, contacts) and points at the canteen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from babel.numbers import list_currencies

from canteen import access, text
from canteen.accounts.schemas import SessionUser
from canteen.clock import now, utc_today
from canteen.db import engine, is_sqlite, is_unique_violation, write_transaction
from canteen.errors import NotFound
from canteen.network import services as network
from canteen.network.tables import Canteen, KioskDevice
from canteen.onboarding import geo, rules
from canteen.onboarding.errors import (
    ChecklistIncomplete,
    CityNotFound,
    CoordinatesNeeded,
    FieldInvalid,
    field_invalid,
    move_refused,
    tick_refused,
)
from canteen.onboarding.rules import ALL_STAGES, BY_KEY, DEFAULT_TIMEZONE, FIRST_STAGE
from canteen.onboarding.schemas import FounderIn, ProjectFilter, ProjectIn
from canteen.onboarding.tables import (
    CanteenProject,
    ChecklistTick,
    ProjectFounder,
    StageMove,
)

__all__ = ["ChecklistIncomplete", "CityNotFound", "CoordinatesNeeded", "FieldInvalid", "now"]

# The projects a coordinator may see (canteen.mentoring.visibility lists them); None: every one.
Visible = Iterable[int] | None


def parse(struct: type[Any], values: dict[str, Any]) -> Any:
    """A msgspec Struct from form values; a refusal names the field, in the reader's language."""
    try:
        return msgspec.convert(values, struct, strict=False)
    except msgspec.ValidationError as exc:
        found = re.search(r"\$\.(\w+)", str(exc))
        raise field_invalid(found.group(1) if found else "") from exc


def contains(column: Any, pattern: str) -> Any:
    """Case-insensitive LIKE: ILIKE on PostgreSQL; SQLite's LIKE already ignores ASCII case."""
    return column.like(pattern) if is_sqlite(engine()) else column.ilike(pattern)


def _place(data: ProjectIn) -> tuple[float, float, str]:
    """(latitude, longitude, time zone): as entered, or the city looked up offline."""
    timezone = data.timezone or DEFAULT_TIMEZONE
    latitude, longitude = data.latitude, data.longitude
    if (latitude is None) != (longitude is None):
        raise field_invalid("longitude" if latitude else "latitude")
    if latitude is not None and longitude is not None:
        return latitude, longitude, timezone
    try:
        city = geo.lookup_city(data.city, data.country)
    except LookupError as exc:
        raise CoordinatesNeeded() from exc
    if city is None:
        raise CityNotFound(city=data.city)
    return city.latitude, city.longitude, data.timezone or city.timezone


def _project_values(data: ProjectIn) -> dict[Any, Any]:
    """Checked column values for a project; looks the city up offline when no coordinates."""
    latitude, longitude, timezone = _place(data)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise field_invalid("timezone") from exc
    if data.currency not in list_currencies():
        raise field_invalid("currency")
    return {
        CanteenProject.name: data.name.strip(),
        CanteenProject.city: data.city.strip(),
        CanteenProject.country: data.country,
        CanteenProject.latitude: latitude,
        CanteenProject.longitude: longitude,
        CanteenProject.timezone: timezone,
        CanteenProject.currency: data.currency,
        CanteenProject.languages: text.join(data.languages),
        CanteenProject.premises: data.premises,
        CanteenProject.area: data.area,
        CanteenProject.expected_covers: data.expected_covers,
        CanteenProject.model: data.model,
        CanteenProject.followup_weeks: data.followup_weeks,
        CanteenProject.notes: data.notes.strip(),
    }


async def get_project(
    project_id: int, user: SessionUser, visible: Visible = None
) -> dict[str, Any]:
    """One project, if this user may see it (a hidden project is 'not found', not 'forbidden').

    Staff see every project; a coordinator only those in `visible`."""
    row = await CanteenProject.select().where(CanteenProject.id == project_id).first()
    if row is None or not access.can_see_project(user, project_id, visible):
        raise NotFound()
    return row


async def create_project(data: ProjectIn, user: SessionUser) -> int:
    access.require_staff(user)
    values = {column._meta.name: value for column, value in _project_values(data).items()}
    moment = now()
    async with write_transaction():
        rows = await CanteenProject.insert(
            CanteenProject(
                **values,
                stage=FIRST_STAGE,
                stage_since=moment,
                created_at=moment,
                created_by=user.id,
            )
        ).returning(CanteenProject.id)
        project_id = int(rows[0]["id"])
        await StageMove.insert(
            StageMove(project=project_id, to_stage=FIRST_STAGE, moved_at=moment, moved_by=user.id)
        )
    return project_id


async def update_project(project_id: int, data: ProjectIn, user: SessionUser) -> None:
    access.require_staff(user)
    await get_project(project_id, user)
    await CanteenProject.update(_project_values(data)).where(CanteenProject.id == project_id)


async def list_projects(
    user: SessionUser, filters: ProjectFilter | None = None, visible: Visible = None
) -> list[dict]:
    """Projects this user may see (staff: all; a coordinator: those in `visible`), with filters
    (stage, language, text, overdue only) and when each is next due a contact."""
    filters = filters or ProjectFilter()
    query = CanteenProject.select().order_by(CanteenProject.name)
    if not access.is_staff(user):
        ids = sorted(set(visible or ()))
        if not ids:
            return []
        query = query.where(CanteenProject.id.is_in(ids))
    if filters.stage in BY_KEY:
        query = query.where(CanteenProject.stage == filters.stage)
    if filters.q.strip():
        pattern = f"%{filters.q.strip()[:80]}%"
        query = query.where(
            contains(CanteenProject.name, pattern)
            | contains(CanteenProject.city, pattern)
            | contains(CanteenProject.country, pattern)
        )
    rows = await query
    if filters.language:
        rows = [row for row in rows if filters.language in text.split(row["languages"])]
    today = utc_today()
    for row in rows:
        row["next_contact_on"] = rules.next_contact_on(row)
        row["overdue_days"] = rules.overdue_days(row, today)
    if filters.overdue:
        rows = [row for row in rows if row["overdue_days"] > 0]
    return rows


async def board(user: SessionUser, visible: Visible = None) -> dict[str, list[dict]]:
    """Projects by stage, every stage present (empty columns too), dormant last."""
    columns: dict[str, list[dict]] = {stage.key: [] for stage in ALL_STAGES}
    for row in await list_projects(user, visible=visible):
        columns.setdefault(row["stage"], []).append(row)
    return columns


async def board_counts() -> dict[str, int]:
    rows = await CanteenProject.select(CanteenProject.stage)
    counts = {stage.key: 0 for stage in ALL_STAGES}
    for row in rows:
        counts[row["stage"]] = counts.get(row["stage"], 0) + 1
    return counts


async def project_of_canteen(canteen_id: int) -> dict[str, Any] | None:
    """The project a canteen grew from, if it did."""
    return await CanteenProject.select().where(CanteenProject.canteen == canteen_id).first()


# Founders ---------------------------------------------------------------------------------


async def list_founders(project_id: int) -> list[dict]:
    return (
        await ProjectFounder.select()
        .where(ProjectFounder.project == project_id)
        .order_by(ProjectFounder.id)
    )


async def add_founder(project_id: int, data: FounderIn, user: SessionUser) -> int:
    access.require_staff(user)
    await get_project(project_id, user)
    rows = await ProjectFounder.insert(
        ProjectFounder(
            project=project_id,
            name=data.name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            role=data.role.strip(),
            created_at=now(),
        )
    ).returning(ProjectFounder.id)
    return int(rows[0]["id"])


async def remove_founder(project_id: int, founder_id: int, user: SessionUser) -> None:
    access.require_staff(user)
    deleted = (
        await ProjectFounder.delete()
        .where((ProjectFounder.id == founder_id) & (ProjectFounder.project == project_id))
        .returning(ProjectFounder.id)
    )
    if not deleted:
        raise NotFound()


# Checklists and stages --------------------------------------------------------------------


async def _automatic(project: dict[str, Any]) -> dict[str, bool]:
    founders = await ProjectFounder.count().where(ProjectFounder.project == project["id"])
    tablet = False
    if project["canteen"] is not None:
        tablet = await KioskDevice.exists().where(
            (KioskDevice.canteen == project["canteen"]) & KioskDevice.revoked_at.is_null()
        )
    return rules.automatic_items(founders, tablet)


async def checklist(project: dict[str, Any], stage_key: str | None = None) -> list[dict]:
    """The checklist of a stage (the project's current one by default), item by item."""
    stage = BY_KEY.get(stage_key or project["stage"])
    if stage is None:
        return []
    ticks = {
        row["item"]: row
        for row in await ChecklistTick.select(
            ChecklistTick.item,
            ChecklistTick.ticked_at,
            ChecklistTick.ticked_by.name.as_alias("by_name"),
            ChecklistTick.ticked_by.email.as_alias("by_email"),
        ).where(ChecklistTick.project == project["id"])
    }
    automatic = await _automatic(project)
    items = []
    for item in stage.checklist:
        tick = ticks.get(item.key)
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "automatic": item.automatic,
                "done": rules.item_done(item, tick is not None, automatic),
                "ticked_at": tick["ticked_at"] if tick and not item.automatic else None,
                "ticked_by": (tick["by_name"] or tick["by_email"]) if tick else "",
            }
        )
    return items


async def tick(project_id: int, item_key: str, done: bool, user: SessionUser) -> None:
    """Tick (or untick) one item of the project's current stage."""
    access.require_staff(user)
    project = await get_project(project_id, user)
    refusal = rules.tick_refusal(project["stage"], item_key)
    if refusal:
        raise tick_refused(refusal)
    if not done:
        await ChecklistTick.delete().where(
            (ChecklistTick.project == project_id) & (ChecklistTick.item == item_key)
        )
        return
    try:
        await ChecklistTick.insert(
            ChecklistTick(project=project_id, item=item_key, ticked_at=now(), ticked_by=user.id)
        )
    except Exception as exc:
        if not is_unique_violation(exc):  # already ticked: ticking again changes nothing
            raise


async def _locked_project(project_id: int) -> dict[str, Any]:
    query = CanteenProject.select().where(CanteenProject.id == project_id)
    if not is_sqlite(engine()):
        query = query.lock_rows("UPDATE")
    project = await query.first()
    if project is None:
        raise NotFound()
    return project


async def move_stage(
    project_id: int, to_stage: str, user: SessionUser, note: str = ""
) -> dict[str, Any]:
    """Move a project: one stage forward once its checklist is done, back, or to dormant
    (rules.move_refusal). Records when and by whom. Reaching "first meal" makes it a canteen.
    """
    access.require_staff(user)
    await get_project(project_id, user)
    async with write_transaction():
        project = await _locked_project(project_id)
        undone = [item["label"] for item in await checklist(project) if not item["done"]]
        refusal = rules.move_refusal(project["stage"], project["paused_stage"], to_stage, undone)
        if refusal:
            raise move_refused(refusal)
        moment = now()
        changes: dict[Any, Any] = {
            CanteenProject.stage: to_stage,
            CanteenProject.stage_since: moment,
        }
        paused = rules.paused_stage_after(project["stage"], to_stage)
        if paused is not None:
            changes[CanteenProject.paused_stage] = paused
        if rules.becomes_canteen(to_stage, project["canteen"] is not None):
            changes[CanteenProject.canteen] = await found_canteen(project)
        await CanteenProject.update(changes).where(CanteenProject.id == project_id)
        await StageMove.insert(
            StageMove(
                project=project_id,
                from_stage=project["stage"],
                to_stage=to_stage,
                moved_at=moment,
                moved_by=user.id,
                note=note.strip()[: rules.MOVE_NOTE_MAX],
            )
        )
    return await get_project(project_id, user)


async def found_canteen(project: dict[str, Any]) -> int:
    """The new canteen a project becomes, with the project's place, languages and currency."""
    base = text.slugify(f"{project['city']}-{project['name']}")
    slug, suffix = base, 2
    while await Canteen.exists().where(Canteen.slug == slug):
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return await network.create_canteen(
        network=project["network"],
        slug=slug,
        name=project["name"],
        city=project["city"],
        country=project["country"],
        latitude=project["latitude"],
        longitude=project["longitude"],
        timezone=project["timezone"],
        currency=project["currency"],
        languages=project["languages"],
        opened_on=now(),
    )
