"""Where the kiosk's files are, and where a page goes instead of an error: known to its children
without importing the package itself (kiosk/__init__.py imports them)."""

from pathlib import Path

HERE = Path(__file__).parent
LOCALE_DIR = HERE / "locale"
TEMPLATE_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

# Domain errors that, on a page, send the tablet somewhere instead of showing an error.
HTML_REDIRECTS = {
    "DeviceNotPaired": "/kiosk/pair",
    "DeviceRevoked": "/kiosk/pair?revoked=1",
    "CoordinatorRequired": "/kiosk/coordinator",
}
