"""Pieces every administration tab uses: a form dialog that runs one service call, and a notice line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services.errors import ServiceError
from pmsdesk.ui.operations import Operations, WorkContext
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label

INFO_STYLE = "color: #1e6b34;"
#: A form field: ``add_field`` hands back the widget it was given, as its own type.
FieldWidget = TypeVar("FieldWidget", bound=QWidget)


def password_box(parent: QWidget, name: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setAccessibleName(name)
    return box


def reason_box(parent: QWidget, placeholder: str) -> QPlainTextEdit:
    """A three-line box for the reason the audit trail keeps; Tab moves on rather than typing a tab."""
    box = QPlainTextEdit(parent)
    box.setAccessibleName(QCoreApplication.translate("admin.parts", "Reason"))
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 14)
    return box


def a_moment(moment: datetime | None, never: str = QT_TR_NOOP("Never")) -> str:
    """A stored UTC time on the office's clock: '26 Nov 2026 14:05'."""
    if moment is None:
        return never
    return moment.astimezone().strftime("%d %b %Y %H:%M").lstrip("0")


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Ask before something hard to undo; No is the default button."""
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class Notice(QLabel):
    """One line under a tab saying what just happened, in green, or what went wrong, in red."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(name)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def done(self, text: str) -> None:
        self.setStyleSheet(INFO_STYLE)
        self.setText(text)

    def refused(self, error: Exception) -> None:
        """A service's refusal as a message; anything else is a bug and propagates."""
        if not isinstance(error, ServiceError):
            raise error
        self.setStyleSheet("color: #b00020;")
        self.setText(str(error))


class ServiceFormDialog(QDialog):
    """A small form whose OK button runs one service call.

    Problems the service names appear next to their fields and the dialog
    stays open; on success it closes with ``accepted``. Subclasses add fields
    with ``add_field`` and return the work from ``work()`` (None when a check
    made before calling the service already failed).
    """

    def __init__(self, operations: Operations, title: str, parent: QWidget | None = None,
                 ok_text: str = QT_TR_NOOP("OK")) -> None:
        super().__init__(parent)
        self._operations = operations
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.messages = FieldMessages(message_label(self, self.tr("Problem")), {})
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.messages.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def say(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def add_field(self, caption: str, widget: FieldWidget, field: str) -> FieldWidget:
        """A labelled row (caption with '&' gives Alt+key) with the field's message under it."""
        label = QLabel(caption, self)
        label.setBuddy(widget)
        message = message_label(self, self.tr("Problem with {0}").format(caption.replace('&', '').rstrip(':').lower()))
        self.messages.fields[field] = message
        self.form.addRow(label, widget)
        self.form.addRow("", message)
        return widget

    def work(self) -> Callable[[WorkContext], Any] | None:
        raise NotImplementedError

    def submit(self) -> None:
        self.messages.clear()
        work = self.work()
        if work is None:
            return
        self.ok.setEnabled(False)
        self._operations.run(work, self._succeeded, self._failed, label=f"{self.windowTitle()}…")

    def _succeeded(self, _result: Any) -> None:
        self.ok.setEnabled(True)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.ok.setEnabled(True)
        self.messages.show_error(error)


class ReasonDialog(ServiceFormDialog):
    """Asks only for a reason, then runs ``action(session, reason)``."""

    def __init__(self, operations: Operations, title: str, intro: str,
                 action: Callable[[Any, str], Any], parent: QWidget | None = None, ok_text: str = QT_TR_NOOP("OK")) -> None:
        super().__init__(operations, title, parent, ok_text)
        self.say(intro)
        self._action = action
        self.reason = self.add_field(self.tr("&Reason:"), reason_box(self, self.tr("Why? (kept in the audit trail)")), "reason")

    def work(self) -> Callable[[WorkContext], Any]:
        reason, action = self.reason.toPlainText(), self._action
        return lambda context: action(context.session, reason)
