"""Canteen projects: record them, follow their founders and checklists, move them stage by stage.

Reaching "first meal" turns the project into a canteen of the network; the project keeps its
history (moves, ticks, contacts) and points at the canteen.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from babel.numbers import list_currencies

from canteen.accounts.schemas import SessionUser
from canteen.db import engine, is_sqlite, is_unique_violation, write_transaction
from canteen.errors import N_, DomainError, Forbidden, InvalidInput, NotFound
from canteen.network import services as network
from canteen.network.tables import Canteen, KioskDevice
from canteen.onboarding import geo
from canteen.onboarding.schemas import FounderIn, ProjectFilter, ProjectIn
from canteen.onboarding.stages import (
    ALL_STAGES,
    BY_KEY,
    CANTEEN_STAGE,
    ITEMS,
    MIN_FOUNDERS,
    STAGE_KEYS,
    Label,
    next_contact_on,
    overdue_days,
    stage_index,
)
from canteen.onboarding.tables import (
    CanteenProject,
    ChecklistTick,
    ProjectFounder,
    StageMove,
)

FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "city": N_("City"),
    "country": N_("Country (2 letters)"),
    "languages": N_("Languages"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "timezone": N_("Time zone"),
    "currency": N_("Currency"),
    "premises": N_("Premises"),
    "area": N_("Urban or rural"),
    "expected_covers": N_("Expected covers"),
    "model": N_("Model"),
    "followup_weeks": N_("Follow-up every (weeks)"),
    "notes": N_("Notes"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "role": N_("Role"),
    "contacted_on": N_("Date"),
    "channel": N_("Channel"),
}


class FieldInvalid(DomainError):
    status = 422
    message = N_("Check this field: {field}.")


class CoordinatesNeeded(DomainError):
    status = 422
    message = N_(
        "The offline city list is not installed (the 'geo' extra): enter the city's latitude "
        "and longitude."
    )


class CityNotFound(DomainError):
    status = 422
    message = N_("No city called {city} is in the offline list: enter its latitude and longitude.")


class ChecklistIncomplete(DomainError):
    status = 409
    message = N_("Still to do before leaving the stage {stage}: {item}.")


class StageSkipped(DomainError):
    status = 409
    message = N_("Move one stage at a time: the next stage is {stage}.")


class StageUnchanged(DomainError):
    status = 409
    message = N_("The project is already at the stage {stage}.")


class DormantResume(DomainError):
    status = 409
    message = N_("A dormant project resumes at the stage it stopped at ({stage}) or earlier.")


class ItemNotInStage(DomainError):
    status = 422
    message = N_("This checklist item belongs to another stage.")


class ItemAutomatic(DomainError):
    status = 422
    message = N_("This item is checked from the project's data, not by hand.")


def now() -> datetime:
    return datetime.now(UTC)


def parse(struct: type[Any], values: dict[str, Any]) -> Any:
    """A msgspec Struct from form values; a refusal names the field, in the reader's language."""
    try:
        return msgspec.convert(values, struct, strict=False)
    except msgspec.ValidationError as exc:
        found = re.search(r"\$\.(\w+)", str(exc))
        field = found.group(1) if found else ""
        raise FieldInvalid(field=Label(FIELD_LABELS.get(field, N_("Name")))) from exc


def contains(column: Any, pattern: str) -> Any:
    """Case-insensitive LIKE: ILIKE on PostgreSQL; SQLite's LIKE already ignores ASCII case."""
    return column.like(pattern) if is_sqlite(engine()) else column.ilike(pattern)


def split(value: str) -> list[str]:
    return [part for part in (value or "").split(",") if part]


