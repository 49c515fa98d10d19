"""The risk register screen: the rating matrix and the list on the left, the chosen risk's form on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pmsdesk.services import risks
from pmsdesk.services.actor import Actor
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.services.risks import RiskFormChoices, RiskRow
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.screen_parts import list_beside_form, scrolled
from pmsdesk.ui.widgets.search_filter import RowSearchFilter
from pmsdesk.ui.widgets.tables import ReadOnlyTable, select_row_quietly
from pmsdesk.ui.widgets.unsaved import ask_to_discard
from pmsdesk.wording import count_of

from ..translation import translated
from .editor import RiskEditor
from .matrix import Cell, RiskMatrix
from .model import RiskTableModel

#: Status filter: label → is_open wanted (None: both).
STATUS_CHOICES = ((QT_TR_NOOP("Open risks"), True), (QT_TR_NOOP("Closed risks"), False), (QT_TR_NOOP("All risks"), None))


class RisksView(QWidget):
    """Risks linked to the selected year's KPIs (and unlinked ones); choose a matrix cell to list only it."""

    title = QT_TR_NOOP("Risks")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._year: FinancialYearSummary | None = None
        self._rows: list[RiskRow] = []
        self._listed: tuple[int, Cell | None] = (0, None)  # (status index, matrix cell) of the rows listed
        self.model = RiskTableModel(self)
        self.filter = RowSearchFilter(self.model, self)
        self.status = QComboBox(self)
        self.status.setAccessibleName(self.tr("Which risks to show"))
        for label, is_open in STATUS_CHOICES:
            self.status.addItem(translated(label), is_open)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search risks, KPIs, owners… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search risks"))
        self.count_label = QLabel(self)
        self.matrix = RiskMatrix(self)
        self.table = ReadOnlyTable(self.filter, self.model.columns, RiskTableModel.TITLE, self)
        self.table.setAccessibleName(self.tr("Risk register"))
        self.table.sortByColumn(RiskTableModel.RATING, Qt.SortOrder.DescendingOrder)
        self.editor = RiskEditor(operations, actor, self)

        bar = QHBoxLayout()
        show_label = QLabel(self.tr("S&how:"), self)
        show_label.setBuddy(self.status)
        bar.addWidget(show_label)
        bar.addWidget(self.status)
        bar.addSpacing(12)
        bar.addWidget(self.search, 1)
        bar.addSpacing(12)
        bar.addWidget(self.count_label)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.matrix)
        left_layout.addWidget(self.table, 1)
        list_beside_form(self, bar, left, scrolled(self.editor, self), (760, 470))
        self.setTabOrder(self.search, self.matrix.cells[(5, 1)])

        QShortcut(QKeySequence.StandardKey.Find, self, lambda: self.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.status.currentIndexChanged.connect(lambda _index: self._filter_changed())
        self.search.textChanged.connect(self._search)
        self.matrix.cell_chosen.connect(lambda _cell: self._filter_changed())
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.editor.saved.connect(self._load)

    def show_year(self, year: FinancialYearSummary | None) -> None:
        self._year = year
        self._load()

    def unsaved_changes(self) -> str | None:
        return self.editor.unsaved_changes()

    def _load(self, keep_risk: str | None = None) -> None:
        year = self._year
        if year is None:
            self._loaded(([], RiskFormChoices((), ())), None)
            return
        actor = self._actor

        def work(context) -> tuple[list[RiskRow], RiskFormChoices]:
            rows = risks.list_risks(context.session, actor, year.organisation_id, financial_year_id=year.id)
            return rows, risks.risk_form_choices(context.session, year.organisation_id, year.id)

        self._operations.run(work, lambda loaded: self._loaded(loaded, keep_risk), self.editor.show_error,
                             label=self.tr("Loading the risks…"))

    def _loaded(self, loaded: tuple[list[RiskRow], RiskFormChoices], keep_risk: str | None) -> None:
        self._rows, choices = loaded
        self.editor.set_context(self._year.organisation_id if self._year else None, choices)
        if keep_risk is not None and not any(row.id == keep_risk and self._wanted_status(row) for row in self._rows):
            self._set_status_quietly(len(STATUS_CHOICES) - 1)  # a risk just closed stays in sight
        self._show_rows()
        if keep_risk is not None and not self.select_risk(keep_risk) and self.matrix.chosen() is not None:
            self.matrix.set_choice(None)  # the risk was re-rated out of the chosen cell
            self._show_rows()
            self.select_risk(keep_risk)

    def _wanted_status(self, row: RiskRow) -> bool:
        wanted = self.status.currentData()
        return wanted is None or row.is_open == wanted

    def _keep_unsaved_edits(self, doing: str) -> bool:
        """True (and nothing changes) when the user chose to go back to unsaved edits."""
        return not ask_to_discard(self, doing, self.unsaved_changes())

    def _filter_changed(self) -> None:
        """List other risks, unless the user goes back to unsaved edits: then the filter is put back."""
        if self._keep_unsaved_edits(self.tr("list other risks")):
            status_index, cell = self._listed
            self._set_status_quietly(status_index)
            self.matrix.set_choice(cell)
            return
        self._show_rows()

    def _set_status_quietly(self, index: int) -> None:
        with QSignalBlocker(self.status):
            self.status.setCurrentIndex(index)

    def _show_rows(self) -> None:
        self._listed = (self.status.currentIndex(), self.matrix.chosen())
        by_status = [row for row in self._rows if self._wanted_status(row)]
        self.matrix.set_risks(by_status)
        cell = self.matrix.chosen()
        shown = [row for row in by_status if cell is None or (row.likelihood, row.impact) == cell]
        self.model.set_rows(shown)
        self.editor.show_risk(None)
        self._update_count()

    def _search(self, text: str) -> None:
        self.filter.set_search_text(text)
        self._update_count()

    def _update_count(self) -> None:
        cell = self.matrix.chosen()
        where = self.tr(" at likelihood {0}, impact {1}").format(cell[0], cell[1]) if cell else ""
        if self._year is None:
            self.count_label.setText(self.tr("No financial year selected"))
        elif self.filter.is_searching():
            total = count_of(self.model.total_count(), "risk")
            self.count_label.setText(self.tr("{0:,} of {1}{2}").format(self.filter.rowCount(), total, where))
        else:
            self.count_label.setText(count_of(self.model.total_count(), "risk") + where)

    def select_risk(self, risk_id: str) -> bool:
        row = self.filter.listed_row(risk_id)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        chosen, shown = self.model.row_at(self.filter.mapToSource(indexes[0]).row()), self.editor.risk
        same = shown is not None and chosen.id == shown.id
        if same and self.unsaved_changes():
            return  # already in the form, edits and all
        if not same and self._keep_unsaved_edits(self.tr("open another risk")):
            self._select_quietly(shown.id if shown else None)
            return
        self.editor.show_risk(chosen)

    def _select_quietly(self, risk_id: str | None) -> None:
        """Put the selection back on the risk still in the form, without reopening it."""
        select_row_quietly(self.table, self.filter.listed_row(risk_id))
