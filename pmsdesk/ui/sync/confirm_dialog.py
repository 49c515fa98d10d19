"""A dialog that asks for one typed confirmation (a fingerprint, a reason) before a sync action.

It does not run the action: it emits ``confirmed`` with the text and stays open,
so a refusal from the service can be shown next to the field and corrected.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label

EXPLANATION_WIDTH = 580


class ConfirmDialog(QDialog):
    """``field`` is the service's name for the typed value (its problems are shown under the box);
    ``highlight`` is shown large under the explanation (the fingerprint to compare)."""

    confirmed = Signal(str)

    def __init__(self, title: str, explanation: str, label: str, field: str, confirm_text: str,
                 parent: QWidget | None = None, *, highlight: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.explanation = QLabel(explanation, self)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setWordWrap(True)
        self.explanation.setFixedWidth(EXPLANATION_WIDTH)  # a known width gives wrapped text its full height
        self.highlight = QLabel(highlight or "", self)
        self.highlight.setStyleSheet("font-family: monospace; font-size: 15pt; font-weight: bold;")
        self.highlight.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.highlight.setAccessibleName(title)
        self.highlight.setVisible(highlight is not None)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.entry = QLineEdit(self)
        self.entry.setAccessibleName(label.replace("&", "").rstrip(":"))
        field_label = QLabel(label, self)
        field_label.setBuddy(self.entry)
        general = message_label(self, self.tr("Problem"))
        self.messages = FieldMessages(general, {field: message_label(self, self.tr("Problem with {0}").format(field))})
        form = QFormLayout()
        form.addRow(field_label, self.entry)
        form.addRow("", self.messages.fields[field])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm_button = QPushButton(confirm_text, self)
        self.confirm_button.setDefault(True)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.highlight, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(form)
        layout.addWidget(general)
        layout.addWidget(buttons)
        self.entry.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.adjustSize()  # wrapped text only knows its height once shown

    def show_failure(self, error: Exception) -> None:
        """A refusal stays in the dialog, next to the field when it names it; anything else is a bug."""
        self.messages.show_error(error)
        self.adjustSize()
        self.entry.setFocus()

    def _confirm(self) -> None:
        self.messages.clear()
        self.confirmed.emit(self.entry.text())
