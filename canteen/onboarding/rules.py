"""Onboarding's rules: the stages and their checklists, which moves are allowed, and when a project
is overdue for a follow-up contact. Pure: no database, no translation (labels are message ids).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from canteen.errors import N_


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
FIRST_STAGE = "contact"
# The stage at which a project becomes a canteen of the network.
CANTEEN_STAGE = "first_meal"
# Stages that no longer need following up or a mentor.
SETTLED = ("running", "dormant")

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
# What a refusal calls each form field.
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
DEFAULT_TIMEZONE = "Europe/Paris"
# A contact may be dated at most this far ahead of today (UTC): time zones ahead of UTC.
CONTACT_DAYS_AHEAD = 1
NOTES_MAX = 4000
MOVE_NOTE_MAX = 2000


def stage_index(key: str) -> int:
    """The position of a stage on the way to running; -1 for dormant or an unknown key."""
    return STAGE_KEYS.index(key) if key in STAGE_KEYS else -1


def next_stage(key: str) -> Stage | None:
    """The stage after this one, or None (running, dormant)."""
    index = stage_index(key)
    return BY_KEY[STAGE_KEYS[index + 1]] if 0 <= index < len(STAGE_KEYS) - 1 else None


def stages_back(key: str, paused_stage: str = "") -> list[Stage]:
    """The stages a project may move back to: the earlier ones; a dormant project resumes at the
    stage it stopped at or earlier."""
    if key == DORMANT.key:
        return list(STAGES[: stage_index(paused_stage or FIRST_STAGE) + 1])
    return list(STAGES[: max(stage_index(key), 0)])


# Moves --------------------------------------------------------------------------------------

Reason = Literal["unknown_stage", "unchanged", "dormant_resume", "skipped", "checklist"]


@dataclass(frozen=True)
class Refusal:
    """Why a move is refused, and the stage (and checklist item) the refusal names (msgids)."""

    reason: Reason
    stage: str = ""
    item: str = ""


def move_refusal(
    current: str, paused_stage: str, to_stage: str, undone: Sequence[str] = ()
) -> Refusal | None:
    """None when a project at `current` may move to `to_stage`, else why not.

    Allowed: to dormant from anywhere; from dormant back to the stage it stopped at or earlier;
    back any number of stages; forward one stage once the current checklist is done (`undone`:
    the labels of its items still to do, in order).
    """
    if to_stage not in BY_KEY:
        return Refusal("unknown_stage")
    if to_stage == current:
        return Refusal("unchanged", BY_KEY[current].label)
    if to_stage == DORMANT.key:
        return None
    if current == DORMANT.key:
        paused = paused_stage or FIRST_STAGE
        if stage_index(to_stage) > stage_index(paused):
            return Refusal("dormant_resume", BY_KEY[paused].label)
        return None
    step = stage_index(to_stage) - stage_index(current)
    if step <= 0:
        return None  # going back is always possible: premises lost, funding fallen through…
    if step > 1:
        following = next_stage(current)
        return Refusal("skipped", following.label if following else "")
    if undone:
        return Refusal("checklist", BY_KEY[current].label, undone[0])
    return None


def paused_stage_after(current: str, to_stage: str) -> str | None:
    """What the project's paused stage becomes: where it stopped when it goes dormant, cleared
    when it resumes, unchanged (None) otherwise."""
    if to_stage == DORMANT.key:
        return current
    if current == DORMANT.key:
        return ""
    return None


def becomes_canteen(to_stage: str, has_canteen: bool) -> bool:
    """Reaching "first meal" (or beyond) makes a project without one a canteen of the network."""
    return not has_canteen and stage_index(to_stage) >= stage_index(CANTEEN_STAGE)


# Checklists ---------------------------------------------------------------------------------

TickRefusal = Literal["not_in_stage", "automatic"]


def tick_refusal(stage_key: str, item_key: str) -> TickRefusal | None:
    """None when staff may tick this item by hand at this stage, else why not."""
    item = ITEMS.get(item_key)
    stage = BY_KEY.get(stage_key)
    if item is None or stage is None or item not in stage.checklist:
        return "not_in_stage"
    if item.automatic:
        return "automatic"
    return None


def automatic_items(founders: int, tablet_paired: bool) -> dict[str, bool]:
    """The items checked from the data: enough founders recorded, a tablet paired."""
    return {"team.founders": founders >= MIN_FOUNDERS, "first.tablet": tablet_paired}


def item_done(item: ChecklistItem, ticked: bool, automatic: Mapping[str, bool]) -> bool:
    return automatic.get(item.key, False) if item.automatic else ticked


# Follow-up ----------------------------------------------------------------------------------


def next_contact_on(project: Mapping[str, Any]) -> date | None:
    """When staff should next get in touch: last contact (or creation) plus the cadence; None
    for a settled project (running, dormant), which is never overdue."""
    if project["stage"] in SETTLED:
        return None
    last = project["last_contact_on"] or project["created_at"].date()
    return last + timedelta(weeks=project["followup_weeks"])  # type: ignore[no-any-return]


def overdue_days(project: Mapping[str, Any], today: date) -> int:
    """How many days late the next contact is (0 on the day it is due, and when settled)."""
    due = next_contact_on(project)
    return max(0, (today - due).days) if due else 0


def contact_date_allowed(contacted_on: date, today: date) -> bool:
    """A contact is not dated in the future (a day's margin for time zones ahead of UTC)."""
    return contacted_on <= today + timedelta(days=CONTACT_DAYS_AHEAD)
