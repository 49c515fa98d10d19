"""Several pmsdesk programs writing one SQLite file: each waits its turn, none fails, nothing is lost.

Two command-line importers re-import a 300-KPI workbook over and over (each import changes every
target) while a third program saves an actual in a loop through the services, for about 20 seconds
(the machine is shared, so not longer).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from pmsdesk.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
RUN_SECONDS = 20
SAVE_LOOP = """
import sys, time
from sqlalchemy import select
from pmsdesk.db import open_database, retry_while_busy
from pmsdesk.models import Kpi, ReportingPeriod
from pmsdesk.services import actuals
from pmsdesk.services.users import sign_in

database = open_database(sys.argv[1])
deadline, saves = time.monotonic() + float(sys.argv[2]), 0
with database.session() as session:
    actor = sign_in(session, "pms_officer", "pms_officer-password")
    kpi = session.scalar(select(Kpi).where(Kpi.reference == "TS0001"))
    period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.financial_year_id == kpi.financial_year_id)
                            .order_by(ReportingPeriod.start_date))
    while time.monotonic() < deadline:
        saves += 1
        retry_while_busy(lambda: actuals.save_actual(session, actor, kpi.id, period.id, {"value": saves}),
                         session=session)
print(saves)
"""


def _workbook(path: Path, rows: int, target: int = 400) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "SDBIP"
    sheet.append(["Ref No", "Key Performance Indicator", "Unit of measure", "Annual Target", "Q1", "Q2", "Q3", "Q4"])
    sheet.append(["KPA 1: Basic Service Delivery"])
    for number in range(1, rows + 1):
        sheet.append([f"TS{number:04d}", f"Households connected in ward {number}", "Number",
                      target + number, 100, 100, 100, target - 300 + number])
    book.save(path)
    return path


def test_two_importers_and_a_save_loop_share_one_file_without_a_failure(tmp_path, seeded_file, as_user):
    database = tmp_path / "office.sqlite"
    shutil.copyfile(seeded_file, database)
    workbooks = [_workbook(tmp_path / f"sdbip-{target}.xlsx", 300, target) for target in (400, 500)]

    def importer(workbook: Path) -> list[str]:
        return ["import-sdbip", str(workbook), "--db", str(database), "--org", "ZA-T01", "--update-existing",
                *as_user("pms_officer")]

    assert main(importer(workbooks[0])) == 0  # the KPIs exist before the save loop starts
    environment = os.environ | {"PYTHONPATH": str(ROOT), "PMSDESK_PASSWORD": "pms_officer-password"}
    deadline = time.monotonic() + RUN_SECONDS
    failures: list[str] = []
    runs = {"imports": 0}

    def import_again_and_again() -> None:
        while time.monotonic() < deadline:  # alternate the targets: every import rewrites 300 KPIs
            workbook = workbooks[runs["imports"] % 2]
            done = subprocess.run([sys.executable, "-m", "pmsdesk", *importer(workbook)], capture_output=True,
                                  text=True, env=environment, timeout=180)
            runs["imports"] += 1
            if done.returncode != 0:
                failures.append(done.stderr[-2000:])

    importers = [threading.Thread(target=import_again_and_again) for _ in range(2)]
    for thread in importers:
        thread.start()
    saver = subprocess.run([sys.executable, "-c", SAVE_LOOP, str(database), str(RUN_SECONDS)],
                           capture_output=True, text=True, env=environment, timeout=240)
    for thread in importers:
        thread.join()

    assert saver.returncode == 0, saver.stderr[-3000:]
    assert not failures, failures[0]
    assert runs["imports"] >= 2 and int(saver.stdout) >= 5, (runs, saver.stdout)


def test_a_writer_gives_up_after_the_time_out_with_a_plain_message(tmp_path, seeded_file, as_user, capsys,
                                                                   monkeypatch):
    import sqlite3

    from pmsdesk import db

    database = tmp_path / "office.sqlite"
    shutil.copyfile(seeded_file, database)
    monkeypatch.setattr(db, "LOCK_WAIT_LIMIT_SECONDS", 2.0)
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
    try:
        started = time.monotonic()
        assert main(["backup", "--db", str(database), *as_user("pms_officer")]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "waiting for another pmsdesk on this file…" in err
    assert err.splitlines()[-1].startswith("pmsdesk: error: another pmsdesk kept") and "Traceback" not in err
    assert time.monotonic() - started < 30


def test_a_unit_of_work_that_read_first_is_not_refused_because_someone_saved_meanwhile(database):
    """Before: BEGIN (deferred), a read, another program's commit, then the first write failed at once
    with "database is locked", without waiting. Now the unit takes the write lock first and the other
    program waits its turn."""
    import sqlite3

    from sqlalchemy import select, update

    from pmsdesk.db import sqlite_path
    from pmsdesk.models import Organisation
    from pmsdesk.services.records import unit_of_work

    path = sqlite_path(database.url)
    if path is None:
        pytest.skip("SQLite's write lock; PostgreSQL has row locks")
    other_saved = threading.Event()

    def another_program_saves() -> None:
        connection = sqlite3.connect(path, timeout=30)
        with connection:
            connection.execute("UPDATE organisation SET name = 'Saved by another program'")
        connection.close()
        other_saved.set()

    with database.session() as session:
        with unit_of_work(session):
            session.scalar(select(Organisation.code))
            threading.Thread(target=another_program_saves, daemon=True).start()
            assert not other_saved.wait(0.5)  # it waits for the unit to finish
            session.execute(update(Organisation).values(code="ZA-T02"))
        assert other_saved.wait(10)
        session.expire_all()
        assert session.execute(select(Organisation.code, Organisation.name)).one() == (
            "ZA-T02", "Saved by another program")


def test_a_lock_error_is_recognised_however_it_surfaces():
    import sqlite3

    from sqlalchemy.exc import OperationalError, PendingRollbackError

    from pmsdesk.db import is_busy
    from pmsdesk.services.errors import DatabaseBusy, ValidationError

    locked = OperationalError("UPDATE kpi", {}, sqlite3.OperationalError("database is locked"))
    pending = PendingRollbackError("This Session's transaction has been rolled back due to a previous exception "
                                   "during flush. Original exception was: (sqlite3.OperationalError) database is locked")
    assert is_busy(locked) and is_busy(pending) and is_busy(DatabaseBusy())
    try:
        try:
            raise DatabaseBusy()
        except DatabaseBusy:
            raise ValueError("wrapped by a command") from None  # the context still leads to the lock
    except ValueError as wrapped:
        assert is_busy(wrapped)
    assert not is_busy(ValidationError.single("value", "must be a number"))
    assert not is_busy(OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: kpi")))
