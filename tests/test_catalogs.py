"""The product speaks to its users: every message the code shows has its translations."""

from __future__ import annotations

import pytest

from canteen import i18n
from canteen.i18n_tools import catalog_files, missing, placeholder_mismatches, used_messages


def test_the_code_uses_messages() -> None:
    assert len(used_messages()) > 100


@pytest.mark.parametrize("language", ["fr", "en"])
def test_french_and_english_are_complete(language: str) -> None:
    assert missing(language) == []


@pytest.mark.parametrize("language", ["es", "nl", "ar"])
def test_spanish_dutch_and_arabic_are_wired(language: str) -> None:
    assert catalog_files(language), f"no catalog for {language}"
    # Diners see the kiosk: it must be fully usable in every language the welcome screen offers.
    assert missing(language, packages=("kiosk",)) == []


@pytest.mark.parametrize("language", ["fr", "en", "es", "nl", "ar"])
def test_translations_keep_their_placeholders(language: str) -> None:
    assert placeholder_mismatches(language) == []


def test_arabic_is_right_to_left_and_translated() -> None:
    import kiosk

    i18n.add_locale_dir(kiosk.LOCALE_DIR)
    token = i18n.current_language.set("ar")
    try:
        assert i18n.direction() == "rtl"
        assert i18n.gettext("How many are you?") == "كم عددكم؟"
        assert "١" not in i18n.gettext("The number of people must be between 1 and {max}.", max=30)
    finally:
        i18n.current_language.reset(token)
