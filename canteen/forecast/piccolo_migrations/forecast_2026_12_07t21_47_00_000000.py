from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T21:47:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "a marked day may be a strike or an expected change (its covers); a forecast keeps the "
    "portions the cook chose to make and how sure that was to be enough"
)


COLUMNS = (
    ("MarkedDay", "marked_day", "covers_change"),
    ("CoversForecast", "covers_forecast", "cooked"),
    ("CoversForecast", "covers_forecast", "cooked_confidence"),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="forecast", description=DESCRIPTION)
    for class_name, table, column in COLUMNS:
        _integer(manager, class_name, table, column)
    return manager


def _integer(manager, class_name, table, column):
    manager.add_column(
        table_class_name=class_name,
        tablename=table,
        column_name=column,
        db_column_name=column,
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
