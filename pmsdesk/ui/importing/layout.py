"""Widgets and layout of the SDBIP import screen; behaviour lives in ``view.SdbipImportView``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.ui.widgets.tables import ReadOnlyTable

from .problems_model import ProblemsModel


class Ui_SdbipImportView:
    """Builds the import screen inside ``widget``."""

    def setup_ui(self, widget: QWidget, model: ProblemsModel) -> None:
        self.workbook = QLineEdit(widget)
        self.workbook.setReadOnly(True)
        self.workbook.setPlaceholderText("No workbook chosen")
        self.workbook.setAccessibleName("Workbook")
        self.choose = QPushButton("&Choose workbook…", widget)
        workbook_row = QHBoxLayout()
        workbook_row.addWidget(self.workbook, 1)
        workbook_row.addWidget(self.choose)
        self.year = QLineEdit(widget)
        self.year.setPlaceholderText("e.g. 2025/26")
        self.year.setMaximumWidth(120)
        self.year.setAccessibleName("Financial year")
        self.year.setToolTip("The financial year the KPIs belong to; a year not in the database yet is created.")
        form = QFormLayout()
        form.addRow("Workbook:", workbook_row)
        form.addRow("Financial &year:", self.year)

        self.preview = QPushButton("&Preview", widget)
        self.preview.setToolTip("Check the workbook without writing anything")
        self.accept_valid_rows = QCheckBox("Import the &valid rows only", widget)
        self.accept_valid_rows.setToolTip("Skip the rows with errors and import the rest")
        self.import_button = QPushButton("&Import", widget)
        actions = QHBoxLayout()
        actions.addWidget(self.preview)
        actions.addStretch(1)
        actions.addWidget(self.accept_valid_rows)
        actions.addWidget(self.import_button)

        self.summary = QLabel("Choose an SDBIP workbook, check the year, then preview it.", widget)
        self.summary.setWordWrap(True)
        self.problems = ReadOnlyTable(model, model.columns, ProblemsModel.REASON, widget)
        self.problems.setAccessibleName("Problems found")
        self.problems.sortByColumn(ProblemsModel.ROW, Qt.SortOrder.AscendingOrder)

        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
