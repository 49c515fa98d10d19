"""What pmsdesk tells a person when something fails: one line, never a traceback.

A mistake in what the user gave (a folder where a file belongs, a place that
cannot be written, a damaged database or package) is exit 2 with a line naming
the file and what to do. Anything else is a bug in pmsdesk: exit 1, one line
that points at the log file, where the traceback is kept for support.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import zlib
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from pmsdesk.logs import log_path

log = logging.getLogger(__name__)

#: SQLite's words for a file that is damaged or not a database at all.
_DAMAGED = ("malformed", "not a database", "file is encrypted", "disk i/o error")
_CANNOT_OPEN = ("unable to open database file",)
_READ_ONLY = ("readonly database", "read-only")
_FULL = ("database or disk is full",)


def bad_input_message(error: BaseException, database: str | None) -> str | None:
    """A one-line explanation when ``error`` comes from the user's files, else None (a bug)."""
    if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
        return _file_message(error)
    if isinstance(error, (DBAPIError, sqlite3.Error)):
        return _database_message(error, database)
    if isinstance(error, zlib.error):
        return f"a compressed file could not be read ({error}): it is damaged; copy it again."
    if isinstance(error, RecursionError):
        return "a file is nested too deeply to be read: it is damaged or not made by pmsdesk."
    return None


def _file_message(error: OSError) -> str:
    where = error.filename if error.filename is not None else "a file"
    if isinstance(error, IsADirectoryError):
        return f"{where} is a folder; give the path of a file."
    if isinstance(error, NotADirectoryError):
        return f"{where}: part of this path is a file, not a folder."
    if isinstance(error, PermissionError) or error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{where} cannot be written or read here (permission denied or read-only); choose another place."
    if isinstance(error, FileNotFoundError):
        folder = Path(str(where)).parent
        if not folder.is_dir():
            return f"{where}: the folder {folder} does not exist and cannot be created; choose another place."
        return f"{where} does not exist."
    if error.errno == errno.ENOSPC:
        return f"the disk is full while writing {where}; nothing was changed. Free some space and try again."
    return f"{where}: {error.strerror or error}."


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and the errors it arose from: SQLite's 'disk is full' can hide behind a failed rollback."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _database_message(error: BaseException, database: str | None) -> str:
    texts = [str(getattr(link, "orig", None) or link).lower() for link in _chain(error)]
    known = _READ_ONLY + _FULL + _CANNOT_OPEN + _DAMAGED
    text = next((text for text in texts if any(word in text for word in known)), texts[0])
    name = database or "the database"
    if any(word in text for word in _READ_ONLY):
        return f"{name} is read-only here; copy it to a folder you can write to, or ask for write access."
    if any(word in text for word in _FULL):
        return f"the disk is full while writing {name}; nothing was changed. Free some space and try again."
    if any(word in text for word in _CANNOT_OPEN):
        return f"{name} cannot be opened: the file or its folder cannot be read or written here."
    if any(word in text for word in _DAMAGED):
        return (f"{name} is damaged or not a pmsdesk database ({text.split(chr(10))[0]}); "
                "restore it from a backup (pmsdesk restore).")
    return f"{name}: the database refused the request ({text.splitlines()[0] if text else type(error).__name__})."


def unexpected_message(error: BaseException) -> str:
    """The one line for a bug; the traceback goes to the log."""
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    where = log_path()
    kind = type(error).__name__
    return (f"unexpected {kind}: {str(error).splitlines()[0][:200] if str(error) else 'no details'}. "
            f"This is a fault in pmsdesk; please send the log {where} to your support contact.")
