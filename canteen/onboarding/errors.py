"""Onboarding's refusals. A stage or checklist item is named by its label, which translates
itself into the reader's language when the message is formatted."""

from __future__ import annotations

from canteen import i18n
from canteen.errors import N_, DomainError, InvalidInput
from canteen.onboarding.rules import FIELD_LABELS, Refusal, TickRefusal


class Label(str):
    """A message id that translates itself when formatted into a message: errors name a stage
    or a checklist item in the reader's language, though the rule decided in English."""

    def __format__(self, spec: str) -> str:
        return format(i18n.gettext(str(self)), spec)


class FieldInvalid(DomainError):
    status = 422
    message = N_("Check this field: {field}.")


def field_invalid(field: str) -> FieldInvalid:
    """The refusal naming one form field (by its key), in the reader's language."""
    return FieldInvalid(field=Label(FIELD_LABELS.get(field, FIELD_LABELS["name"])))


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


def move_refused(refusal: Refusal) -> DomainError:
    """The error for a refused move (rules.move_refusal)."""
    if refusal.reason == "unchanged":
        return StageUnchanged(stage=Label(refusal.stage))
    if refusal.reason == "dormant_resume":
        return DormantResume(stage=Label(refusal.stage))
    if refusal.reason == "skipped":
        return StageSkipped(stage=Label(refusal.stage))
    if refusal.reason == "checklist":
        return ChecklistIncomplete(stage=Label(refusal.stage), item=Label(refusal.item))
    return InvalidInput()


def tick_refused(refusal: TickRefusal) -> DomainError:
    """The error for a refused tick (rules.tick_refusal)."""
    return ItemAutomatic() if refusal == "automatic" else ItemNotInStage()
