from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-20T23:55:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "one file per resource and version number"


class ResourceFile(Table, tablename="resource_file"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="toolbox", description=DESCRIPTION)

    async def one_file_per_version():
        await ResourceFile.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS resource_file_resource_version "
            "ON resource_file (resource, version)"
        )

    async def drop_it():
        await ResourceFile.raw("DROP INDEX IF EXISTS resource_file_resource_version")

    manager.add_raw(one_file_per_version)
    manager.add_raw_backwards(drop_it)
    return manager
