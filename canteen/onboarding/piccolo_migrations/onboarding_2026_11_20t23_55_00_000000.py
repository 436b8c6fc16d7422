from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-20T23:55:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a checklist item is ticked once per project"


class ChecklistTick(Table, tablename="checklist_tick"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="onboarding", description=DESCRIPTION)

    async def one_tick_per_item():
        await ChecklistTick.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS checklist_tick_project_item "
            "ON checklist_tick (project, item)"
        )

    async def drop_it():
        await ChecklistTick.raw("DROP INDEX IF EXISTS checklist_tick_project_item")

    manager.add_raw(one_tick_per_item)
    manager.add_raw_backwards(drop_it)
    return manager
