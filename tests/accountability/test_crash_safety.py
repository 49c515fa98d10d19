"""What happens when the process dies mid-write, or two programs write at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from pmsdesk.db import open_database
from pmsdesk.services import framework
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import DatabaseBusy


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_bulk_write_leaves_all_or_nothing(tmp_path):
    path = tmp_path / "big.sqlite"
    wal = tmp_path / "big.sqlite-wal"
    process = subprocess.Popen(
        [sys.executable, "-m", "pmsdesk", "demo", "--db", str(path), "--orgs", "60"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        # The demo is one transaction: once the WAL holds megabytes of it, we are mid-write.
        assert _wait_for(lambda: wal.exists() and wal.stat().st_size > 4_000_000, timeout=90), "write never started"
        assert process.poll() is None, "the write finished before it could be interrupted"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM organisation").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM kpi").fetchone() == (0,)
    database = open_database(path)  # and pmsdesk opens it as usual
    database.dispose()


HOLD_WRITE_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA journal_mode=WAL")
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE organisation SET name = name")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


def test_a_second_writer_gets_a_clear_busy_message_and_nothing_breaks(tmp_path, seeded_file):
    import shutil

    path = tmp_path / "shared.sqlite"
    shutil.copyfile(seeded_file, path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(path), "3"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        database = open_database(path, busy_timeout_ms=300)
        try:
            with database.session() as session:
                with pytest.raises(DatabaseBusy, match="database is busy"):
                    framework.create_kpa(session, Actor.system(), _organisation_id(path),
                                         {"code": "LED", "name": "Local Economic Development", "scope": "national"})
        finally:
            database.dispose()
    finally:
        holder.wait(timeout=30)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM kpa WHERE code = 'LED'").fetchone() == (0,)
    database = open_database(path)  # once the other writer is done, the same write succeeds
    with database.session() as session:
        framework.create_kpa(session, Actor.system(), _organisation_id(path),
                             {"code": "LED", "name": "Local Economic Development", "scope": "national"})
    database.dispose()


def _organisation_id(path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT id FROM organisation").fetchone()[0]
