"""Putting a backup back: checked, confirmed, locked, audited.

A restore replaces everyone's data, so before anything is touched the backup
is compared with the database it replaces: another organisation, another
installation or a broken audit chain is named and the restore refused unless
the person restoring insists, giving a reason (``force_reason``).

The safety copy of the current database and the replacement happen under one
write lock on it: a save that was waiting for the lock commits either before
the safety copy (and is in it) or after the restore (on top of the restored
data), never in between where it would be lost. The replacement is one SQLite
transaction, so a crash leaves the old database or the new one, never a mix.
The restore is the first event of the restored database's audit trail.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from pmsdesk.backups import DEFAULT_KEEP, BackupError, check_backup, create_backup
from pmsdesk.services.actor import Actor, Permission

#: How long a restore waits for another program's save to finish before giving up.
LOCK_WAIT_SECONDS = 30.0
_INSTALLATION_ID = "installation_id"
_CREATION_ORDER = "CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END"


class RestoreNeedsConfirmation(BackupError):
    """The backup differs from the database in ways a person must accept, with a reason."""

    def __init__(self, differences: list[str]) -> None:
        self.differences = tuple(differences)
        super().__init__("The backup differs from this database: " + "; ".join(differences)
                         + ". Nothing was changed; restore it only if you are sure, and say why.")


@dataclass(frozen=True)
class RestoreResult:
    safety_copy: Path | None
    differences: tuple[str, ...]


def restore_differences(backup: Path, database: Path) -> list[str]:
    """What a person must know before ``backup`` replaces ``database`` (empty: nothing surprising)."""
    differences = []
    if database.exists():
        ours, theirs = _organisations(database), _organisations(backup)
        if ours and theirs.keys() != ours.keys():  # by id: a renamed organisation is the same one
            differences.append(f"it holds the organisation(s) {_names(theirs)}, this database {_names(ours)}")
        here, there = _setting(database, _INSTALLATION_ID), _setting(backup, _INSTALLATION_ID)
        if here and there != here:
            differences.append("it was made on another installation"
                               + ("" if there else " (or before this one had its signing key)"))
    if problem := _audit_chain_problem(backup):
        differences.append(problem)
    return differences


def _read(path: Path, query: str, parameters: tuple = ()) -> list[tuple]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute(query, parameters).fetchall()
    except sqlite3.Error:
        return []
    finally:
        connection.close()


def _organisations(path: Path) -> dict[str, str]:
    return dict(_read(path, "SELECT id, code || ' ' || name FROM organisation"))


def _names(organisations: dict[str, str]) -> str:
    return ", ".join(sorted(organisations.values())) or "none"


def _setting(path: Path, key: str) -> str | None:
    rows = _read(path, "SELECT value FROM installation_setting WHERE key = ?", (key,))
    return rows[0][0] if rows else None


def _audit_chain_problem(backup: Path) -> str | None:
    from pmsdesk.services.audit import first_broken_link

    engine = create_engine(f"sqlite:///{backup.resolve().as_uri()}?mode=ro&uri=true")
    try:
        with Session(engine) as session:
            broken = first_broken_link(session)
    except Exception as error:  # noqa: BLE001 - any failure to read the chain is reported, not raised
        return f"its audit trail cannot be checked ({type(error).__name__})"
    finally:
        engine.dispose()
    if broken is not None:
        return f"its audit trail is broken at event {broken.id} (edited or removed after it was written)"
    return None


def restore(
    actor: Actor,
    backup: Path,
    database: Path,
    *,
    known_revisions: set[str] | None = None,
    force_reason: str | None = None,
    keep: int = DEFAULT_KEEP,
    after_safety_copy: Callable[[], None] | None = None,
) -> RestoreResult:
    """Replace ``database`` with ``backup`` on behalf of ``actor`` (an administrator).

    Refuses (changing nothing) a damaged backup, one from a newer pmsdesk, and
    one that differs from the database (``RestoreNeedsConfirmation``) unless a
    ``force_reason`` is given. ``after_safety_copy`` lets tests act while the lock is held.
    """
    actor.require(Permission.RESTORE)
    revision = check_backup(backup)
    if known_revisions is not None and revision not in known_revisions:
        raise BackupError(f"{backup} was made by a newer pmsdesk (schema {revision}); install it to restore this.")
    reason = (force_reason or "").strip()
    differences = restore_differences(backup, database)
    if differences and not reason:
        raise RestoreNeedsConfirmation(differences)
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists():
        safety = _replace_under_lock(backup, database, keep, after_safety_copy)
    else:
        safety = None
        shutil.copyfile(backup, database)
    _audit(actor, backup, database, safety, differences, reason)
    return RestoreResult(safety, tuple(differences))


def _replace_under_lock(backup: Path, database: Path, keep: int, after_safety_copy: Callable[[], None] | None) -> Path:
    connection = sqlite3.connect(database.resolve().as_uri(), uri=True, timeout=LOCK_WAIT_SECONDS,
                                 isolation_level=None)
    try:
        connection.execute("ATTACH DATABASE ? AS incoming", (f"{backup.resolve().as_uri()}?mode=ro",))
        try:
            connection.execute("BEGIN IMMEDIATE")  # from here on nobody else commits to the database
        except sqlite3.OperationalError as error:
            raise BackupError(f"Another pmsdesk kept {database.name} busy for {LOCK_WAIT_SECONDS:.0f} s; "
                              "nothing was changed. Close it and restore again.") from error
        try:
            safety = create_backup(database, "before-restore", keep=keep + 1)
            if after_safety_copy is not None:
                after_safety_copy()
            _copy_contents(connection)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as error:
        raise BackupError(f"Could not restore {database}: {error}. Nothing was changed.") from error
    finally:
        connection.close()
    return safety


def _copy_contents(connection: sqlite3.Connection) -> None:
    """Make ``main`` hold exactly the schema and rows of ``incoming``, inside the open transaction."""
    ours = connection.execute("SELECT type, name FROM main.sqlite_master "
                              "WHERE name NOT LIKE 'sqlite_%' AND type IN ('view', 'trigger', 'table') "
                              f"ORDER BY {_CREATION_ORDER} DESC").fetchall()
    for kind, name in ours:
        connection.execute(f'DROP {kind.upper()} IF EXISTS main."{name}"')
    theirs = connection.execute("SELECT type, name, sql FROM incoming.sqlite_master "
                                f"WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY {_CREATION_ORDER}")
    for kind, name, sql in theirs.fetchall():
        connection.execute(sql)
        if kind == "table":
            connection.execute(f'INSERT INTO main."{name}" SELECT * FROM incoming."{name}"')
    sequences = {row[0] for row in connection.execute(
        "SELECT 'main' FROM main.sqlite_master WHERE name = 'sqlite_sequence' UNION ALL "
        "SELECT 'incoming' FROM incoming.sqlite_master WHERE name = 'sqlite_sequence'")}
    if sequences == {"main", "incoming"}:
        connection.execute("DELETE FROM main.sqlite_sequence")
        connection.execute("INSERT INTO main.sqlite_sequence SELECT * FROM incoming.sqlite_sequence")


def _audit(actor: Actor, backup: Path, database: Path, safety: Path | None, differences: list[str],
           reason: str) -> None:
    """The first event after the restore: who put which backup back, why, and what it overrode."""
    from pmsdesk.db import open_database
    from pmsdesk.services.audit import record_event
    from pmsdesk.services.records import transaction

    digest = hashlib.sha256(backup.read_bytes()).hexdigest()
    restored = open_database(database)
    try:
        with restored.session() as session, transaction(session):
            record_event(session, actor, "restore", "database", digest,
                         new={"backup": backup.name, "safety_copy": safety.name if safety else None,
                              "differences": differences},
                         reason=reason or "restored from a backup")
    finally:
        restored.dispose()
