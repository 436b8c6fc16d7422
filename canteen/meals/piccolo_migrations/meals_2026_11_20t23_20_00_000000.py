from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.table import Table

ID = "2026-11-20T23:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one meal service per canteen and local date"


class MealService(Table, tablename="meal_service"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="meals", description=DESCRIPTION)

    async def one_service_per_day():
        # This module is imported once per process: point the table at the database being
        # migrated now, not at the first one this process migrated (SQLite then PostgreSQL).
        MealService._meta.db = engine_finder()
        # A meal service is keyed by the canteen's local date: at most one per day.
        await MealService.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS meal_service_canteen_date "
            "ON meal_service (canteen, date)"
        )

    async def drop_it():
        MealService._meta.db = engine_finder()
        await MealService.raw("DROP INDEX IF EXISTS meal_service_canteen_date")

    manager.add_raw(one_service_per_day)
    manager.add_raw_backwards(drop_it)
    return manager
