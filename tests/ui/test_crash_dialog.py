"""An unexpected failure in the app: a dialog in plain words, a report to send, the database untouched."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from pmsdesk import __version__
from pmsdesk.ui.crash_dialog import CrashDialog, CrashHandler, install_crash_handler
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import Operations


def _failure() -> RuntimeError:
    try:
        {}["quarter"]
    except KeyError as error:
        try:
            raise RuntimeError("the scorecard could not be drawn") from error
        except RuntimeError as wrapped:
            return wrapped


def test_the_dialog_says_what_happened_and_copies_and_saves_the_report(qtbot, tmp_path):
    dialog = CrashDialog(_failure())
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [child.text() for child in dialog.findChildren(QLabel)]
    assert any("ran into a problem" in label and "Your data is safe" in label for label in labels), labels
    assert any("log file" in label for label in labels)

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.report
    for part in (f"pmsdesk: {__version__}", "platform: ", "RuntimeError: the scorecard could not be drawn",
                 "KeyError: 'quarter'", "lines of the log:"):
        assert part in copied

    saved = dialog.save_report(str(tmp_path / "report.txt"))
    assert saved is not None and saved.read_text(encoding="utf-8") == dialog.report
    assert dialog.save_button.text() == "Saved"
    assert dialog.save_report(str(tmp_path / "no-such-folder" / "report.txt")) is None
    assert dialog.save_button.text().startswith("Not saved")


def test_save_report_asks_where_with_a_file_dialog(qtbot, tmp_path, monkeypatch):
    from pmsdesk.ui import crash_dialog

    target = tmp_path / "for-support.txt"
    monkeypatch.setattr(crash_dialog.QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    dialog = CrashDialog(_failure())
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "RuntimeError" in target.read_text(encoding="utf-8")


@pytest.fixture
def shown(monkeypatch):
    """Dialogs the handler opened, without blocking on exec()."""
    opened: list[CrashDialog] = []
    monkeypatch.setattr(CrashDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    return opened


def test_the_hook_catches_failures_in_the_gui_thread_and_in_other_threads(qtbot, shown):
    hooks = sys.excepthook, threading.excepthook
    try:
        handler = install_crash_handler()
        assert sys.excepthook == handler.excepthook
        error = _failure()
        sys.excepthook(type(error), error, error.__traceback__)
        assert len(shown) == 1 and "the scorecard could not be drawn" in shown[0].report

        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 2)
        assert "ZeroDivisionError" in shown[1].report
    finally:
        sys.excepthook, threading.excepthook = hooks


def test_work_that_fails_without_a_handler_shows_the_dialog_and_writes_nothing(qtbot, seeded_database, shown):
    from pmsdesk.models import Kpi

    handler = CrashHandler()
    operations = Operations(seeded_database)
    before = _kpi_names(seeded_database)

    def failing_work(context):
        kpi = context.session.query(Kpi).first()
        kpi.name = "half-written"
        context.session.flush()
        raise ValueError("a bug in the middle of a save")

    hooks = sys.excepthook
    sys.excepthook = handler.excepthook  # pytest-qt's own hook is put back below
    try:
        operations.run(failing_work, lambda result: None)
        operations.wait()
        qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        sys.excepthook = hooks
    assert "a bug in the middle of a save" in shown[0].report
    assert _kpi_names(seeded_database) == before


def _kpi_names(database) -> list[str]:
    from sqlalchemy import select

    from pmsdesk.models import Kpi

    with database.session() as session:
        return sorted(session.scalars(select(Kpi.name)))


def test_help_about_names_the_version_and_the_log_file(qtbot, seeded_database, operations, actor_named):
    window = MainWindow(seeded_database, actor_named("viewer"), operations)
    qtbot.addWidget(window)
    window.show()
    box = window.show_about()
    from pmsdesk.logs import log_path

    assert __version__ in box.text() and str(log_path()) in box.text()
    assert QApplication.instance() is not None
    box.close()


def test_a_failure_while_the_window_is_built_shows_the_dialog_and_returns_1(qapp, seeded_database, actor_named,
                                                                           monkeypatch, shown):
    from pmsdesk.ui import app, desk

    def broken_window(*args, **kwargs):
        raise RuntimeError("the dashboard could not be laid out")

    monkeypatch.setattr(desk, "MainWindow", broken_window)  # the app's Desk builds each window
    assert app.run_app(seeded_database.url, actor=actor_named("viewer")) == 1
    assert len(shown) == 1 and "the dashboard could not be laid out" in shown[0].report
