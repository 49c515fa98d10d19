"""When pmsdesk itself fails: a plain-words dialog instead of a vanished window.

``install_crash_handler`` routes every uncaught exception (GUI thread, Python
threads, work that failed without an ``on_failure``) to ``CrashDialog``: what
happened in plain words, "Copy details", "Save report…" (version, platform,
recent log lines, traceback) and Close. The dialog touches no database: work
that failed was rolled back by its session before the error got here.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.logs import crash_report, log_path

log = logging.getLogger(__name__)


def plain_words(error: BaseException) -> str:
    """One sentence a person in an office can act on."""
    what = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    return (QCoreApplication.translate("crash_dialog",
            "pmsdesk ran into a problem it did not expect ({0}: {1}).\n\nYour data is safe: "
            "what you were doing was not saved, and nothing was half-written. You can "
            "carry on working, or close pmsdesk and open it again.\n\nIf it happens again, "
            "save a report and send it to whoever supports pmsdesk for your office.").format(type(error).__name__, what))


class CrashDialog(QDialog):
    """Shows one failure; the report text is built once so Copy and Save give the same thing."""

    def __init__(self, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("pmsdesk: something went wrong"))
        self.report = crash_report(error)
        self.saved_to: Path | None = None
        message = QLabel(self.tr(plain_words(error)))
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(self.report)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(180)
        where = QLabel(self.tr("The log file is {0}").format(log_path()))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton(self.tr("&Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton(self.tr("&Save report…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.details_button = QPushButton(self.tr("Show &details"))
        self.details_button.setCheckable(True)
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        self.save_button.clicked.connect(self.save_report)
        self.details_button.toggled.connect(self.details.setVisible)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(where)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(560, 260)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))

    def save_report(self, path: str | None = None) -> Path | None:
        """Write the report where the person chooses (``path`` skips the file dialog: tests)."""
        if not path:
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"),
                                                  str(Path(folder) / "pmsdesk-crash-report.txt"),
                                                  self.tr("Text files (*.txt)"))
            if not path:
                return None
        try:
            Path(path).write_text(self.report, encoding="utf-8")
        except OSError as error:
            self.save_button.setText(self.tr("Not saved: {0}").format(error.strerror or error))
            return None
        self.saved_to = Path(path)
        self.save_button.setText(self.tr("Saved"))
        return self.saved_to


class CrashHandler(QObject):
    """Receives failures from any thread and shows them, one dialog at a time, on the GUI thread."""

    _failed = Signal(object)

    def __init__(self, parent_window: Callable[[], QWidget | None] = lambda: None) -> None:
        super().__init__()
        self._parent_window = parent_window
        self._showing = False
        self.shown: list[CrashDialog] = []
        self._failed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def excepthook(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        error.__traceback__ = trace
        log.error("unexpected error in the app", exc_info=(kind, error, trace))
        if threading.current_thread() is threading.main_thread():
            self._show(error)
        else:
            self._failed.emit(error)

    def thread_excepthook(self, hook_args: threading.ExceptHookArgs) -> None:
        if hook_args.exc_value is not None:
            self.excepthook(hook_args.exc_type, hook_args.exc_value, hook_args.exc_traceback)

    @Slot(object)
    def _show(self, error: BaseException) -> None:
        if self._showing or QApplication.instance() is None:
            return  # a failure while the dialog is up is in the log; one dialog is enough
        self._showing = True
        try:
            dialog = CrashDialog(error, self._parent_window())
            self.shown.append(dialog)
            dialog.exec()
        finally:
            self._showing = False


def install_crash_handler(parent_window: Callable[[], QWidget | None] = lambda: None) -> CrashHandler:
    """Make ``handler`` the hook for uncaught exceptions in every thread; returns it (keep a reference)."""
    handler = CrashHandler(parent_window)
    sys.excepthook = handler.excepthook
    threading.excepthook = handler.thread_excepthook
    return handler