def _project_values(data: ProjectIn) -> dict[Any, Any]:
    """Checked column values for a project; looks the city up offline when no coordinates."""
    timezone = data.timezone or "Europe/Paris"
    latitude, longitude = data.latitude, data.longitude
    if (latitude is None) != (longitude is None):
        raise FieldInvalid(field=Label(FIELD_LABELS["longitude" if latitude else "latitude"]))
    if latitude is None:
        try:
            city = geo.lookup_city(data.city, data.country)
        except LookupError as exc:
            raise CoordinatesNeeded() from exc
        if city is None:
            raise CityNotFound(city=data.city)
        latitude, longitude = city.latitude, city.longitude
        timezone = data.timezone or city.timezone
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise FieldInvalid(field=Label(FIELD_LABELS["timezone"])) from exc
    if data.currency not in list_currencies():
        raise FieldInvalid(field=Label(FIELD_LABELS["currency"]))
    languages = list(dict.fromkeys(data.languages))
    return {
        CanteenProject.name: data.name.strip(),
        CanteenProject.city: data.city.strip(),
        CanteenProject.country: data.country,
        CanteenProject.latitude: latitude,
        CanteenProject.longitude: longitude,
        CanteenProject.timezone: timezone,
        CanteenProject.currency: data.currency,
        CanteenProject.languages: ",".join(languages),
        CanteenProject.premises: data.premises,
        CanteenProject.area: data.area,
        CanteenProject.expected_covers: data.expected_covers,
        CanteenProject.model: data.model,
        CanteenProject.followup_weeks: data.followup_weeks,
        CanteenProject.notes: data.notes.strip(),
    }


async def visible_project_ids(user: SessionUser) -> list[int] | None:
    """The projects a coordinator may see (their canteen's mentees, or the project their canteen
    came from); None for staff, who see every project."""
    if user.is_staff:
        return None
    from canteen.mentoring.tables import Mentoring

    mentored = await Mentoring.select(Mentoring.project).where(
        (Mentoring.mentor.canteen == user.canteen) & Mentoring.ended_at.is_null()
    )
    own = await CanteenProject.select(CanteenProject.id).where(
        CanteenProject.canteen == user.canteen
    )
    return sorted({row["project"] for row in mentored} | {row["id"] for row in own})


async def can_see_project(user: SessionUser, project_id: int) -> bool:
    visible = await visible_project_ids(user)
    return visible is None or project_id in visible


def require_staff(user: SessionUser) -> None:
    if not user.is_staff:
        raise Forbidden()


async def get_project(project_id: int, user: SessionUser) -> dict[str, Any]:
    """One project, if this user may see it (a hidden project is 'not found', not 'forbidden')."""
    row = await CanteenProject.select().where(CanteenProject.id == project_id).first()
    if row is None or not await can_see_project(user, project_id):
        raise NotFound()
    return row


async def create_project(data: ProjectIn, user: SessionUser) -> int:
    require_staff(user)
    values = {column._meta.name: value for column, value in _project_values(data).items()}
    moment = now()
    async with write_transaction():
        rows = await CanteenProject.insert(
            CanteenProject(
                **values, stage="contact", stage_since=moment, created_at=moment, created_by=user.id
            )
        ).returning(CanteenProject.id)
        project_id = int(rows[0]["id"])
        await StageMove.insert(
            StageMove(project=project_id, to_stage="contact", moved_at=moment, moved_by=user.id)
        )
    return project_id


async def update_project(project_id: int, data: ProjectIn, user: SessionUser) -> None:
    require_staff(user)
    await get_project(project_id, user)
    await CanteenProject.update(_project_values(data)).where(CanteenProject.id == project_id)


async def list_projects(user: SessionUser, filters: ProjectFilter | None = None) -> list[dict]:
    """Projects this user may see, with filters (stage, language, text, overdue only)."""
    filters = filters or ProjectFilter()
    query = CanteenProject.select().order_by(CanteenProject.name)
    visible = await visible_project_ids(user)
    if visible is not None:
        if not visible:
            return []
        query = query.where(CanteenProject.id.is_in(visible))
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
        rows = [row for row in rows if filters.language in split(row["languages"])]
    today = date.today()
    for row in rows:
        row["next_contact_on"] = next_contact_on(row)
        row["overdue_days"] = overdue_days(row, today)
    if filters.overdue:
        rows = [row for row in rows if row["overdue_days"] > 0]
    return rows


