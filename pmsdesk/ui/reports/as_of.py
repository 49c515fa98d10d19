"""The day a report's statuses are decided on ("as of"), as ``pmsdesk report --as-of`` chooses it.

Unticked, a report decides as of today (a quarter whose reporting deadline has not passed is
awaiting); ticked, as of the day chosen, e.g. to print again what council was given on a past day.
Shown only for the kinds whose statuses depend on the day (``reports.catalogue.AS_OF_KINDS``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget


class AsOfChoice(QWidget):
    """``value()`` is the ISO day chosen, or None for today; ``changed`` fires on every change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.fixed = QCheckBox(self.tr("Statuses &as of:"), self)
        self.fixed.setToolTip(self.tr("Decide statuses as on another day than today (a quarter whose reporting "
                                      "deadline had not passed then is awaiting)"))
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.day.setAccessibleName(self.tr("Day the statuses are decided on"))
        day = today or date.today()
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.day.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fixed)
        layout.addWidget(self.day)
        layout.addStretch(1)
        self.fixed.toggled.connect(self.day.setEnabled)
        self.fixed.toggled.connect(lambda _on: self.changed.emit())
        self.day.dateChanged.connect(lambda _day: self.changed.emit() if self.fixed.isChecked() else None)

    def value(self) -> str | None:
        if not self.fixed.isChecked():
            return None
        day = self.day.date()
        return date(day.year(), day.month(), day.day()).isoformat()
