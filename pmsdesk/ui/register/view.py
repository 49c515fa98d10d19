"""The KPI register screen: every KPI of the selected year, searchable, filterable and sortable.

Users who may manage KPIs add and edit them here (the KPI editor); everyone
can open a KPI's history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pmsdesk.db import Database
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.services import register
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.history import kpi_history
from pmsdesk.services.register import FinancialYearSummary, KpiRegisterRow
from pmsdesk.ui.history import KpiHistoryDialog
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.reports.bar import PrintSaveBar
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.vocabulary import Vocabulary, vocabulary_for, with_article
from pmsdesk.wording import count_of

from .filters import NOT_LINKED, RegisterFilter
from .model import TOP_LAYER_COUNTRIES, KpiRegisterModel

if TYPE_CHECKING:
    from pmsdesk.ui.kpi_editor import KpiEditorDialog


class KpiRegisterView(QWidget):
    """Lists the KPIs of one financial year; Ctrl+F jumps to the search box.

    With ``operations`` and an ``actor`` who may manage KPIs, Ctrl+N adds a KPI
    and Enter, F2 or a double-click edits the selected one; otherwise Enter and
    a double-click show its history.
    """

    title = QT_TR_NOOP("KPI register")

    def __init__(self, database: Database, parent: QWidget | None = None, *,
                 operations: Operations | None = None, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._operations = operations
        self._actor = actor
        self._year: FinancialYearSummary | None = None
        self._wanted_links: tuple[str | None, str | None] = (None, None)
        self._words = vocabulary_for(None)
        self.model = KpiRegisterModel(self)
        self.filter = RegisterFilter(self.model, self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search KPIs…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search KPIs by reference, name, KPA or unit"))
        self.search.setToolTip(self.tr("Type part of a KPI's reference, name, KPA or responsible unit"))
        self.search.setMinimumWidth(240)
        self.search.setMaximumWidth(420)
        self.kpa_filter = _filter_box(self, self.tr("Show the KPIs of one key performance area"))
        self.unit_filter = _filter_box(self, self.tr("Show the KPIs of one responsible unit"))
        self.new_button = QPushButton(self.tr("&New KPI…"), self)
        self.new_button.setToolTip(self.tr("Add a KPI to this year's register (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("&Edit KPI…"), self)
        self.edit_button.setToolTip(self.tr("Change the selected KPI and its targets (Enter or F2)"))
        self.history_button = QPushButton(self.tr("&History…"), self)
        self.history_button.setToolTip(self.tr("Who changed the selected KPI, its targets and actuals, and why"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Number of KPIs shown"))
        self.table = ReadOnlyTable(self.filter, self.model.columns, KpiRegisterModel.NAME, self)
        self.table.setAccessibleName(self.tr("KPI register"))
        self.table.sortByColumn(KpiRegisterModel.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.kpa_filter)
        bar.addWidget(self.unit_filter)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.export_bar: PrintSaveBar | None = None
        if operations is not None and actor is not None and actor.can(Permission.READ):
            self.export_bar = PrintSaveBar(operations, actor, self._register_request, self,
                                           save_text=self.tr("E&xport to Excel…"))
            self.export_bar.set_kind("register")
            self.export_bar.save_button.setToolTip(self.tr("Save the year's whole register as a workbook that imports back "
                                                   "as an SDBIP; the Reports screen exports one unit's"))
            layout.addWidget(self.export_bar)

        self._connect()
        self.new_button.setVisible(self.can_edit())
        self.edit_button.setVisible(self.can_edit())
        self._selection_changed()
        self._update_count()

    def _register_request(self) -> tuple[ReportRequest, str] | None:
        if self._year is None:
            return None
        return ReportRequest("register", year=self._year.label), self._year.organisation_id

    def _connect(self) -> None:
        self.search.textChanged.connect(self.filter.set_search_text)
        for box in (self.kpa_filter, self.unit_filter):
            box.activated.connect(lambda _index: self._links_chosen())
        for signal in (self.filter.modelReset, self.filter.rowsInserted, self.filter.rowsRemoved,
                       self.filter.layoutChanged):
            signal.connect(self._update_count)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.table.doubleClicked.connect(self._open_row)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, lambda: self._open_row(self.table.currentIndex()),
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.history_button.clicked.connect(lambda: self.show_history(self.table.currentIndex()))
        history = QAction(self.tr("History…"), self.table)
        history.triggered.connect(lambda: self.show_history(self.table.currentIndex()))
        if self.can_edit():
            QShortcut(QKeySequence("Ctrl+N"), self, self.new_kpi)
            QShortcut(QKeySequence(Qt.Key.Key_F2), self.table, lambda: self.edit_kpi(self.table.currentIndex()),
                      context=Qt.ShortcutContext.WidgetShortcut)
            self.new_button.clicked.connect(self.new_kpi)
            self.edit_button.clicked.connect(lambda: self.edit_kpi(self.table.currentIndex()))
            edit = QAction(self.tr("Edit KPI…"), self.table)
            edit.triggered.connect(lambda: self.edit_kpi(self.table.currentIndex()))
            self.table.addAction(edit)
        self.table.addAction(history)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())

    def can_edit(self) -> bool:
        """Whether this user may add and change KPIs here (the services check each save again)."""
        return (self._operations is not None and self._actor is not None
                and Permission.MANAGE_KPIS in self._actor.unit_scopes)

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """Load the register of ``year`` (None: nothing to show)."""
        self._year = year
        self._use_words(vocabulary_for(year.country if year else None))
        rows: list[KpiRegisterRow] = []
        if year is not None:
            with self._database.session() as session:
                rows = register.kpi_register_rows(session, year.organisation_id, year.id)
        self.model.set_rows(rows)
        self._fill_filters(rows)
        self.filter.set_search_text(self.search.text())
        self.new_button.setEnabled(year is not None)
        self._selection_changed()
        self._update_count()

    def _use_words(self, words: Vocabulary) -> None:
        """The KPA's name, the currency and the one-year plan's name of the organisation's country."""
        self._words = words
        self.model.use_words(words)
        self.table.setColumnHidden(KpiRegisterModel.LAYER, words.country not in TOP_LAYER_COUNTRIES)
        self.search.setAccessibleName(self.tr("Search KPIs by reference, name, {0} or unit").format(words.kpa_short))
        self.search.setToolTip(self.tr("Type part of a KPI's reference, name, {0} or responsible unit").format(words.kpa_long))
        self.kpa_filter.setToolTip(self.tr("Show the KPIs of one {0}").format(words.kpa_long))
        self.kpa_filter.setAccessibleName(self.tr("Show the KPIs of one {0}").format(words.kpa_long))
        if self.export_bar is not None:
            self.export_bar.save_button.setToolTip(
                self.tr(
                        "Save the year's whole register as a workbook that imports "
                        "back as {0}; the Reports screen exports one unit's").format(with_article(words.annual_plan)))

    # -- filters ----------------------------------------------------------------
    def _fill_filters(self, rows: list[KpiRegisterRow]) -> None:
        kpa, unit = self._wanted_links
        for box, names, everything, nothing, wanted in (
            (self.kpa_filter, {row.kpa_name for row in rows}, self.tr("All {0}").format(self._words.kpa_words),
             self.tr("(no {0})").format(self._words.kpa_word), kpa),
            (self.unit_filter, {row.unit_name for row in rows}, self.tr("All units"), self.tr("(no unit)"), unit),
        ):
            box.clear()
            box.addItem(everything, None)
            for name in sorted(filter(None, names), key=str.casefold):
                box.addItem(name, name)
            if None in names:
                box.addItem(nothing, NOT_LINKED)
            box.setCurrentIndex(max(0, box.findData(wanted)) if wanted is not None else 0)
        self._links_chosen(remember=False)

    def _links_chosen(self, remember: bool = True) -> None:
        kpa, unit = self.kpa_filter.currentData(), self.unit_filter.currentData()
        if remember:
            self._wanted_links = (kpa, unit)
        self.filter.set_links(kpa, unit)
        self._update_count()

    def filter_state(self) -> dict[str, Any]:
        """The search text, the KPA and unit chosen, the sort order and the column widths, for the window
        to remember."""
        header = self.table.horizontalHeader()
        return {"search": self.search.text(), "kpa": self._wanted_links[0], "unit": self._wanted_links[1],
                "sort_column": header.sortIndicatorSection(), "descending":
                    header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
                "widths": [header.sectionSize(section) for section in range(header.count())]}

    def restore_filter_state(self, state: dict[str, Any]) -> None:
        """Put back what ``filter_state`` returned; a KPA or unit that no longer exists is ignored."""
        self.search.setText(str(state.get("search") or ""))
        kpa, unit = state.get("kpa"), state.get("unit")
        self._wanted_links = (kpa if isinstance(kpa, str) else None, unit if isinstance(unit, str) else None)
        for box, wanted in zip((self.kpa_filter, self.unit_filter), self._wanted_links):
            box.setCurrentIndex(max(0, box.findData(wanted)) if wanted is not None else 0)
        self.filter.set_links(self.kpa_filter.currentData(), self.unit_filter.currentData())
        column = state.get("sort_column")
        if isinstance(column, int) and 0 <= column < self.model.columnCount():
            order = Qt.SortOrder.DescendingOrder if state.get("descending") else Qt.SortOrder.AscendingOrder
            self.table.sortByColumn(column, order)
        widths = state.get("widths")
        if isinstance(widths, list) and len(widths) == self.model.columnCount():
            header = self.table.horizontalHeader()
            for section, width in enumerate(widths):
                if str(width).isdigit() and section != KpiRegisterModel.NAME:  # the name column fills the rest
                    header.resizeSection(section, int(width))
        self._update_count()

    # -- KPIs -------------------------------------------------------------------
    def selected_row(self, index: QModelIndex | None = None) -> KpiRegisterRow | None:
        index = self.table.currentIndex() if index is None else index
        return self.model.row_at(self.filter.mapToSource(index).row()) if index.isValid() else None

    def select_kpi(self, kpi_id: str) -> bool:
        """Make the KPI ``kpi_id`` the current row if it is shown."""
        for row in range(self.filter.rowCount()):
            index = self.filter.index(row, KpiRegisterModel.REFERENCE)
            if self.selected_row(index).id == kpi_id:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def new_kpi(self) -> KpiEditorDialog | None:
        return self._open_editor(None)

    def edit_kpi(self, index: QModelIndex) -> KpiEditorDialog | None:
        row = self.selected_row(index)
        return self._open_editor(row.id) if row is not None else None

    def _open_editor(self, kpi_id: str | None) -> KpiEditorDialog | None:
        if not self.can_edit() or self._year is None:
            return None
        assert self._operations is not None and self._actor is not None
        from pmsdesk.ui.kpi_editor import KpiEditorDialog  # its value parsing pulls in the importer: not at start-up

        dialog = KpiEditorDialog(self._operations, self._actor, self._year, kpi_id, self)
        dialog.saved.connect(self._kpi_saved)
        dialog.open()
        return dialog

    def _kpi_saved(self, kpi_id: str) -> None:
        self.show_year(self._year)
        self.select_kpi(kpi_id)

    def _open_row(self, index: QModelIndex) -> None:
        """Double-click or Enter: the editor for those who may edit, the history for everyone else."""
        if self.can_edit():
            self.edit_kpi(index)
        else:
            self.show_history(index)

    def show_history(self, index: QModelIndex) -> KpiHistoryDialog | None:
        """Open the history of the KPI at ``index`` (a row of the filtered table)."""
        row = self.selected_row(index) if index.isValid() else None
        if row is None:
            return None
        with self._database.session() as session:
            entries = kpi_history(session, row.id)
        dialog = KpiHistoryDialog(f"{row.reference} {row.name}", entries, self)
        dialog.open()
        return dialog

    def _selection_changed(self) -> None:
        chosen = self.table.currentIndex().isValid()
        self.history_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)

    def _update_count(self) -> None:
        total = self.model.total_count()
        if self._year is None:
            text = self.tr("No financial year selected")
        elif total == 0:
            text = self.tr("No KPIs in {0} yet").format(self._year.label)
        elif self.filter.is_searching():
            text = self.tr("{0:,} of {1}").format(self.filter.rowCount(), count_of(total, 'KPI'))
        else:
            text = count_of(total, "KPI")
        self.count_label.setText(text)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()


def _filter_box(parent: QWidget, tooltip: str) -> QComboBox:
    box = QComboBox(parent)
    box.setToolTip(tooltip)
    box.setAccessibleName(tooltip)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(14)
    return box
