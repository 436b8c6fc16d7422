from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-20T23:55:02:000000"
VERSION = "1.38.0"
DESCRIPTION = "one decision per pair; one running mentoring per project"


class PairDecision(Table, tablename="pair_decision"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="mentoring", description=DESCRIPTION)

    async def unique_indexes():
        await PairDecision.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS pair_decision_project_mentor "
            "ON pair_decision (project, mentor)"
        )
        # Partial index: SQLite and PostgreSQL both support it.
        await PairDecision.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS mentoring_one_running_per_project "
            "ON mentoring (project) WHERE ended_at IS NULL"
        )

    async def drop_them():
        await PairDecision.raw("DROP INDEX IF EXISTS pair_decision_project_mentor")
        await PairDecision.raw("DROP INDEX IF EXISTS mentoring_one_running_per_project")

    manager.add_raw(unique_indexes)
    manager.add_raw_backwards(drop_them)
    return manager
