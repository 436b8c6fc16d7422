"""Tablée: the domain of pay-what-you-can community canteens. Knows nothing of HTTP or HTML."""

from pathlib import Path

__version__ = "0.1.0"
LOCALE_DIR = Path(__file__).parent / "locale"
