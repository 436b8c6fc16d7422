from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-20T23:55:07:000000"
VERSION = "1.38.0"
DESCRIPTION = "one shift per pattern and date; one live place per volunteer and shift"


class Shift(Table, tablename="shift"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="volunteers", description=DESCRIPTION)

    async def add_indexes():
        # Generating the coming weeks twice (a timer and a coordinator at once) makes no double.
        await Shift.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS shift_pattern_date ON shift (pattern, date)"
        )
        await Shift.raw("CREATE INDEX IF NOT EXISTS shift_canteen_date ON shift (canteen, date)")
        # A volunteer holds at most one live place (or waiting place) on a shift.
        await Shift.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS sign_up_live_place ON sign_up (shift, volunteer) "
            "WHERE status <> 'cancelled' AND volunteer IS NOT NULL"
        )

    async def drop_indexes():
        for name in ("shift_pattern_date", "shift_canteen_date", "sign_up_live_place"):
            await Shift.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(add_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
