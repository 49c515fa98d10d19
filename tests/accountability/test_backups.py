"""Backups: taken on open and before upgrades, rotated, and restored only when sound."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from datetime import timedelta

import pytest

from pmsdesk.backups import REASON_LABELS, BackupError, BackupPolicy, backups_of, create_backup
from pmsdesk.db import known_revisions, open_database
from pmsdesk.restores import RestoreNeedsConfirmation
from pmsdesk.restores import restore as restore_as
from pmsdesk.services.actor import Actor

ADMIN = Actor.system("administrator")


def restore(backup, database, **options):
    return restore_as(ADMIN, backup, database, **options)


@pytest.fixture
def db_file(tmp_path, seeded_file):
    path = tmp_path / "office.sqlite"
    shutil.copyfile(seeded_file, path)
    return path


def _organisations(path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT code FROM organisation ORDER BY code")]


def test_only_the_newest_backups_are_kept(db_file):
    made = [create_backup(db_file, "manual", keep=3) for _ in range(5)]
    assert backups_of(db_file) == made[-3:]


def test_opening_takes_a_backup_but_not_again_within_the_interval(db_file):
    policy = BackupPolicy(keep=5, min_interval=timedelta(hours=1))
    open_database(db_file, backup_policy=policy).dispose()
    open_database(db_file, backup_policy=policy).dispose()
    backups = backups_of(db_file)
    assert len(backups) == 1 and backups[0].name.endswith("-on-open.sqlite")
    old = time.time() - 7200
    os.utime(backups[0], (old, old))
    open_database(db_file, backup_policy=policy).dispose()
    assert len(backups_of(db_file)) == 2


def test_a_backup_is_a_consistent_copy_taken_while_the_database_is_open(db_file):
    database = open_database(db_file)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE organisation SET name = 'Renamed' WHERE code = 'ZA-T01'")
    backup = create_backup(db_file, "manual")  # WAL not yet checkpointed: the backup must still see the change
    database.dispose()
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT name FROM organisation").fetchone() == ("Renamed",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_restore_puts_the_backup_back_and_keeps_what_it_replaced(db_file):
    backup = create_backup(db_file, "manual")
    with sqlite3.connect(db_file) as connection:
        connection.execute("UPDATE organisation SET name = 'Renamed since'")
    result = restore(backup, db_file, known_revisions=known_revisions())
    assert _organisations(db_file) == ["ZA-T01"]
    assert _organisations(result.safety_copy) == ["ZA-T01"]
    with sqlite3.connect(result.safety_copy) as connection:
        assert connection.execute("SELECT name FROM organisation").fetchone() == ("Renamed since",)
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(db_file, tmp_path):
    backup = create_backup(db_file, "manual")
    damaged = tmp_path / "damaged.sqlite"
    data = backup.read_bytes()
    damaged.write_bytes(data[: len(data) // 3])
    before = db_file.read_bytes()
    with pytest.raises(BackupError):
        restore(damaged, db_file, known_revisions=known_revisions())
    assert db_file.read_bytes() == before


def test_a_backup_from_a_newer_pmsdesk_is_refused(db_file, tmp_path):
    newer = tmp_path / "newer.sqlite"
    shutil.copyfile(db_file, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(BackupError, match="newer pmsdesk"):
        restore(newer, db_file, known_revisions=known_revisions())


def test_a_file_that_is_not_a_pmsdesk_database_is_refused(db_file, tmp_path):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(BackupError, match="not a pmsdesk database"):
        restore(other, db_file)
    text = tmp_path / "text.sqlite"
    text.write_text("hello")
    with pytest.raises(BackupError, match="not a SQLite database"):
        restore(text, db_file)


def _content(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _restore_events(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT actor, reason, new_values FROM audit_event WHERE action = 'restore'").fetchall()


def test_a_restore_is_the_newest_event_of_the_restored_audit_trail(db_file):
    backup = create_backup(db_file, "manual")
    restore(backup, db_file, known_revisions=known_revisions())
    [(actor, reason, new)] = _restore_events(db_file)
    assert (actor, reason) == ("administrator", "restored from a backup") and backup.name in new
    database = open_database(db_file)
    with database.session() as session:
        from pmsdesk.services.audit import first_broken_link
        assert first_broken_link(session) is None
    database.dispose()


@pytest.mark.parametrize(("change", "named"), [
    ("UPDATE organisation SET id = 'another-org', code = 'KE-047', name = 'Another County'", "KE-047 Another County"),
    ("INSERT INTO installation_setting (key, value) VALUES ('installation_id', 'another-laptop')",
     "made on another installation"),
    ("UPDATE audit_event SET actor = 'someone else' WHERE id = (SELECT MIN(id) FROM audit_event)",
     "audit trail is broken at event"),
])
def test_a_backup_that_differs_is_refused_unless_forced_with_a_reason(db_file, change, named):
    with sqlite3.connect(db_file) as connection:
        connection.execute("INSERT OR REPLACE INTO installation_setting (key, value) VALUES ('installation_id', 'this-laptop')")
    backup = create_backup(db_file, "manual")
    with sqlite3.connect(backup) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        if "installation_id" in change:
            connection.execute("DELETE FROM installation_setting WHERE key = 'installation_id'")
        connection.execute(change)
    before = _content(db_file)
    with pytest.raises(RestoreNeedsConfirmation, match=named) as refused:
        restore(backup, db_file, known_revisions=known_revisions())
    assert _content(db_file) == before and not any("before-restore" in p.name for p in backups_of(db_file))
    assert len(refused.value.differences) == 1

    result = restore(backup, db_file, known_revisions=known_revisions(), force_reason="laptop replaced")
    assert len(result.differences) == 1
    [(actor, reason, new)] = _restore_events(db_file)[-1:]
    assert reason == "laptop replaced" and named.split()[0] in new


def test_a_save_that_waits_for_the_restore_lock_is_never_lost(db_file):
    """The save commits after the safety copy: it must land on top of the restored data, not vanish."""
    backup = create_backup(db_file, "manual")
    saved = threading.Event()

    def save_while_the_restore_holds_the_lock():
        def save():
            with sqlite3.connect(db_file, timeout=30) as connection:
                connection.execute("UPDATE organisation SET name = 'Saved during the restore'")
            saved.set()
        threading.Thread(target=save, daemon=True).start()
        assert not saved.wait(0.5)  # it waits for the lock instead of committing now

    result = restore_as(ADMIN, backup, db_file, known_revisions=known_revisions(),
                        after_safety_copy=save_while_the_restore_holds_the_lock)
    assert saved.wait(10)
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("SELECT name FROM organisation").fetchone() == ("Saved during the restore",)
    with sqlite3.connect(result.safety_copy) as connection:
        assert connection.execute("SELECT name FROM organisation").fetchone() != ("Saved during the restore",)


def test_the_readme_promises_only_the_backups_pmsdesk_takes():
    """Imports take no backup (each is one transaction); the README must not say they do."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    paragraph = " ".join(readme[readme.index("The app backs the database up"):].split("\n\n")[0].split())
    promised = paragraph.split(".")[0]
    assert "import" not in promised
    assert all(reason in promised for reason in ("opens it", "upgrades", "restores", "db copy --replace"))
    assert set(REASON_LABELS) == {"on-open", "before-upgrade", "manual", "before-restore", "before-db-copy"}
