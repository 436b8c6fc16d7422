"""Allergens without a database: the 14 of annex II, a sheet's levels, the coordinator's
corrections kept as differences, and diet marks that cannot contradict the allergens."""

from __future__ import annotations

import pytest

from canteen.recipes import errors, rules


def test_the_fourteen_allergens_of_annex_ii() -> None:
    assert len(rules.ALLERGENS) == 14
    assert list(rules.ALLERGENS)[0] == "gluten" and list(rules.ALLERGENS)[-1] == "molluscs"


def test_codes_come_back_once_in_the_annex_order_and_unknown_ones_are_refused() -> None:
    assert rules.allergen_codes(["milk", " gluten", "milk", ""]) == ["gluten", "milk"]
    with pytest.raises(errors.AllergenUnknown):
        rules.allergen_codes(["gluten", "pork"])


def test_contains_wins_over_may_contain() -> None:
    levels = rules.sheet_levels(["milk"], ["milk", "nuts"])
    assert levels["milk"] == rules.CONTAINS and levels["nuts"] == rules.TRACES
    assert levels["eggs"] == rules.ABSENT and len(levels) == 14


def test_only_the_coordinators_differences_are_kept_and_applied_over_the_sheet() -> None:
    derived = rules.sheet_levels(["gluten", "milk"], ["nuts"])
    wanted = {**derived, "milk": rules.ABSENT, "sesame": rules.TRACES}
    kept = rules.corrected(derived, wanted)
    assert kept == {"milk": rules.ABSENT, "sesame": rules.TRACES}
    text = rules.corrections_text(kept)
    assert rules.parse_corrections(text) == kept
    # The sheet later gains eggs: the dish gets them, and keeps the coordinator's corrections.
    later = rules.sheet_levels(["gluten", "milk", "eggs"], ["nuts"])
    levels = rules.dish_levels(later, rules.parse_corrections(text))
    assert rules.with_level(levels, rules.CONTAINS) == ["gluten", "eggs"]
    assert rules.with_level(levels, rules.TRACES) == ["nuts", "sesame"]


def test_a_correction_to_an_unknown_allergen_or_level_is_refused() -> None:
    with pytest.raises(errors.AllergenUnknown):
        rules.corrected({}, {"pork": rules.CONTAINS})
    with pytest.raises(errors.AllergenUnknown):
        rules.corrected({}, {"milk": "lots"})


def test_vegan_brings_vegetarian_and_diets_cannot_contradict_the_allergens() -> None:
    levels = rules.sheet_levels(["gluten"], ["milk"])
    assert rules.check_diets(levels, ["vegan", "halal", "made-up"]) == [
        "vegetarian",
        "vegan",
        "halal",
    ]
    with pytest.raises(errors.DietConflict) as vegan:
        rules.check_diets(rules.sheet_levels(["milk"], []), ["vegan"])
    assert "vegan" in vegan.value.msgid
    assert rules.check_diets(rules.sheet_levels(["milk", "eggs"], []), ["vegetarian"])
    with pytest.raises(errors.DietConflict):
        rules.check_diets(rules.sheet_levels(["fish"], []), ["vegetarian"])
