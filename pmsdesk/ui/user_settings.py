"""Settings kept per user in the one QSettings file of the computer.

Officials share office laptops: the last screen, the register's filters and
column widths and the folder reports were saved to belong to the person signed
in, not to whoever used the computer before.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from pmsdesk.i18n import ENGLISH


def user_key(username: str, name: str) -> str:
    """Where the setting ``name`` of ``username`` lives in the settings file."""
    return f"users/{username}/{name}"


#: Each official's language (Account ▸ Language), under ``user_key``.
LANGUAGE_KEY = "language"
#: The language of the last official who signed in on this computer: the sign-in dialog reads in it.
LAST_LANGUAGE_KEY = "language/last-signed-in"


def user_language(settings: QSettings, username: str) -> str:
    """The language ``username`` chose, English until they choose one."""
    return str(settings.value(user_key(username, LANGUAGE_KEY), ENGLISH) or ENGLISH)


def keep_user_language(settings: QSettings, username: str, code: str) -> None:
    settings.setValue(user_key(username, LANGUAGE_KEY), code)
    settings.setValue(LAST_LANGUAGE_KEY, code)
