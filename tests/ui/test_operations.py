"""Background work: results arrive on the GUI thread, slow work shows progress, cancel drops the result."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from sqlalchemy import text

from pmsdesk.ui import operations
from pmsdesk.ui.operations import ImmediateOperations, Operations


def test_work_runs_in_another_thread_with_its_own_session_and_reports_back_on_the_gui_thread(qtbot, seeded_database):
    runner = Operations(seeded_database)
    seen = {}

    def work(context):
        seen["worker"] = QThread.currentThread()
        return context.session.execute(text("select 41 + 1")).scalar()

    def done(result):
        seen["result"] = result
        seen["delivered on"] = QThread.currentThread()

    runner.run(work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)

    assert seen["result"] == 42
    assert seen["worker"] is not QApplication.instance().thread()
    assert seen["delivered on"] is QApplication.instance().thread()


def test_an_error_in_the_work_goes_to_on_failure(qtbot, seeded_database):
    runner = Operations(seeded_database)
    errors = []

    def work(context):
        raise ValueError("the file is not a workbook")

    runner.run(work, lambda result: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)

    assert str(errors[0]) == "the file is not a workbook"


def test_slow_work_shows_a_progress_dialog_that_cancels_it(qtbot, seeded_database, monkeypatch):
    monkeypatch.setattr(operations, "PROGRESS_DELAY_MS", 50)
    runner = Operations(seeded_database)
    release = threading.Event()
    results = []

    def slow(context):
        release.wait(5)
        context.check_cancelled()
        return "finished"

    operation = runner.run(slow, results.append, label="Importing the SDBIP…", cancellable=True)
    qtbot.waitUntil(lambda: operation.dialog is not None and operation.dialog.isVisible(), timeout=3000)
    assert operation.dialog.labelText() == "Importing the SDBIP…"

    cancel_button = operation.dialog.findChild(QPushButton)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: operation.finished, timeout=5000)

    assert results == []
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_quick_work_shows_no_progress_dialog(qtbot, seeded_database):
    runner = Operations(seeded_database)
    operation = runner.run(lambda context: 1, lambda result: None)
    qtbot.waitUntil(lambda: operation.finished, timeout=5000)
    qtbot.wait(operations.PROGRESS_DELAY_MS + 50)

    assert operation.dialog is None


def test_the_immediate_stand_in_delivers_before_run_returns(qapp, seeded_database):
    runner = ImmediateOperations(seeded_database)
    results, errors = [], []

    runner.run(lambda context: "ok", results.append)
    runner.run(lambda context: 1 / 0, results.append, errors.append)

    assert results == ["ok"]
    assert isinstance(errors[0], ZeroDivisionError)


def test_work_abandoned_by_a_closed_window_still_finishes_but_reports_to_nobody(qtbot, seeded_database):
    runner = Operations(seeded_database)
    release, finished, delivered = threading.Event(), threading.Event(), []

    def work(context):
        release.wait(5)
        finished.set()
        return "saved"

    runner.run(work, delivered.append, delivered.append)
    runner.abandon_all()
    release.set()
    qtbot.waitUntil(runner.is_idle, timeout=5000)

    assert finished.is_set() and delivered == []
