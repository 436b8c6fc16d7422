import os

from piccolo.conf.apps import AppConfig

from canteen.onboarding.tables import (
    CanteenProject,
    ChecklistTick,
    ProjectContact,
    ProjectFounder,
    StageMove,
)

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="onboarding",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    # In dependency order: the demo's reset deletes them in reverse.
    table_classes=[CanteenProject, ProjectFounder, StageMove, ChecklistTick, ProjectContact],
    migration_dependencies=["canteen.network.piccolo_app", "canteen.accounts.piccolo_app"],
    commands=[],
)
