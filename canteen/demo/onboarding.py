"""Demo onboarding: a starter toolbox, mentors among the demo canteens, and projects in new
cities at every stage, with founders, ticks, contacts and a history of moves."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from rich.console import Console

from canteen.accounts.tables import Account
from canteen.clock import days_ago, utc_today
from canteen.demo.toolbox_content import RESOURCES, statutes_odt
from canteen.mentoring.tables import Mentor, Mentoring, MentoringContact
from canteen.network.tables import Canteen
from canteen.onboarding import services as onboarding
from canteen.onboarding.rules import BY_KEY, CANTEEN_STAGE, STAGE_KEYS
from canteen.onboarding.tables import (
    CanteenProject,
    ChecklistTick,
    ProjectContact,
    ProjectFounder,
    StageMove,
)
from canteen.settings import load_settings
from canteen.toolbox import files
from canteen.toolbox.tables import Resource, ResourceFile


@dataclass(frozen=True)
class DemoProject:
    name: str
    city: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    currency: str
    languages: str
    premises: str
    area: str
    covers: int
    model: str
    stage: str
    founders: tuple[str, ...]
    last_contact_days: int  # days since the last contact (overdue when > 6 weeks)
    mentor: str = ""  # slug of the mentoring canteen, when already matched


PROJECTS = [
    DemoProject("Cantine des Monts", "Montbrison", "FR", 45.6075, 4.0653, "Europe/Paris", "EUR",
                "fr", "church_hall", "rural", 25, "cook_together", "founding_team",
                ("Claire Besson",), 20),
    DemoProject("La Tablée romanaise", "Romans-sur-Isère", "FR", 45.0432, 5.0516,
                "Europe/Paris", "EUR", "fr,ar", "community_centre", "urban", 35,
                "cook_together", "premises", ("Nadia Benali", "Paul Moreau", "Inès Roux"), 65),
    DemoProject("Cantine de l'Abbaye", "Grenoble", "FR", 45.1885, 5.7245, "Europe/Paris", "EUR",
                "fr,ar,en", "social_housing", "urban", 45, "cook_together",
                "legal_association", ("Samir Haddad", "Lucie Garnier"), 30, "lyon-croix-rousse"),
    DemoProject("Keuken van Gent", "Gent", "BE", 51.0543, 3.7174, "Europe/Brussels", "EUR",
                "nl,en", "community_centre", "urban", 30, "served", "contact", (), 10),
    DemoProject("Cuisine du Laveu", "Liège", "BE", 50.6326, 5.5797, "Europe/Brussels", "EUR",
                "fr,nl", "school", "urban", 40, "cook_together", "video_meeting",
                ("Marie Lambert", "Youssef Amrani"), 50),
    DemoProject("Cuisine collective de Fleurimont", "Sherbrooke", "CA", 45.4042, -71.8929,
                "America/Toronto", "CAD", "fr,en", "church_hall", "urban", 30, "cook_together",
                "funding", ("Josée Tremblay", "Mathieu Gagnon"), 12),
    DemoProject("Cuisine collective de Ségou", "Ségou", "ML", 13.4317, -6.2157, "Africa/Bamako",
                "XOF", "fr", "community_centre", "urban", 60, "cook_together",
                "kitchen_equipped", ("Aminata Diarra", "Fatoumata Coulibaly"), 80),
    DemoProject("Cuisine solidaire d'Akébé", "Libreville", "GA", 0.4162, 9.4673,
                "Africa/Libreville", "XAF", "fr", "own_place", "urban", 40, "served", "contact",
                ("Sylvie Ndong",), 75),
    DemoProject("Comedor de Cayma", "Arequipa", "PE", -16.3989, -71.5369, "America/Lima", "PEN",
                "es", "community_centre", "urban", 70, "cook_together", "premises",
                ("Rosa Quispe", "Carmen Huamán"), 25),
    DemoProject("Wasi Mikhuy", "Cusco", "PE", -13.5320, -71.9675, "America/Lima", "PEN", "qu",
                "own_place", "rural", 25, "cook_together", "video_meeting",
                ("Juana Mamani", "Hilario Condori"), 15),
    DemoProject("La Petite Cantine du Neudorf", "Strasbourg", "FR", 48.5734, 7.7521,
                "Europe/Paris", "EUR", "fr,en", "restaurant", "urban", 50, "cook_together",
                CANTEEN_STAGE, ("Élise Weber", "Karim Saïdi", "Anne Muller"), 9, "lyon-vaise"),
    DemoProject("Cantine de Jambes", "Namur", "BE", 50.4674, 4.8718, "Europe/Brussels", "EUR",
                "fr", "church_hall", "urban", 25, "served", "dormant",
                ("Luc Dubois", "Sarah Petit"), 120),
]  # fmt: skip
MENTORS: dict[str, dict[str, Any]] = {
    "lyon-croix-rousse": {"capacity": 2, "premises": "community_centre", "model": "cook_together"},
    "lyon-vaise": {"capacity": 2, "premises": "restaurant", "model": "cook_together"},
    "bruxelles-molenbeek": {"capacity": 2, "premises": "social_housing", "model": "cook_together"},
    "montreal-hochelaga": {"capacity": 2, "premises": "church_hall", "model": "cook_together"},
    "bamako-woiyo-kondeye": {"capacity": 1, "premises": "community_centre", "model": "served"},
    "lima-villa-el-salvador": {"capacity": 1, "premises": "community_centre", "model": "served"},
}  # fmt: skip
CHANNEL_CYCLE = ("video", "phone", "visit", "email", "meeting")


async def _toolbox(staff_id: int | None, data_dir: Path) -> int:
    for item in RESOURCES:
        created = days_ago(200)
        rows = await Resource.insert(
            Resource(
                title=item["title"],
                kind=item["kind"],
                summary=item.get("summary", ""),
                body=item.get("body", ""),
                languages=",".join(item.get("languages", [])),
                stages=",".join(item.get("stages", [])),
                tags=",".join(item.get("tags", [])),
                link=item.get("link", ""),
                staff_only=item.get("staff_only", False),
                created_at=created,
                updated_at=created,
                created_by=staff_id,
            )
        ).returning(Resource.id)
        if item.get("file") == "statuts":
            stored, content_type, size, sha256 = await files.receive(
                files.BytesSource(statutes_odt()), data_dir, 1024 * 1024
            )
            await ResourceFile.insert(
                ResourceFile(
                    resource=rows[0]["id"],
                    version=1,
                    filename="modele-statuts-association.odt",
                    content_type=content_type,
                    size=size,
                    sha256=sha256,
                    stored_name=stored,
                    uploaded_at=created,
                    uploaded_by=staff_id,
                )
            )
    return len(RESOURCES)


async def _mentors(canteens: dict[str, dict[str, Any]]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for slug, offer in MENTORS.items():
        canteen = canteens.get(slug)
        if canteen is None:
            continue
        rows = await Mentor.insert(
            Mentor(
                canteen=canteen["id"],
                capacity=offer["capacity"],
                languages=canteen["languages"],
                premises=offer["premises"],
                area="urban",
                model=offer["model"],
                typical_covers=40,
                active=True,
                opted_in_at=days_ago(300),
            )
        ).returning(Mentor.id)
        ids[slug] = rows[0]["id"]
    return ids


async def _insert_project(demo: DemoProject, staff_id: int | None, age: int) -> int:
    rows = await CanteenProject.insert(
        CanteenProject(
            name=demo.name,
            city=demo.city,
            country=demo.country,
            latitude=demo.latitude,
            longitude=demo.longitude,
            timezone=demo.timezone,
            currency=demo.currency,
            languages=demo.languages,
            premises=demo.premises,
            area=demo.area,
            expected_covers=demo.covers,
            model=demo.model,
            stage=demo.stage,
            stage_since=days_ago(age * 0.2),
            paused_stage="premises" if demo.stage == "dormant" else "",
            followup_weeks=6,
            last_contact_on=utc_today() - timedelta(days=demo.last_contact_days),
            created_at=days_ago(age),
            created_by=staff_id,
        )
    ).returning(CanteenProject.id)
    return int(rows[0]["id"])


async def _founders(demo: DemoProject, project_id: int, age: int) -> None:
    for index, name in enumerate(demo.founders):
        await ProjectFounder.insert(
            ProjectFounder(
                project=project_id,
                name=name,
                role=["coordination", "cuisine", "budget"][index % 3],
                created_at=days_ago(age - 3 - index),
            )
        )


async def _stage_history(
    demo: DemoProject, project_id: int, staff_id: int | None, age: int, reached: int
) -> None:
    # The history: every stage passed, its manual checklist done, then the move.
    path = STAGE_KEYS[: reached + 1] if demo.stage != "dormant" else STAGE_KEYS[:4]
    step = age / max(1, len(path))
    await StageMove.insert(
        StageMove(project=project_id, to_stage="contact", moved_at=days_ago(age), moved_by=staff_id)
    )
    for index, key in enumerate(path[:-1]):
        moment = age - step * (index + 1)
        for item in BY_KEY[key].checklist:
            if not item.automatic:
                await ChecklistTick.insert(
                    ChecklistTick(
                        project=project_id,
                        item=item.key,
                        ticked_at=days_ago(moment + 2),
                        ticked_by=staff_id,
                    )
                )
        await StageMove.insert(
            StageMove(
                project=project_id,
                from_stage=key,
                to_stage=path[index + 1],
                moved_at=days_ago(moment),
                moved_by=staff_id,
            )
        )
    if demo.stage == "dormant":
        await StageMove.insert(
            StageMove(
                project=project_id,
                from_stage=path[-1],
                to_stage="dormant",
                moved_at=days_ago(demo.last_contact_days),
                moved_by=staff_id,
                note="Le lieu n'est plus disponible ; le groupe fait une pause.",
            )
        )


async def _contacts(
    demo: DemoProject, project_id: int, staff_id: int | None, age: int, rng: random.Random
) -> None:
    # Contacts, about every six weeks, the last one demo.last_contact_days ago.
    day = demo.last_contact_days
    while day < age:
        await ProjectContact.insert(
            ProjectContact(
                project=project_id,
                contacted_on=utc_today() - timedelta(days=day),
                channel=rng.choice(CHANNEL_CYCLE),
                notes=rng.choice(
                    [
                        "Nouvelles du groupe, prochaines étapes fixées.",
                        "Point sur le lieu et le budget.",
                        "Besoin de la fiche recette 16 portions.",
                        "Présentation du réseau et de la boîte à outils.",
                    ]
                ),
                recorded_by=staff_id,
                created_at=days_ago(day),
            )
        )
        day += 42


async def _canteen_if_opened(demo: DemoProject, project_id: int) -> None:
    if (
        STAGE_KEYS.index(demo.stage) >= STAGE_KEYS.index(CANTEEN_STAGE)
        if demo.stage in (STAGE_KEYS)
        else False
    ):
        project = await CanteenProject.select().where(CanteenProject.id == project_id).first()
        assert project is not None
        canteen_id = await onboarding.found_canteen(project)
        await CanteenProject.update({CanteenProject.canteen: canteen_id}).where(
            CanteenProject.id == project_id
        )


async def _mentoring(
    demo: DemoProject, project_id: int, staff_id: int | None, age: int, mentors: dict[str, int]
) -> None:
    if demo.mentor in mentors:
        rows = await Mentoring.insert(
            Mentoring(
                project=project_id,
                mentor=mentors[demo.mentor],
                started_at=days_ago(age * 0.5),
                started_by=staff_id,
            )
        ).returning(Mentoring.id)
        await MentoringContact.insert(
            MentoringContact(
                mentoring=rows[0]["id"],
                contacted_on=utc_today() - timedelta(days=int(age * 0.3)),
                channel="visit",
                notes="Visite de la cantine marraine un jour de repas.",
                recorded_by=staff_id,
                created_at=days_ago(age * 0.3),
            )
        )


async def _project(
    demo: DemoProject, staff_id: int | None, rng: random.Random, mentors: dict[str, int]
) -> None:
    reached = STAGE_KEYS.index(demo.stage) if demo.stage in STAGE_KEYS else 3
    age = 40 + 35 * reached + rng.randint(0, 20)  # days since first contact
    project_id = await _insert_project(demo, staff_id, age)
    await _founders(demo, project_id, age)
    await _stage_history(demo, project_id, staff_id, age, reached)
    await _contacts(demo, project_id, staff_id, age, rng)
    await _canteen_if_opened(demo, project_id)
    await _mentoring(demo, project_id, staff_id, age, mentors)


async def seed_onboarding(
    rng: random.Random, console: Console | None = None, data_dir: Path | None = None
) -> None:
    """The toolbox, mentors and projects of the demo network."""
    console = console or Console()
    if data_dir is None:
        data_dir = load_settings().data_dir
    staff = await Account.select(Account.id).where(Account.role == "staff").first()
    staff_id = staff["id"] if staff else None
    await files.forget_unreferenced(data_dir)  # an earlier demo's files, after --reset
    resources = await _toolbox(staff_id, data_dir)
    canteens = {row["slug"]: row for row in await Canteen.select()}
    mentors = await _mentors(canteens)
    for demo in PROJECTS:
        await _project(demo, staff_id, rng, mentors)
    console.print(
        f"Onboarding: {len(PROJECTS)} canteen projects in new cities, {len(mentors)} mentors, "
        f"{resources} toolbox resources (staff: /admin/projects/board)."
    )
