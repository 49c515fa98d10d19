"""A package's cover sheet in the window: the page as it prints, Print… and Save as PDF….

The sending office prints it and sends it with the package (or reads its fingerprint out on the
phone); the receiving office compares the fingerprint before trusting the sender. Printing and
saving go through the Reports screen's ``ReportActions``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from pmsdesk.services.actor import Actor
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.reports.actions import ReportActions
from pmsdesk.ui.widgets.document_preview import DocumentPreview
from pmsdesk.ui.widgets.field_messages import ERROR_STYLE

from .work import CoverSheet

#: A4 shown whole on a 1024×600 screen would be unreadable: the dialog scrolls within this size.
DIALOG_SIZE = (620, 530)


class CoverSheetDialog(QDialog):
    """Shows ``sheet``; ``message`` tells how printing or saving went."""

    def __init__(self, operations: Operations, actor: Actor, sheet: CoverSheet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet = sheet
        self.setWindowTitle(sheet.title[:1].upper() + sheet.title[1:])
        self.printing = ReportActions(operations, actor, self)
        fingerprint = QLabel(self.tr("Key fingerprint on this sheet: <b>{0}</b>").format(sheet.fingerprint), self)
        fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = DocumentPreview(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.save_button = QPushButton(self.tr("Save as P&DF…"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(lambda: self.printing.save_pdf(sheet.title, sheet.pdf, sheet.file_name))
        self.printing.said.connect(self._say)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(fingerprint)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(*DIALOG_SIZE)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Drawn once the dialog has its size, so the page fills the preview's width."""
        super().showEvent(event)
        self._layout.activate()
        self.preview.show_pdf(self.sheet.pdf)

    def print_(self) -> None:
        printer = self.printing.ask_printer(self.sheet.title)
        if printer is not None:
            self.printing.send(self.sheet.title, self.sheet.pdf, printer)

    def _say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
