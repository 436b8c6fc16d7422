"""The toolbox's pure rules: links, tags, visibility, filters, suggestions, files. No database."""

from __future__ import annotations

from canteen.accounts.schemas import SessionUser
from canteen.toolbox import rules


def row(**fields: object) -> dict:
    return {"languages": "", "stages": "", "tags": "", "title": "T", "staff_only": False, **fields}


def user(role: str) -> SessionUser:
    return SessionUser(
        id=1, email="a@b.c", name="A", role=role, canteen=None if role == "staff" else 3
    )


def test_links_are_web_addresses_or_nothing() -> None:
    assert rules.link_allowed("") and rules.link_allowed("HTTPS://example.org")
    assert rules.link_allowed("http://example.org")
    assert not rules.link_allowed("javascript:alert(1)") and not rules.link_allowed("ftp://x")


def test_tags_are_trimmed_lowered_comma_free_and_unique() -> None:
    assert rules.clean_tags([" Budget ", "budget", "a,b", " ", "Hygiène"]) == [
        "budget",
        "a b",
        "hygiène",
    ]


def test_unknown_stages_are_named() -> None:
    assert rules.unknown_stages(["premises", "moon"], {"premises": 1}) == ["moon"]


def test_staff_only_resources_are_hidden_from_coordinators() -> None:
    secret = row(staff_only=True)
    assert rules.visible_to(user("staff"), secret)
    assert not rules.visible_to(user("coordinator"), secret)
    assert rules.visible_to(user("coordinator"), row())
    assert not rules.visible_to(None, row())


def test_filters_language_stage_and_tag() -> None:
    sheet = row(languages="fr,en", stages="premises", tags="budget,hygiène")
    assert rules.matches(sheet, language="fr", stage="premises", tag="BUDGET")
    assert not rules.matches(sheet, language="es")
    assert rules.matches(row(), language="es")  # no language named: any language
    assert not rules.matches(sheet, stage="funding")
    assert not rules.matches(sheet, tag="legal")


def test_suggestions_suit_the_project_s_languages_main_first() -> None:
    fr, es, anyone = row(languages="fr", title="B"), row(languages="es"), row(title="A")
    assert rules.suits(fr, ["fr", "ar"]) and rules.suits(anyone, ["fr"])
    assert not rules.suits(es, ["fr", "ar"])
    assert sorted([anyone, fr], key=lambda r: rules.suggestion_order(r, ["fr"])) == [fr, anyone]


def test_file_types_are_told_by_their_first_bytes() -> None:
    assert rules.type_of_head(b"%PDF-1.7") == "application/pdf"
    assert rules.type_of_head(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert rules.type_of_head(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert rules.type_of_head(b"PK\x03\x04rest") == "zip"
    assert rules.type_of_head(b"MZ\x90\x00") is None
    assert rules.office_type({"mimetype"}, rules.ODT.encode() + b"\n") == rules.ODT
    assert rules.office_type({"[Content_Types].xml", "word/document.xml"}, None) == rules.DOCX
    assert rules.office_type({"[Content_Types].xml"}, b"other") is None


def test_the_size_limit_and_how_it_is_named() -> None:
    mb = 1024 * 1024
    assert not rules.too_large(2 * mb, 2 * mb) and rules.too_large(2 * mb + 1, 2 * mb)
    assert rules.limit_mb(2 * mb) == "2" and rules.limit_mb(mb // 2) == "0.5"
    assert rules.accepted_names() == "PDF, PNG, JPEG, ODT, DOCX"
