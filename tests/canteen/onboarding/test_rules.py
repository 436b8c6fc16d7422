"""Onboarding's pure rules: stage moves, checklists, follow-up and overdue. No database."""

from __future__ import annotations

from datetime import UTC, date, datetime

from canteen.onboarding import rules
from canteen.onboarding.rules import BY_KEY, Refusal, move_refusal


def project(stage: str = "contact", last: date | None = None, weeks: int = 6) -> dict:
    return {
        "stage": stage,
        "last_contact_on": last,
        "created_at": datetime(2026, 1, 1, 9, tzinfo=UTC),
        "followup_weeks": weeks,
    }


def test_forward_one_stage_once_the_checklist_is_done() -> None:
    assert move_refusal("contact", "", "video_meeting") is None
    assert move_refusal("contact", "", "video_meeting", ["Network charter sent and read"]) == (
        Refusal("checklist", "First contact", "Network charter sent and read")
    )


def test_the_first_undone_item_is_named() -> None:
    refusal = move_refusal("premises", "", "legal_association", ["Premises found", "Visit"])
    assert refusal is not None and refusal.item == "Premises found"


def test_skipping_a_stage_names_the_next_one() -> None:
    assert move_refusal("contact", "", "founding_team") == Refusal("skipped", "Video meeting")


def test_back_any_number_of_stages_even_with_undone_items() -> None:
    assert move_refusal("funding", "", "contact", ["Anything"]) is None
    assert move_refusal("running", "", "first_meal") is None


def test_same_stage_and_unknown_stage_are_refused() -> None:
    assert move_refusal("premises", "", "premises") == Refusal("unchanged", "Premises")
    assert move_refusal("premises", "", "moon") == Refusal("unknown_stage")


def test_to_dormant_from_anywhere_and_resume_at_most_where_it_stopped() -> None:
    assert move_refusal("funding", "", "dormant", ["Undone"]) is None
    assert move_refusal("dormant", "funding", "funding") is None
    assert move_refusal("dormant", "funding", "contact") is None
    assert move_refusal("dormant", "funding", "kitchen_equipped") == (
        Refusal("dormant_resume", "Funding")
    )
    # Paused without a recorded stage: resumes at first contact only.
    assert move_refusal("dormant", "", "video_meeting") == Refusal(
        "dormant_resume", "First contact"
    )


def test_paused_stage_is_kept_while_dormant_and_cleared_on_resume() -> None:
    assert rules.paused_stage_after("funding", "dormant") == "funding"
    assert rules.paused_stage_after("dormant", "premises") == ""
    assert rules.paused_stage_after("premises", "funding") is None


def test_first_meal_makes_a_canteen_once() -> None:
    assert rules.becomes_canteen("first_meal", has_canteen=False)
    assert rules.becomes_canteen("running", has_canteen=False)
    assert not rules.becomes_canteen("first_meal", has_canteen=True)
    assert not rules.becomes_canteen("kitchen_equipped", has_canteen=False)
    assert not rules.becomes_canteen("dormant", has_canteen=False)


def test_next_stage_and_the_stages_back() -> None:
    assert rules.next_stage("contact") == BY_KEY["video_meeting"]
    assert rules.next_stage("running") is None and rules.next_stage("dormant") is None
    assert [s.key for s in rules.stages_back("premises")] == [
        "contact",
        "video_meeting",
        "founding_team",
    ]
    assert rules.stages_back("contact") == []
    assert [s.key for s in rules.stages_back("dormant", "video_meeting")] == [
        "contact",
        "video_meeting",
    ]
    assert [s.key for s in rules.stages_back("dormant")] == ["contact"]


def test_ticks_only_by_hand_and_only_at_the_item_s_stage() -> None:
    assert rules.tick_refusal("contact", "contact.call") is None
    assert rules.tick_refusal("premises", "contact.call") == "not_in_stage"
    assert rules.tick_refusal("contact", "nothing") == "not_in_stage"
    assert rules.tick_refusal("founding_team", "team.founders") == "automatic"


def test_automatic_items_follow_the_data() -> None:
    assert rules.automatic_items(1, False) == {"team.founders": False, "first.tablet": False}
    assert rules.automatic_items(rules.MIN_FOUNDERS, True) == {
        "team.founders": True,
        "first.tablet": True,
    }
    founders = rules.ITEMS["team.founders"]
    assert rules.item_done(founders, ticked=True, automatic={"team.founders": False}) is False
    assert rules.item_done(rules.ITEMS["team.roles"], ticked=True, automatic={}) is True


def test_next_contact_is_last_contact_or_creation_plus_the_cadence() -> None:
    assert rules.next_contact_on(project(last=date(2026, 3, 1), weeks=2)) == date(2026, 3, 15)
    assert rules.next_contact_on(project(weeks=1)) == date(2026, 1, 8)


def test_overdue_counts_from_the_day_after_the_due_date() -> None:
    late = project(last=date(2026, 3, 1), weeks=2)  # due 15 March
    assert rules.overdue_days(late, date(2026, 3, 14)) == 0
    assert rules.overdue_days(late, date(2026, 3, 15)) == 0  # the boundary day: due, not late
    assert rules.overdue_days(late, date(2026, 3, 16)) == 1
    assert rules.overdue_days(late, date(2026, 4, 15)) == 31


def test_a_running_or_dormant_project_is_never_overdue() -> None:
    for stage in ("running", "dormant"):
        settled = project(stage=stage, last=date(2020, 1, 1), weeks=1)
        assert rules.next_contact_on(settled) is None
        assert rules.overdue_days(settled, date(2026, 12, 31)) == 0


def test_a_contact_may_be_dated_up_to_tomorrow() -> None:
    today = date(2026, 5, 10)
    assert rules.contact_date_allowed(date(2026, 1, 1), today)
    assert rules.contact_date_allowed(date(2026, 5, 11), today)
    assert not rules.contact_date_allowed(date(2026, 5, 12), today)
