from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T21:48:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a tablet's PIN generation: coordinator sessions end when the canteen's PIN changes"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="network", description=DESCRIPTION)
    manager.add_column(
        table_class_name="KioskDevice",
        tablename="kiosk_device",
        column_name="pin_generation",
        db_column_name="pin_generation",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
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
