"""Long work says how far it is, Cancel rolls it back, and every open screen hears what changed.

Cancelling is driven the way the dialog does it: ``Operation.cancel()`` at a chosen step, after
which the work's next report raises Cancelled and its session rolls back.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from pmsdesk import backups
from pmsdesk.models import IssuedDocument, Kpi, SyncPackageLog
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.services.actor import Actor
from pmsdesk.sync.keys import set_office_code
from pmsdesk.ui import operations as operations_module
from pmsdesk.ui.importing import SdbipImportView
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import ImmediateOperations, Operations
from pmsdesk.ui.sync.view import SyncView

from .test_import_screen import ROWS, write_workbook


@pytest.fixture
def steps(monkeypatch):
    """Every (done, total, sentence) reported; ``steps.cancel_at`` cancels when that many have come."""

    class Steps(list):
        cancel_at: int | None = None

    seen = Steps()
    original = Operations._step

    def step(self, operation, done, total, sentence):
        seen.append((done, total, sentence))
        original(self, operation, done, total, sentence)
        if seen.cancel_at is not None and len(seen) >= seen.cancel_at:
            operation.cancel()

    monkeypatch.setattr(Operations, "_step", step)
    return seen


def _count(database, column) -> int:
    with database.session() as session:
        return session.scalar(select(func.count(column)))


def test_the_dialog_shows_done_of_total_and_the_sentence(qtbot, seeded_database, monkeypatch):
    monkeypatch.setattr(operations_module, "PROGRESS_DELAY_MS", 50)
    runner = Operations(seeded_database)
    go_on, went_on = threading.Event(), threading.Event()

    def work(context):
        context.report(2, 5, "Writing KPI WS 3…")
        go_on.wait(5)
        context.report(4, 5, "Writing KPI WS 5…")
        went_on.set()
        go_on.wait(5)
        return "done"

    operation = runner.run(work, lambda result: None, label="Importing the KPIs…", cancellable=True)
    qtbot.waitUntil(lambda: operation.dialog is not None and operation.dialog.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: operation.dialog.value() == 2, timeout=3000)
    assert operation.dialog.maximum() == 5
    assert operation.dialog.labelText() == "Importing the KPIs…\nWriting KPI WS 3…"
    go_on.set()
    went_on.wait(5)
    qtbot.waitUntil(lambda: operation.finished or operation.dialog.value() == 4, timeout=3000)
    qtbot.waitUntil(lambda: operation.finished, timeout=5000)


@pytest.fixture
def import_view(qtbot, seeded_database, actor_named, monkeypatch, tmp_path):
    workbook = write_workbook(tmp_path / "sdbip.xlsx", ROWS[:3])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(workbook), ""))
    runner = ImmediateOperations(seeded_database)
    view = SdbipImportView(runner, actor_named("admin"))
    qtbot.addWidget(view)
    view.ui.choose.click()
    view.ui.year.setText("2026/27")
    view.ui.preview.click()
    return view, runner


def test_an_sdbip_import_reports_each_step_and_cancel_rolls_it_all_back(import_view, seeded_database, steps):
    view, runner = import_view
    changed = []
    runner.data_changed.connect(changed.append)
    kpis_before = _count(seeded_database, Kpi.id)
    steps.clear()
    steps.cancel_at = 3  # reading, a sheet, then "Writing 3 new KPI(s)…": cancelled before it writes

    view.ui.import_button.click()

    assert [sentence for _, _, sentence in steps][:3] == [
        "Reading sdbip.xlsx…", "Reading sheet 'SDBIP' of sdbip.xlsx…", "Writing 3 new KPI(s)…"]
    assert steps[2][:2] == (0, 3)
    assert _count(seeded_database, Kpi.id) == kpis_before
    assert view.ui.summary.text().startswith("Cancelled: nothing was imported")
    assert changed == []


def test_after_an_sdbip_import_the_register_shows_the_new_kpis(qtbot, seeded_database, actor_named, tmp_path,
                                                                monkeypatch, steps):
    runner = ImmediateOperations(seeded_database)
    window = MainWindow(seeded_database, actor_named("admin"), runner)
    qtbot.addWidget(window)
    window.show()
    register = window.open_screen("register")
    before = register.count_label.text()
    workbook = write_workbook(tmp_path / "sdbip.xlsx", ROWS[:2])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(workbook), ""))
    importing = window.open_screen("importing")
    importing.ui.choose.click()
    importing.ui.year.setText(window.selector.year().label)
    importing.ui.preview.click()
    changed = []
    runner.data_changed.connect(changed.append)

    importing.ui.import_button.click()

    assert changed and "kpi" in changed[-1]
    assert steps[-1][0] == steps[-1][1] == 2  # "Saving…": 2 of 2
    window.open_screen("register")
    assert register.count_label.text() != before
    assert register.count_label.text() == f"{int(before.split()[0]) + 2} KPIs"


@pytest.fixture
def sync_view(qtbot, seeded_database, actor_named, monkeypatch, tmp_path):
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    with seeded_database.session() as session:
        set_office_code(session, Actor.system(), "ZA-T01")
    runner = ImmediateOperations(seeded_database)
    view = SyncView(runner, actor_named("admin"))
    qtbot.addWidget(view)
    view.show_year(None)
    return view


def test_a_package_export_reports_tables_and_cancel_writes_and_records_nothing(sync_view, seeded_database,
                                                                              monkeypatch, tmp_path, steps):
    out = tmp_path / "to-head.pmspkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)  # HEAD-OFFICE: new
    sync_view.ui.receiver.setText("HEAD-OFFICE")
    steps.clear()
    steps.cancel_at = 3

    sync_view.export_package()

    assert steps[0][2].startswith("Collecting the rows for HEAD-OFFICE: table 1 of ")
    assert not out.exists() and not list(tmp_path.glob(".*.partial"))
    assert _count(seeded_database, SyncPackageLog.package_id) == 0
    assert "Export cancelled" in sync_view.result_messages()[-1]

    steps.cancel_at = None
    sync_view.export_package()
    assert out.exists() and steps[-1][0] == steps[-1][1]
    assert _count(seeded_database, SyncPackageLog.package_id) == 1


def test_a_report_reports_its_steps_and_cancel_leaves_no_file_and_no_register_entry(seeded_database, tmp_path):
    from pmsdesk.progress import Cancelled

    seen = []
    out = tmp_path / "scorecard.pdf"

    def cancel_when_drawing(done, total, sentence):
        seen.append((done, total, sentence))
        if sentence.startswith("Drawing"):
            raise Cancelled()

    with seeded_database.session() as session, pytest.raises(Cancelled):
        issue_report(session, Actor.system("tester"), ReportRequest("scorecard"), out, progress=cancel_when_drawing)
    assert [step[:2] for step in seen] == [(0, 3), (1, 3)]
    assert not out.exists() and not list(tmp_path.glob(".pmsdesk-*"))
    assert _count(seeded_database, IssuedDocument.fingerprint) == 0

    seen.clear()
    with seeded_database.session() as session:
        issue_report(session, Actor.system("tester"), ReportRequest("scorecard"), out,
                     progress=lambda *step: seen.append(step))
        session.commit()
    assert [step[:2] for step in seen] == [(0, 3), (1, 3), (2, 3)] and out.exists()


def test_a_backup_reports_pages_and_cancel_keeps_no_file(seeded_database, tmp_path, monkeypatch):
    from pmsdesk.progress import Cancelled

    monkeypatch.setattr(backups, "BACKUP_STEP_PAGES", 8)
    database = Path(seeded_database.url.removeprefix("sqlite:///"))
    seen = []

    def cancel_after_two(done, total, sentence):
        seen.append((done, total, sentence))
        if len(seen) == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        backups.create_backup(database, "manual", progress=cancel_after_two)
    assert backups.backups_of(database) == [] and not list(backups.backup_folder(database).glob("*.partial"))
    assert seen[0][1] > 8 and "pages" in seen[0][2]

    seen.clear()
    made = backups.create_backup(database, "manual", progress=lambda *step: seen.append(step))
    assert made.exists() and seen[-1][:2] == (1, 1) and seen[-2][0] == seen[-2][1]
