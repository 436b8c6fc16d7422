from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T21:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a marked day may be a strike or an expected change: its covers added (or removed)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="forecast", description=DESCRIPTION)
    manager.add_column(
        table_class_name="MarkedDay",
        tablename="marked_day",
        column_name="covers_change",
        db_column_name="covers_change",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
