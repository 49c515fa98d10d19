"""The KPI register screen: every KPI of the selected year, searchable and sortable."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pmsdesk.db import Database
from pmsdesk.services import register
from pmsdesk.services.history import kpi_history
from pmsdesk.services.register import FinancialYearSummary, KpiRegisterRow
from pmsdesk.wording import count_of
from pmsdesk.ui.history import KpiHistoryDialog
from pmsdesk.ui.widgets.search_filter import RowSearchFilter
from pmsdesk.ui.widgets.tables import ReadOnlyTable

from .model import KpiRegisterModel


class KpiRegisterView(QWidget):
    """Lists the KPIs of one financial year; Ctrl+F jumps to the search box."""

    title = "KPI register"

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._year: FinancialYearSummary | None = None
        self.model = KpiRegisterModel(self)
        self.filter = RowSearchFilter(self.model, self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search KPIs…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search KPIs by reference, name, KPA or unit")
        self.search.setToolTip("Type part of a KPI's reference, name, KPA or responsible unit")
        self.search.setMinimumWidth(320)
        self.search.setMaximumWidth(480)
        self.history_button = QPushButton("History…", self)
        self.history_button.setToolTip("Who changed the selected KPI, its targets and actuals, and why")
        self.history_button.setEnabled(False)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Number of KPIs shown")
        self.table = ReadOnlyTable(self.filter, self.model.columns, KpiRegisterModel.NAME, self)
        self.table.setAccessibleName("KPI register")
        self.table.sortByColumn(KpiRegisterModel.REFERENCE, Qt.SortOrder.AscendingOrder)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self.filter.set_search_text)
        for signal in (self.filter.modelReset, self.filter.rowsInserted, self.filter.rowsRemoved,
                       self.filter.layoutChanged):
            signal.connect(self._update_count)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.table.doubleClicked.connect(self.show_history)
        self.history_button.clicked.connect(lambda: self.show_history(self.table.currentIndex()))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.history_button.setEnabled(current.isValid()))
        self._update_count()

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """Load the register of ``year`` (None: nothing to show)."""
        self._year = year
        rows: list[KpiRegisterRow] = []
        if year is not None:
            with self._database.session() as session:
                rows = register.kpi_register_rows(session, year.organisation_id, year.id)
        self.model.set_rows(rows)
        self.filter.set_search_text(self.search.text())
        self._update_count()

    def show_history(self, index: QModelIndex) -> KpiHistoryDialog | None:
        """Open the history of the KPI at ``index`` (a row of the filtered table)."""
        if not index.isValid():
            return None
        row = self.model.row_at(self.filter.mapToSource(index).row())
        with self._database.session() as session:
            entries = kpi_history(session, row.id)
        dialog = KpiHistoryDialog(f"{row.reference} {row.name}", entries, self)
        dialog.open()
        return dialog

    def _update_count(self) -> None:
        total = self.model.total_count()
        if self._year is None:
            text = "No financial year selected"
        elif total == 0:
            text = f"No KPIs in {self._year.label} yet"
        elif self.filter.is_searching():
            text = f"{self.filter.rowCount():,} of {count_of(total, 'KPI')}"
        else:
            text = count_of(total, "KPI")
        self.count_label.setText(text)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
