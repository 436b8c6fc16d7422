from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-21T00:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one forecast, one mark and one imported count per canteen and date"

TABLES = ("covers_forecast", "marked_day", "imported_covers")


class CoversForecast(Table, tablename="covers_forecast"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="forecast", description=DESCRIPTION)

    async def one_per_day():
        for table in TABLES:
            await CoversForecast.raw(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_canteen_date ON {table} (canteen, date)"
            )

    async def drop_them():
        for table in TABLES:
            await CoversForecast.raw(f"DROP INDEX IF EXISTS {table}_canteen_date")

    manager.add_raw(one_per_day)
    manager.add_raw_backwards(drop_them)
    return manager
