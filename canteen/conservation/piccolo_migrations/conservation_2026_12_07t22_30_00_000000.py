from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.table import Table

ID = "2026-12-07T22:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one keeping rule per canteen and method"


class ConservationRule(Table, tablename="conservation_rule"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="conservation", description=DESCRIPTION)

    async def one_rule_per_method():
        # This module is imported once per process: point the table at the database being
        # migrated now, not at the first one this process migrated (SQLite then PostgreSQL).
        ConservationRule._meta.db = engine_finder()
        await ConservationRule.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS conservation_rule_canteen_method "
            "ON conservation_rule (canteen, method)"
        )

    async def drop_it():
        ConservationRule._meta.db = engine_finder()
        await ConservationRule.raw("DROP INDEX IF EXISTS conservation_rule_canteen_method")

    manager.add_raw(one_rule_per_method)
    manager.add_raw_backwards(drop_it)
    return manager
