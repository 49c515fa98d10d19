"""The mid-year report's recommendation on an adjustments budget (MFMA s72(3)), typed beside the report.

Shown on the Reports screen only while the mid-year assessment is chosen: the words are loaded for the
organisation and year chosen there, saved through the service, and printed in the report's last section.
Readers see the recommendation but cannot change it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from pmsdesk.services import midyear
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.widgets.field_messages import ERROR_STYLE

#: The report kind whose recommendation this is.
MID_YEAR = "mid-year"


class AdjustmentsRecommendation(QWidget):
    """Load with ``show_for(organisation_code, year_label)``; ``saved`` fires after a save so the preview redraws."""

    saved = Signal()

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._where: tuple[str, str] | None = None
        label = QLabel(self.tr("Adjustments &budget recommendation (MFMA s72(3)):"), self)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(self.tr("Adjustments budget recommendation"))
        self.text.setPlaceholderText(self.tr(
            "e.g. An adjustments budget is recommended: revenue from water sales is projected 8% below budget …"))
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4 + 14)
        label.setBuddy(self.text)
        self.save = QPushButton(self.tr("Save reco&mmendation"), self)
        self.save.setToolTip(self.tr("Store the recommendation; the mid-year report prints it"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Recommendation outcome"))
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.text)
        layout.addLayout(row)
        writer = midyear.may_write(actor)
        self.text.setReadOnly(not writer)
        self.save.setVisible(writer)
        self.save.clicked.connect(self.save_text)

    def show_for(self, organisation_code: str | None, year_label: str | None) -> None:
        """Load the recommendation of the organisation and year the report is for (nothing when either is unknown)."""
        where = (organisation_code, year_label) if organisation_code and year_label else None
        if where == self._where:
            return
        self._where = where
        self.text.clear()
        self.message.clear()
        self.save.setEnabled(False)
        if where is None:
            return

        def shown(words: str | None) -> None:
            if self._where == where:
                self.text.setPlainText(words or "")
                self.save.setEnabled(True)

        self._operations.run(lambda context: midyear.adjustments_recommendation(context.session, *where), shown,
                             self._failed, label=self.tr("Loading the recommendation…"))

    def save_text(self) -> None:
        where, actor, words = self._where, self._actor, self.text.toPlainText()
        if where is None:
            return

        def stored(found: str | None) -> None:
            self.message.setStyleSheet("")
            self.message.setText(self.tr("Saved; the mid-year report prints it.") if found
                                 else self.tr("Saved: no recommendation recorded."))
            self.saved.emit()

        self._operations.run(
            lambda context: midyear.save_adjustments_recommendation(context.session, actor, *where, words),
            stored, self._failed, label=self.tr("Saving the recommendation…"))

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            text = "; ".join(error.problems.values())
            self.message.setText(self.tr("Not saved: the recommendation {0}.").format(text))
        elif isinstance(error, ServiceError):
            self.message.setText(str(error))
        else:
            raise error
        self.message.setStyleSheet(ERROR_STYLE)