async def board(user: SessionUser) -> dict[str, list[dict]]:
    """Projects by stage, every stage present (empty columns too), dormant last."""
    columns: dict[str, list[dict]] = {stage.key: [] for stage in ALL_STAGES}
    for row in await list_projects(user):
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
    require_staff(user)
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
    require_staff(user)
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
    return {"team.founders": founders >= MIN_FOUNDERS, "first.tablet": tablet}


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
        done = automatic.get(item.key, False) if item.automatic else tick is not None
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "automatic": item.automatic,
                "done": done,
                "ticked_at": tick["ticked_at"] if tick and not item.automatic else None,
                "ticked_by": (tick["by_name"] or tick["by_email"]) if tick else "",
            }
        )
    return items


async def tick(project_id: int, item_key: str, done: bool, user: SessionUser) -> None:
    """Tick (or untick) one item of the project's current stage."""
    require_staff(user)
    project = await get_project(project_id, user)
    item = ITEMS.get(item_key)
    if item is None or item not in BY_KEY[project["stage"]].checklist:
        raise ItemNotInStage()
    if item.automatic:
        raise ItemAutomatic()
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


async def _check_move(project: dict[str, Any], to_stage: str) -> None:
    current = project["stage"]
    if to_stage not in BY_KEY:
        raise InvalidInput()
    if to_stage == current:
        raise StageUnchanged(stage=Label(BY_KEY[current].label))
    if to_stage == "dormant":
        return
    if current == "dormant":
        paused = project["paused_stage"] or "contact"
        if stage_index(to_stage) > stage_index(paused):
            raise DormantResume(stage=Label(BY_KEY[paused].label))
        return
    step = stage_index(to_stage) - stage_index(current)
    if step <= 0:
        return  # going back is always possible: premises lost, funding fallen through…
    if step > 1:
        raise StageSkipped(stage=Label(_next_label(current)))
    for item in await checklist(project):
        if not item["done"]:
            raise ChecklistIncomplete(stage=Label(BY_KEY[current].label), item=Label(item["label"]))


def _next_label(current: str) -> str:
    return BY_KEY[STAGE_KEYS[stage_index(current) + 1]].label


async def move_stage(
    project_id: int, to_stage: str, user: SessionUser, note: str = ""
) -> dict[str, Any]:
    """Move a project: one stage forward once its checklist is done, back, or to dormant.

    Records when and by whom. Reaching "first meal" makes the project a canteen.
    """
    require_staff(user)
    await get_project(project_id, user)
    async with write_transaction():
        query = CanteenProject.select().where(CanteenProject.id == project_id)
        if not is_sqlite(engine()):
            query = query.lock_rows("UPDATE")
        project = await query.first()
        if project is None:
            raise NotFound()
        await _check_move(project, to_stage)
        moment = now()
        changes: dict[Any, Any] = {
            CanteenProject.stage: to_stage,
            CanteenProject.stage_since: moment,
        }
        if to_stage == "dormant":
            changes[CanteenProject.paused_stage] = project["stage"]
        elif project["stage"] == "dormant":
            changes[CanteenProject.paused_stage] = ""
        if stage_index(to_stage) >= stage_index(CANTEEN_STAGE) and project["canteen"] is None:
            changes[CanteenProject.canteen] = await _found_canteen(project)
        await CanteenProject.update(changes).where(CanteenProject.id == project_id)
        await StageMove.insert(
            StageMove(
                project=project_id,
                from_stage=project["stage"],
                to_stage=to_stage,
                moved_at=moment,
                moved_by=user.id,
                note=note.strip()[:2000],
            )
        )
    return await get_project(project_id, user)


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "canteen"


async def _found_canteen(project: dict[str, Any]) -> int:
    """The new canteen a project becomes, with the project's place, languages and currency."""
    base = slugify(f"{project['city']}-{project['name']}")
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
