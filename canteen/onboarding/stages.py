"""The onboarding stages, their checklists, and the words that describe a project's context.

Pure data: translated at display time (N_ marks the messages for the catalogs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from canteen import i18n
from canteen.errors import N_


class Label(str):
    """A message id that translates itself when formatted into a message: errors name a stage
    or a checklist item in the reader's language, though the rule raised them in English."""

    def __format__(self, spec: str) -> str:
        return format(i18n.gettext(str(self)), spec)


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    automatic: bool = False  # checked from the data (founders recorded), never ticked by hand


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    checklist: tuple[ChecklistItem, ...] = ()


MIN_FOUNDERS = 2
STAGES: tuple[Stage, ...] = (
    Stage(
        "contact",
        N_("First contact"),
        (
            ChecklistItem("contact.call", N_("First call with the group held")),
            ChecklistItem("contact.charter", N_("Network charter sent and read")),
        ),
    ),
    Stage(
        "video_meeting",
        N_("Video meeting"),
        (
            ChecklistItem(
                "video.meeting",
                N_("Video meeting held with founders who already launched a canteen"),
            ),
            ChecklistItem("video.toolbox", N_("Toolbox access given")),
        ),
    ),
    Stage(
        "founding_team",
        N_("Founding team"),
        (
            ChecklistItem("team.founders", N_("At least two founders recorded"), automatic=True),
            ChecklistItem("team.roles", N_("Roles shared out among the founders")),
        ),
    ),
    Stage(
        "premises",
        N_("Premises"),
        (
            ChecklistItem("premises.found", N_("Premises found")),
            ChecklistItem("premises.visit", N_("Kitchen and hall visited with the founders")),
            ChecklistItem("premises.agreement", N_("Use agreement signed with the owner")),
        ),
    ),
    Stage(
        "legal_association",
        N_("Legal association"),
        (
            ChecklistItem("legal.statutes", N_("Statutes adopted and association registered")),
            ChecklistItem("legal.bank", N_("Bank account opened")),
            ChecklistItem("legal.insurance", N_("Insurance taken out")),
        ),
    ),
    Stage(
        "funding",
        N_("Funding"),
        (
            ChecklistItem("funding.budget", N_("First-year budget written")),
            ChecklistItem("funding.secured", N_("First funding secured")),
        ),
    ),
    Stage(
        "kitchen_equipped",
        N_("Kitchen equipped"),
        (
            ChecklistItem("kitchen.equipment", N_("Equipment for 16 portions in place")),
            ChecklistItem("kitchen.hygiene", N_("Food hygiene training done")),
            ChecklistItem("kitchen.cost", N_("Cost per portion worked out for the first menu")),
        ),
    ),
    Stage(
        "first_meal",
        N_("First meal"),
        (
            ChecklistItem("first.served", N_("First shared meal served")),
            ChecklistItem("first.tablet", N_("Tablet paired at the door"), automatic=True),
        ),
    ),
    Stage("running", N_("Running")),
)
DORMANT = Stage("dormant", N_("Dormant"))
ALL_STAGES: tuple[Stage, ...] = (*STAGES, DORMANT)
STAGE_KEYS: tuple[str, ...] = tuple(stage.key for stage in STAGES)
BY_KEY: dict[str, Stage] = {stage.key: stage for stage in ALL_STAGES}
ITEMS: dict[str, ChecklistItem] = {item.key: item for stage in STAGES for item in stage.checklist}
# The stage at which a project becomes a canteen of the network.
CANTEEN_STAGE = "first_meal"
# Stages that no longer need following up or a mentor.
SETTLED = ("running", "dormant")


def stage_index(key: str) -> int:
    return STAGE_KEYS.index(key) if key in STAGE_KEYS else -1


PREMISES: dict[str, str] = {
    "community_centre": N_("community centre"),
    "church_hall": N_("church hall"),
    "school": N_("school"),
    "social_housing": N_("social housing"),
    "restaurant": N_("restaurant"),
    "own_place": N_("own place"),
}
AREAS: dict[str, str] = {"urban": N_("urban"), "rural": N_("rural")}
MODELS: dict[str, str] = {
    "cook_together": N_("diners cook together"),
    "served": N_("served by volunteers"),
}
CHANNELS: dict[str, str] = {
    "phone": N_("phone"),
    "video": N_("video call"),
    "visit": N_("visit"),
    "email": N_("email"),
    "message": N_("message"),
    "meeting": N_("meeting"),
}


def next_contact_on(project: dict[str, Any]) -> date | None:
    """When staff should next get in touch: last contact (or creation) plus the cadence."""
    if project["stage"] in SETTLED:
        return None
    last = project["last_contact_on"] or project["created_at"].date()
    return last + timedelta(weeks=project["followup_weeks"])


def overdue_days(project: dict[str, Any], today: date) -> int:
    due = next_contact_on(project)
    return max(0, (today - due).days) if due else 0
