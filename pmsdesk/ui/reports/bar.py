"""Print… and Save as… buttons for the document a screen already shows, with the outcome beside them.

The agreement, assessment, register and head-office screens each put one of these
where the thing is on screen; the Reports screen offers the same documents with
every choice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from pmsdesk.reports.catalogue import PDF, report_kind
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.services.actor import Actor
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import ERROR_STYLE

from .actions import ReportActions

#: What a screen hands the bar: the request for what it shows now (None: nothing to print),
#: and the organisation's id when the request does not name it by code.
RequestOf = Callable[[], tuple[ReportRequest, str | None] | None]


class PrintSaveBar(QWidget):
    """``print_button`` (PDF kinds only) and ``save_button``; ``message`` tells how it went."""

    def __init__(self, operations: Operations, actor: Actor, request_of: RequestOf, parent: QWidget, *,
                 print_text: str = QT_TR_NOOP("P&rint…"), save_text: str = QT_TR_NOOP("Save as P&DF…")) -> None:
        super().__init__(parent)
        self._request_of = request_of
        self.actions = ReportActions(operations, actor, self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(print_text, self)
        self.print_button.setToolTip(self.tr("Print through the system's print dialog; the copy is registered with "
                                     "its fingerprint"))
        self.save_button = QPushButton(save_text, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.print_button)
        layout.addWidget(self.save_button)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save)
        self.actions.said.connect(self.say)

    def print_(self) -> None:
        found = self._request_of()
        if found is not None:
            self.actions.print_(*found)

    def save(self) -> None:
        found = self._request_of()
        if found is None:
            return
        request, organisation_id = found
        kind = report_kind(request.kind)
        self.actions.save(request, kind.file_name(request.organisation, request.year, request.unit,
                                                  f"Q{request.period}" if request.period else None),
                          organisation_id)

    def set_kind(self, key: str) -> None:
        """Printing only makes sense for a PDF; a workbook is saved."""
        self.print_button.setVisible(report_kind(key).output == PDF)

    def set_enabled(self, enabled: bool) -> None:
        self.print_button.setEnabled(enabled)
        self.save_button.setEnabled(enabled)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
