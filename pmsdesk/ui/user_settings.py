"""Settings kept per user in the one QSettings file of the computer.

Officials share office laptops: the last screen, the register's filters and
column widths and the folder reports were saved to belong to the person signed
in, not to whoever used the computer before.
"""

from __future__ import annotations


def user_key(username: str, name: str) -> str:
    """Where the setting ``name`` of ``username`` lives in the settings file."""
    return f"users/{username}/{name}"
