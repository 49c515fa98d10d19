"""Widgets and layout of the sync screen; behaviour lives in ``view.SyncView``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.ui.widgets.tables import ReadOnlyTable

from .conflicts_model import ConflictsModel


class Ui_SyncView:
    """Builds the sync screen inside ``widget``."""

    def setup_ui(self, widget: QWidget, model: ConflictsModel) -> None:
        self.office = QLabel(widget)
        self.fingerprint = QLabel(widget)
        for label in (self.office, self.fingerprint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setup_problem = QLabel(widget)
        self.setup_problem.setWordWrap(True)
        self.setup_problem.setStyleSheet("color: #a4262c;")
        identity = QGroupBox("This office", widget)
        identity_form = QFormLayout(identity)
        identity_form.addRow("Office code:", self.office)
        identity_form.addRow("Key fingerprint:", self.fingerprint)
        identity_form.addRow(self.setup_problem)

        self.receiver = QLineEdit(widget)
        self.receiver.setPlaceholderText("e.g. ZA-HQ")
        self.receiver.setMaxLength(40)
        self.receiver.setAccessibleName("Receiver office code")
        self.full = QCheckBox("&Full (everything, not only changes since the last package)", widget)
        self.export_button = QPushButton("&Export package…", widget)
        self.import_button = QPushButton("&Import packages…", widget)
        receiver_label = QLabel("&For office:", widget)
        receiver_label.setBuddy(self.receiver)
        exchange = QGroupBox("Packages", widget)
        export_row = QHBoxLayout()
        export_row.addWidget(receiver_label)
        export_row.addWidget(self.receiver)
        export_row.addWidget(self.full)
        export_row.addWidget(self.export_button)
        export_row.addStretch(1)
        export_row.addWidget(self.import_button)
        self.results = QListWidget(widget)
        self.results.setAccessibleName("Package results")
        self.results.setWordWrap(True)
        exchange_layout = QVBoxLayout(exchange)
        exchange_layout.addLayout(export_row)
        exchange_layout.addWidget(self.results, 1)

        self.conflicts = ReadOnlyTable(model, model.columns, ConflictsModel.REASON, widget)
        self.conflicts.setAccessibleName("Open conflicts")
        self.conflicts.sortByColumn(ConflictsModel.DETECTED, Qt.SortOrder.AscendingOrder)
        self.conflict_count = QLabel(widget)
        self.keep_local = QPushButton("Keep &local", widget)
        self.keep_incoming = QPushButton("Keep i&ncoming", widget)
        conflicts = QGroupBox("Open conflicts", widget)
        decide_row = QHBoxLayout()
        decide_row.addWidget(self.conflict_count)
        decide_row.addStretch(1)
        decide_row.addWidget(self.keep_local)
        decide_row.addWidget(self.keep_incoming)
        conflicts_layout = QVBoxLayout(conflicts)
        conflicts_layout.addWidget(self.conflicts, 1)
        conflicts_layout.addLayout(decide_row)

        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(identity)
        layout.addWidget(exchange, 1)
        layout.addWidget(conflicts, 2)
