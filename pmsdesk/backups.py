"""Backups of SQLite databases: taken with the online backup API, rotated, restorable.

A backup is a complete SQLite file in ``backups/`` beside the database, named
``<stem>-<timestamp>-<reason>.sqlite``. Backups are taken when a database is
opened (at most once per ``min_interval``), before every schema upgrade and
before a restore or a database copy replaces data, and only the newest ``keep`` per database are kept.

The administration screen lists them (``list_backups``) and takes one on
behalf of a signed-in user (``back_up_for``). Putting one back is
``pmsdesk.restores.restore``.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from pmsdesk.progress import Progress
from pmsdesk.services.actor import Actor, Permission

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
#: Pages copied between progress reports (4 MB of 4 KB pages): a cancel is heard within a moment.
BACKUP_STEP_PAGES = 1024
DEFAULT_MIN_INTERVAL = timedelta(hours=12)
#: Who may take backups (administrators and PMS officers); restoring needs Permission.RESTORE (administrators).
BACKUP_PERMISSION = Permission.BACK_UP
_STAMP = re.compile(r"-(\d{8}-\d{6}-\d{6})-(.+)$")
#: Why a backup was taken, from the end of its file name, in an official's words.
REASON_LABELS = {
    "on-open": "When the database was opened",
    "before-upgrade": "Before a program upgrade",
    "manual": "Backed up by hand",
    "before-restore": "Before a restore",
    "before-db-copy": "Before a database copy",
}


class BackupError(Exception):
    """A backup or restore could not be done; the message says why."""


@dataclass(frozen=True)
class BackupPolicy:
    keep: int = DEFAULT_KEEP
    min_interval: timedelta = DEFAULT_MIN_INTERVAL


def backup_folder(database: Path) -> Path:
    return database.parent / "backups"


def backups_of(database: Path) -> list[Path]:
    """This database's backups, oldest first (the timestamp in the name sorts them)."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{database.stem}-2*.sqlite"))


def _copy_live(source_path: Path, target_path: Path, progress: Progress | None = None) -> None:
    """Copy a SQLite database page by page; safe while other connections write (WAL).

    With ``progress`` the copy goes in steps of ``BACKUP_STEP_PAGES`` pages, reported as they go.
    """
    source = sqlite3.connect(source_path)
    try:
        target = sqlite3.connect(target_path)
        try:
            if progress is None:
                source.backup(target)
            else:
                source.backup(target, pages=BACKUP_STEP_PAGES, progress=lambda _status, remaining, total: progress(
                    total - remaining, total, f"Copying {source_path.name}: {total - remaining} of {total} pages…"))
        finally:
            target.close()
    finally:
        source.close()


def _check_copy(copy: Path, database: Path) -> None:
    """Refuse a damaged copy: kept, it would push a good backup out of the rotation."""
    connection = sqlite3.connect(copy)
    try:
        verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    finally:
        connection.close()
    if verdict != "ok":
        raise sqlite3.DatabaseError(f"the database is damaged ({verdict}); no backup was kept, "
                                    "so the older good ones stay")


def create_backup(database: Path, reason: str, *, keep: int = DEFAULT_KEEP, progress: Progress | None = None) -> Path:
    """Back up ``database`` now and drop the oldest backups beyond ``keep``.

    ``progress`` hears of the pages copied; Cancelled raised by it leaves no file behind.
    """
    if not database.exists():
        raise BackupError(f"No database at {database} to back up.")
    folder = backup_folder(database)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    destination = folder / f"{database.stem}-{stamp}-{reason}.sqlite"
    partial = destination.with_suffix(".partial")
    try:
        _copy_live(database, partial, progress)
        if progress is not None:
            progress(1, 1, "Checking the copy…")
        _check_copy(partial, database)
        partial.replace(destination)  # never leave a half-written file under a backup name
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        log.warning("backup of %s failed: %s", database, error)
        raise BackupError(f"Could not back up {database}: {error}") from error
    except BaseException:  # Cancelled, or the process stopping: no half-copied backup stays
        partial.unlink(missing_ok=True)
        raise
    rotate(database, keep)
    log.info("backed up %s to %s", database, destination)
    return destination


def rotate(database: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``database``; returns what was deleted."""
    if keep < 1:
        raise BackupError(f"Keep at least one backup (asked to keep {keep}).")
    existing = backups_of(database)
    doomed = existing[:-keep] if len(existing) > keep else []
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup_on_open(database: Path, policy: BackupPolicy) -> Path | None:
    """Take the opening backup unless a recent one exists (opening is frequent; backups are not free)."""
    if not database.exists() or database.stat().st_size == 0:
        return None
    existing = backups_of(database)
    if existing:
        age = datetime.now() - datetime.fromtimestamp(existing[-1].stat().st_mtime)
        if age < policy.min_interval:
            return None
    return create_backup(database, "on-open", keep=policy.keep)


def check_backup(path: Path) -> str:
    """Integrity-check a backup file; returns its schema revision or raises BackupError."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not a SQLite database file.")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupError(f"{path} is damaged: {'; '.join(result[:3])}")
        try:
            (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except (sqlite3.Error, TypeError):
            raise BackupError(f"{path} is not a pmsdesk database (no schema version).") from None
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read: {error}") from error
    finally:
        connection.close()
    return revision


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    reason: str

    @property
    def reason_label(self) -> str:
        for prefix, label in REASON_LABELS.items():
            if self.reason.startswith(prefix):
                return label
        return self.reason.replace("-", " ").capitalize()


def list_backups(database: Path) -> list[BackupInfo]:
    """This database's backups, newest first, with when and why each was taken."""
    found = []
    for path in reversed(backups_of(database)):
        match = _STAMP.search(path.stem)
        stat = path.stat()
        taken_at = (datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f") if match
                    else datetime.fromtimestamp(stat.st_mtime))
        found.append(BackupInfo(path, taken_at, stat.st_size, match.group(2) if match else ""))
    return found


def back_up_for(actor: Actor, database: Path, *, keep: int = DEFAULT_KEEP, progress: Progress | None = None) -> Path:
    """A manual backup taken on behalf of a signed-in user."""
    actor.require(BACKUP_PERMISSION)
    return create_backup(database, "manual", keep=keep)
