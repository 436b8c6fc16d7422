from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    Boolean,
    ForeignKey,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-07T21:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "attendance (came, excused, not excused), late cancellations, cover requests, "
    "volunteers whose sign-ups wait for a yes"
)


class Shift(Table, tablename="shift", schema=None):
    id = Serial(null=False, primary_key=True, db_column_name="id")


class SignUp(Table, tablename="sign_up", schema=None):
    id = Serial(null=False, primary_key=True, db_column_name="id")


def _params(**extra: object) -> dict[str, object]:
    return {
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **extra,
    }


def _foreign_key(references: type[Table], null: bool, index: bool) -> dict[str, object]:
    return _params(
        references=references,
        on_delete=OnDelete.cascade if not null else OnDelete.set_null,
        on_update=OnUpdate.cascade,
        target_column=None,
        null=null,
        index=index,
        **({"default": None} if null else {}),
    )


def _column(manager, table, tablename, name, column_class, params) -> None:  # type: ignore[no-untyped-def]
    manager.add_column(
        table_class_name=table,
        tablename=tablename,
        column_name=name,
        db_column_name=name,
        column_class_name=column_class.__name__,
        column_class=column_class,
        params=params,
        schema=None,
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="volunteers", description=DESCRIPTION)
    _column(
        manager,
        "Volunteer",
        "volunteer",
        "needs_approval",
        Boolean,
        _params(default=False, null=False),
    )
    _column(
        manager, "SignUp", "sign_up", "cancelled_late", Boolean, _params(default=False, null=False)
    )
    _column(
        manager,
        "SignUp",
        "sign_up",
        "attendance",
        Varchar,
        _params(default="", null=False, length=16),
    )
    _column(
        manager, "SignUp", "sign_up", "attendance_at", Timestamptz, _params(default=None, null=True)
    )

    manager.add_table(
        class_name="CoverRequest", tablename="cover_request", schema=None, columns=None
    )
    _column(
        manager,
        "CoverRequest",
        "cover_request",
        "shift",
        ForeignKey,
        _foreign_key(Shift, null=False, index=True),
    )
    _column(
        manager,
        "CoverRequest",
        "cover_request",
        "given_up",
        ForeignKey,
        _foreign_key(SignUp, null=True, index=False),
    )
    _column(
        manager,
        "CoverRequest",
        "cover_request",
        "opened_at",
        Timestamptz,
        _params(default=TimestamptzNow(), null=False),
    )
    _column(
        manager,
        "CoverRequest",
        "cover_request",
        "taken_by",
        ForeignKey,
        _foreign_key(SignUp, null=True, index=False),
    )
    _column(
        manager,
        "CoverRequest",
        "cover_request",
        "taken_at",
        Timestamptz,
        _params(default=None, null=True),
    )
    _column(
        manager,
        "CoverRequest",
        "cover_request",
        "mailed_at",
        Timestamptz,
        _params(default=None, null=True),
    )

    return manager
