"""Toolbox resources and the versions of their uploaded files."""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from canteen.accounts.tables import Account


class Resource(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    title = Varchar(length=200)
    kind = Varchar(length=24)
    summary = Text(default="")
    body = Text(default="")  # Markdown, shown on the resource's page
    languages = Varchar(length=64, default="")  # comma-separated; empty: any language
    stages = Varchar(length=400, default="")  # comma-separated stage keys
    tags = Varchar(length=400, default="")  # comma-separated, lower-case
    link = Varchar(length=500, default="")  # an external link instead of (or beside) a file
    staff_only = Boolean(default=False)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = ForeignKey(references=Account, null=True, default=None)


class ResourceFile(Table):
    id: Serial  # Piccolo adds it; declared for type checkers
    resource = ForeignKey(references=Resource, null=False)
    version = Integer()
    filename = Varchar(length=200)  # cleaned, for the download only; never a path
    content_type = Varchar(length=100)  # sniffed from the bytes, not taken from the browser
    size = Integer()
    sha256 = Varchar(length=64)
    stored_name = Varchar(length=64, unique=True)  # a random name under <data dir>/toolbox/
    uploaded_at = Timestamptz()
    uploaded_by = ForeignKey(references=Account, null=True, default=None)
