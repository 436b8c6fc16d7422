from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-21T00:56:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes the report queries need"


# (name, table, columns, unique, where). Whole months are read from the monthly rollups, by
# month or by canteen and month; the days of partial months and the weeks from the daily one
# (covers and forecast included, so a network's weeks are read from the index alone). Before
# each report the closed services of its period are counted against their rollup rows: both
# counts come from indexes alone.
INDEXES = [
    ("survey_rollup_service_question", "survey_rollup", "service, question_key", True, ""),
    ("month_rollup_key", "month_rollup", "canteen, month, currency", True, ""),
    ("survey_month_rollup_key", "survey_month_rollup", "canteen, month, question_key", True, ""),
    ("month_rollup_month", "month_rollup", "month, canteen", False, ""),
    ("survey_month_rollup_month", "survey_month_rollup", "month, canteen", False, ""),
    ("service_rollup_canteen_date", "service_rollup", "canteen, date", False, ""),
    (
        "service_rollup_date",
        "service_rollup",
        "date, canteen, covers, covers_expected",
        False,
        "",
    ),
    ("survey_rollup_canteen_date", "survey_rollup", "canteen, date", False, ""),
    ("survey_rollup_date", "survey_rollup", "date, canteen", False, ""),
    ("reports_closed_service_date", "meal_service", "date, canteen", False, "status = 'closed'"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reports", description=DESCRIPTION)

    # The engine is looked up when the migration runs, not when this module is imported: a
    # process may migrate several databases (the tests build a SQLite and a PostgreSQL one).
    async def create_indexes():
        db = engine_finder()
        for name, table, columns, unique, where in INDEXES:
            kind = "UNIQUE INDEX" if unique else "INDEX"
            condition = f" WHERE {where}" if where else ""
            await db.run_ddl(
                f"CREATE {kind} IF NOT EXISTS {name} ON {table} ({columns}){condition}"
            )

    async def drop_indexes():
        db = engine_finder()
        for name, *_rest in INDEXES:
            await db.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
