import os

from piccolo.conf.apps import AppConfig

from canteen.toolbox.tables import Resource, ResourceFile

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="toolbox",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[Resource, ResourceFile],
    migration_dependencies=["canteen.accounts.piccolo_app"],
    commands=[],
)
