"""The toolbox: uploads checked by their bytes and size, versions, search, suggestions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from canteen.demo.toolbox_content import statutes_odt
from canteen.errors import Forbidden, NotFound
from canteen.toolbox import files, rules
from canteen.toolbox import services as toolbox
from canteen.toolbox.schemas import ResourceFilter, ResourceIn
from canteen.toolbox.tables import ResourceFile
from tests.factories import make_canteen
from tests.staff_factories import make_coordinator, make_staff

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MB = 1024 * 1024


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def resource(**fields: object) -> ResourceIn:
    values: dict[str, object] = {
        "title": "Livret conservation #1 — La lacto-fermentation",
        "kind": "booklet",
        "languages": ["fr"],
        "stages": ["kitchen_equipped"],
        "tags": ["Conservation"],
    }
    values.update(fields)
    return ResourceIn(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        (statutes_odt(), "application/vnd.oasis.opendocument.text"),
        (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"<html><script>alert(1)</script></html>", None),
        (b"MZ\x90\x00 an executable", None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_the_type_is_read_from_the_bytes(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "upload"
    path.write_bytes(content)
    assert files.sniff(path) == expected


def test_download_names_are_cleaned() -> None:
    assert rules.clean_filename("../../etc/passwd.pdf", "application/pdf") == "passwd.pdf"
    assert rules.clean_filename('C:\\x\\a"b;c.exe', "application/pdf") == "abc.pdf"
    assert rules.clean_filename("Statuts é.odt", "application/vnd.oasis.opendocument.text") == (
        "Statuts é.odt"
    )
    assert rules.ascii_fallback("Statuts é.odt") == "Statuts e.odt"


async def test_replacing_a_file_keeps_the_earlier_versions(db: str, tmp_path: Path) -> None:
    staff = await make_staff()
    resource_id = await toolbox.create_resource(resource(), staff)
    source = files.BytesSource(PDF)
    assert await toolbox.attach_file(resource_id, "v1.pdf", source, tmp_path, MB, staff) == 1
    second = files.BytesSource(statutes_odt())
    assert await toolbox.attach_file(resource_id, "v2.odt", second, tmp_path, MB, staff) == 2
    path, name, content_type = await toolbox.file_for_download(resource_id, None, staff, tmp_path)
    assert (name, content_type) == ("v2.odt", "application/vnd.oasis.opendocument.text")
    old_path, old_name, _type = await toolbox.file_for_download(resource_id, 1, staff, tmp_path)
    assert old_name == "v1.pdf" and old_path.read_bytes() == PDF
    assert path.parent == tmp_path / "toolbox"


async def test_a_forbidden_or_oversized_upload_is_refused_and_nothing_is_kept(
    db: str, tmp_path: Path
) -> None:
    staff = await make_staff()
    resource_id = await toolbox.create_resource(resource(), staff)
    with pytest.raises(files.FileTypeRefused) as refused:
        await toolbox.attach_file(
            resource_id, "page.pdf", files.BytesSource(b"<html></html>"), tmp_path, MB, staff
        )
    assert refused.value.params["accepted"] == "PDF, PNG, JPEG, ODT, DOCX"
    too_big = files.BytesSource(PDF + b"0" * (2 * MB))
    with pytest.raises(files.FileTooLarge) as large:
        await toolbox.attach_file(resource_id, "big.pdf", too_big, tmp_path, 2 * MB, staff)
    assert large.value.params["limit"] == "2"
    assert await ResourceFile.count() == 0
    assert list((tmp_path / "toolbox").iterdir()) == []


async def test_search_and_filters(db: str) -> None:
    staff = await make_staff()
    await toolbox.create_resource(resource(), staff)
    await toolbox.create_resource(
        resource(
            title="Recipe sheet: vegetable couscous (16 portions)",
            kind="recipe_sheet",
            languages=["en", "ar"],
            stages=["first_meal"],
            tags=["recipe"],
            body="Serves 16",
        ),
        staff,
    )
    titles = lambda rows: [row["title"] for row in rows]  # noqa: E731
    assert titles(await toolbox.search(staff, ResourceFilter(q="couscous"))) == [
        "Recipe sheet: vegetable couscous (16 portions)"
    ]
    assert len(await toolbox.search(staff, ResourceFilter(kind="booklet"))) == 1
    assert len(await toolbox.search(staff, ResourceFilter(language="ar"))) == 1
    assert len(await toolbox.search(staff, ResourceFilter(stage="kitchen_equipped"))) == 1
    assert len(await toolbox.search(staff, ResourceFilter(tag="conservation"))) == 1
    with pytest.raises(toolbox.LinkInvalid):
        await toolbox.create_resource(resource(link="javascript:alert(1)"), staff)


async def test_suggestions_follow_the_stage_and_languages(db: str) -> None:
    staff = await make_staff()
    await toolbox.create_resource(resource(title="Booklet FR", stages=["premises"]), staff)
    await toolbox.create_resource(
        resource(title="Any language", languages=[], stages=["premises"]), staff
    )
    await toolbox.create_resource(
        resource(title="Sheet ES", languages=["es"], stages=["premises"]), staff
    )
    await toolbox.create_resource(resource(title="Later stage", stages=["funding"]), staff)
    found = await toolbox.suggestions(staff, "premises", ["fr", "ar"])
    assert [row["title"] for row in found] == ["Booklet FR", "Any language"]


async def test_staff_only_resources_are_invisible_to_coordinators(db: str, tmp_path: Path) -> None:
    staff = await make_staff()
    coordinator = await make_coordinator(await make_canteen())
    hidden = await toolbox.create_resource(resource(title="Notes", staff_only=True), staff)
    shared = await toolbox.create_resource(resource(title="Shared"), staff)
    await toolbox.attach_file(hidden, "notes.pdf", files.BytesSource(PDF), tmp_path, MB, staff)
    assert [row["id"] for row in await toolbox.search(coordinator)] == [shared]
    assert [row["id"] for row in await toolbox.search(staff)] == [hidden, shared]
    with pytest.raises(NotFound):
        await toolbox.get_resource(hidden, coordinator)
    with pytest.raises(NotFound):
        await toolbox.file_for_download(hidden, None, coordinator, tmp_path)
    suggested = await toolbox.suggestions(coordinator, "kitchen_equipped", ["fr"])
    assert [row["id"] for row in suggested] == [shared]
    with pytest.raises(Forbidden):
        await toolbox.create_resource(resource(), coordinator)
