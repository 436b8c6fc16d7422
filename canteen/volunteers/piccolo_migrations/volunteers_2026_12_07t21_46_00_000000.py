from datetime import UTC, datetime

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-07T21:46:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "places held on shifts over before attendance existed count as came"


class SignUp(Table, tablename="sign_up"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="volunteers", description=DESCRIPTION)

    async def came_before_attendance_existed():
        # Until now the reports counted every place held on a shift that took place: those
        # hours were already reported, so they keep counting (as "came"). A separate migration
        # from the columns': Piccolo runs a migration's raw steps before its new columns.
        await SignUp.raw(
            "UPDATE sign_up SET attendance = 'came' WHERE status = 'confirmed' AND shift IN "
            "(SELECT id FROM shift WHERE ends_at <= {} AND cancelled_at IS NULL)",
            datetime.now(UTC),
        )

    manager.add_raw(came_before_attendance_existed)
    return manager
