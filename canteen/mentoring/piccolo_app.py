import os

from piccolo.conf.apps import AppConfig

from canteen.mentoring.tables import (
    MatchProposal,
    MatchRun,
    Mentor,
    Mentoring,
    MentoringContact,
    PairDecision,
)

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="mentoring",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    # In dependency order: the demo's reset deletes them in reverse.
    table_classes=[Mentor, MatchRun, MatchProposal, PairDecision, Mentoring, MentoringContact],
    migration_dependencies=["canteen.onboarding.piccolo_app"],
    commands=[],
)
