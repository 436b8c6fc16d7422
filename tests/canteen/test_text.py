"""The shared text helpers: stored comma lists and slugs."""

from __future__ import annotations

from canteen.text import join, slugify, split


def test_split_drops_empty_parts_and_reads_none_as_empty() -> None:
    assert split("fr,en") == ["fr", "en"]
    assert split("fr,,en,") == ["fr", "en"]
    assert split("") == [] and split(None) == []


def test_join_keeps_each_value_once_in_first_order() -> None:
    assert join(["fr", "en", "fr"]) == "fr,en"
    assert join([]) == ""
    assert split(join(["ar", "fr"])) == ["ar", "fr"]


def test_slugify_is_ascii_hyphenated_and_bounded() -> None:
    assert slugify("Lyon-Cantine Léon & Cie") == "lyon-cantine-leon-cie"
    assert slugify("  --  ") == "canteen"
    assert slugify("مطبخ", fallback="resource") == "resource"
    assert len(slugify("a" * 100)) == 60
