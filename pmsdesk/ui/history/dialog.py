"""The history of one KPI: who changed what and when, with the reasons given."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services.history import HistoryEntry
from pmsdesk.ui.translation import QT_TR_NOOP

from ..translation import translated

COLUMNS = (QT_TR_NOOP(
        "When"), QT_TR_NOOP("Who"), QT_TR_NOOP("What"), QT_TR_NOOP("Record"), QT_TR_NOOP("Change"), QT_TR_NOOP("Reason"))


class KpiHistoryDialog(QDialog):
    """Read-only: the audit trail is written by the services, never edited here."""

    def __init__(self, title: str, entries: list[HistoryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History: {0}").format(title))
        self.resize(1000, 460)
        heading = QLabel(self.tr("<b>{0}</b><br>{1} recorded change(s), oldest first").format(title, len(entries)), self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.table = QTableWidget(len(entries), len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([translated(column) for column in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for row, entry in enumerate(entries):
            when = entry.occurred_at.astimezone().strftime("%d %b %Y %H:%M")  # the office's clock
            for column, text in enumerate((when, entry.actor, entry.action, entry.record, entry.changes,
                                           entry.reason or "")):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.sentence())
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
