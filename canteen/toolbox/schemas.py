"""What goes in and out of the toolbox."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Kind = Literal["practical_sheet", "recipe_sheet", "template", "booklet", "video", "podcast", "link"]
Code = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}$")]
StageKey = Annotated[str, msgspec.Meta(pattern=r"^[a-z_]{2,32}$")]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class ResourceIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    title: Annotated[str, msgspec.Meta(min_length=2, max_length=200)]
    kind: Kind
    summary: Annotated[str, msgspec.Meta(max_length=1000)] = ""
    body: Annotated[str, msgspec.Meta(max_length=40000)] = ""
    languages: Annotated[list[Code], msgspec.Meta(max_length=12)] = []
    stages: Annotated[list[StageKey], msgspec.Meta(max_length=12)] = []
    tags: Annotated[list[Tag], msgspec.Meta(max_length=20)] = []
    link: Annotated[str, msgspec.Meta(max_length=500)] = ""
    staff_only: bool = False


class ResourceFilter(msgspec.Struct, kw_only=True):
    q: str = ""
    kind: str = ""
    language: str = ""
    stage: str = ""
    tag: str = ""
