"""A process killed in the middle of an import leaves the database exactly as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

IMPORTER = textwrap.dedent("""
    import sys, time
    from pmsdesk.db import open_database
    from pmsdesk.services.actor import Actor
    from pmsdesk.sync import import_package

    def stall(stage, done, total):
        if done == 5:  # several tables written, transaction still open
            print("WRITING", flush=True)
            time.sleep(120)

    database = open_database(sys.argv[1])
    with database.session() as session:
        import_package(session, Actor.system("killed"), sys.argv[2], progress=stall)
    print("FINISHED", flush=True)
""")


def _dump(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_sigkill_during_import_leaves_the_database_as_before(pair):
    pair.head.close()
    before = _dump(pair.head.path)
    process = subprocess.Popen([sys.executable, "-c", IMPORTER, str(pair.head.path), str(pair.first_package)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "WRITING", process.stderr.read()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _dump(pair.head.path) == before
    connection = sqlite3.connect(pair.head.path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    assert pair.head.import_(pair.first_package).inserted > 0  # and the package still imports afterwards
