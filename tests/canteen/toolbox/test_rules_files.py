"""The name a downloaded file gets: no path, nothing a browser or a file system chokes on, the
extension of what the file really is; and its plain-ASCII stand-in for old browsers."""

from __future__ import annotations

import pytest

from canteen.toolbox import rules

PDF = "application/pdf"


@pytest.mark.parametrize(
    ("name", "content_type", "offered"),
    [
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\Users\\me\\Budget 2026.docx", PDF, "Budget 2026.pdf"),
        ("  .hidden. ", PDF, "hidden.pdf"),
        ('a\x00b<c>d:e|f?g*h;i"j.pdf', PDF, "abcdefghij.pdf"),
        ("", PDF, "document.pdf"),
        ("..", "image/png", "document.png"),
        ("Cafe\u0301 menu.png", PDF, "Caf\u00e9 menu.pdf"),  # one é, as typed
        ("report.tar.gz", "image/jpeg", "report.tar.jpg"),
        ("plan.odt", rules.ODT, "plan.odt"),
        ("lettre", rules.DOCX, "lettre.docx"),
        ("XMAS BOX.pdf", PDF, "XMAS BOX.pdf"),  # an X is a letter like any other
    ],
)
def test_downloads_get_a_safe_name_with_the_real_extension(
    name: str, content_type: str, offered: str
) -> None:
    assert rules.clean_filename(name, content_type) == offered


def test_a_missing_name_or_a_very_long_one_is_still_a_file_name() -> None:
    assert rules.clean_filename(None, "image/jpeg") == "document.jpg"  # type: ignore[arg-type]
    long = rules.clean_filename("x" * 200 + ".pdf", PDF)
    assert long == "x" * rules.FILENAME_STEM_MAX + ".pdf"


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("Café été.pdf", "Cafe ete.pdf"),
        ("a/b\\c.pdf", "a_b_c.pdf"),
        ("ü", "u"),
        (" x ", "x"),
        ("  ", "document"),
        ("Budget_2026-v2.pdf", "Budget_2026-v2.pdf"),
    ],
)
def test_the_ascii_stand_in_keeps_what_it_can(name: str, plain: str) -> None:
    assert rules.ascii_fallback(name) == plain


def test_no_filter_keeps_every_resource() -> None:
    sheet = {"languages": "fr", "stages": "premises", "tags": "budget", "title": "T"}
    assert rules.matches(sheet)
    assert rules.matches(sheet, stage="premises")


def test_a_project_with_no_language_gets_suggestions_by_title() -> None:
    rows = [{"languages": "fr", "title": "B"}, {"languages": "", "title": "A"}]
    assert sorted(rows, key=lambda r: rules.suggestion_order(r, [])) == rows[::-1]
    assert rules.suggestion_order(rows[0], []) == (True, "B")
