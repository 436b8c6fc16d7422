"""Piccolo's own hook (its migration tooling imports it). The running service and the tests
replace DB through canteen.db.bind(); this default only serves `piccolo` commands run by hand."""

import os

from piccolo.conf.apps import AppRegistry

from canteen.db import make_engine

APPS = [
    "canteen.network.piccolo_app",
    "canteen.meals.piccolo_app",
    "canteen.throttle.piccolo_app",
    "canteen.volunteers.piccolo_app",
    "canteen.accounts.piccolo_app",
    "canteen.onboarding.piccolo_app",
    "canteen.toolbox.piccolo_app",
    "canteen.mentoring.piccolo_app",
    "canteen.forecast.piccolo_app",
    "canteen.recipes.piccolo_app",
    "canteen.conservation.piccolo_app",
    "canteen.reports.piccolo_app",
]

DB = make_engine(os.environ.get("CANTEEN_DATABASE_URL") or "sqlite:///canteen-data/canteen.sqlite")

APP_REGISTRY = AppRegistry(apps=APPS)
