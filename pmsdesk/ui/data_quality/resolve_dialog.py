"""Marking an importer's flag resolved, or confirming a value held for checking: a note, kept in the audit trail."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from pmsdesk.services.data_quality import DataQualityProblem
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label


class ResolveFlagDialog(QDialog):
    """Asks for the note; ``note_given`` fires on OK, and the caller closes the dialog once the save worked."""

    note_given = Signal(str)

    def __init__(self, problem: DataQualityProblem, parent: QWidget | None = None, *,
                 confirming: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm the value") if confirming else self.tr("Mark resolved"))
        self.problem = problem
        what = f"{escape(problem.field)}: {escape(problem.message)}"
        heading = QLabel(f"<b>{escape(problem.kpi_reference)}</b> {what}", self)
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        caption = QLabel(self.tr("&How was the value checked? It then counts in the scores.") if confirming
                         else self.tr("&What was done about it?"), self)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(self.tr("Note on how the problem was resolved"))
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("e.g. 10,392 job cards counted with the director on 3 March") if confirming
                                     else self.tr("e.g. Target confirmed as 400 with the director on 3 March"))
        caption.setBuddy(self.note)
        note_message = message_label(self, self.tr("Problem with the note"))
        self.messages = FieldMessages(message_label(self, self.tr("Problem")), {"note": note_message})
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("&Confirm the value") if confirming else self.tr("Mark &resolved"))
        self.buttons.accepted.connect(lambda: self.note_given.emit(self.note.toPlainText()))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(caption)
        layout.addWidget(self.note)
        layout.addWidget(note_message)
        layout.addWidget(self.messages.general)
        layout.addWidget(self.buttons)
        self.resize(480, 260)
