"""The quarterly reporting screen: the capturer's worklist on the left, the capture form on the right."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from pmsdesk.models import ActualStatus
from pmsdesk.services import actuals, worklists
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.services.worklists import ActualDetail, PeriodSummary, WorklistRow
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.period_picker import PeriodPicker
from pmsdesk.ui.widgets.screen_parts import list_beside_form, quarter_bar, scrolled
from pmsdesk.ui.widgets.search_filter import RowSearchFilter
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.ui.widgets.unsaved import ask_to_discard
from pmsdesk.vocabulary import vocabulary_for
from pmsdesk.wording import a_date, count_of

from .editor import ActualEditor
from .worklist_model import WorklistModel


class ReportingView(QWidget):
    """KPIs with a target in the chosen quarter that the signed-in user reports on."""

    title = QT_TR_NOOP("Quarterly reporting")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._today = today or date.today()
        self._refreshing = False
        self._wanted: tuple[str, str] | None = None  # (period id, KPI id) to open once the quarters are in
        self.model = WorklistModel(self)
        self.filter = RowSearchFilter(self.model, self)
        self.periods = PeriodPicker(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the worklist…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the worklist"))
        self.deadline = QLabel(self)
        self.submit_all_button = QPushButton(self.tr("Submit all &ready…"), self)
        self.submit_all_button.setToolTip(self.tr("Submit every draft of this quarter that has a value, after one question"))
        self.table = ReadOnlyTable(self.filter, self.model.columns, WorklistModel.NAME, self)
        self.table.sortByColumn(WorklistModel.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName(self.tr("Worklist"))
        self.table.select_on_focus = True
        self.editor = ActualEditor(operations, actor, self)
        form = QWidget(self)
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(scrolled(self.editor, self), 1)
        form_layout.addWidget(self.editor.ui.button_bar)

        bar = quarter_bar(self.periods, self)
        bar.addSpacing(12)
        bar.addWidget(self.search, 1)
        bar.addSpacing(12)
        bar.addWidget(self.deadline)
        bar.addWidget(self.submit_all_button)
        list_beside_form(self, bar, self.table, form, (720, 480))

        self.periods.period_changed.connect(self._load_worklist)
        self.search.textChanged.connect(self.filter.set_search_text)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.editor.changed.connect(self._actual_changed)
        self.submit_all_button.clicked.connect(self.submit_all)

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """The main window asked before changing the year: edits of the old year go."""
        self.editor.show_detail(None)
        self.model.money = self.editor.money = vocabulary_for(year.country if year else None).money
        self.editor.currency = self.editor.money.symbol
        if year is None:
            self.periods.set_periods([], None)
            return
        self._operations.run(lambda context: worklists.quarters(context.session, year.id), self._show_periods,
                             label=self.tr("Loading the quarters…"))

    def _show_periods(self, periods: list[PeriodSummary]) -> None:
        self.periods.set_periods(periods, worklists.current_quarter(periods, self._today))
        self._open_wanted()

    def open_actual(self, period_id: str, kpi_id: str) -> None:
        """Open ``kpi_id`` in the quarter ``period_id`` (a drill-down), as soon as the quarters are loaded."""
        self._wanted = (period_id, kpi_id)
        self._open_wanted()

    def _open_wanted(self) -> None:
        if self._wanted is None:
            return
        period_id, kpi_id = self._wanted
        period = next((self.periods.itemData(i) for i in range(self.periods.count())
                       if self.periods.itemData(i).id == period_id), None)
        if period is None:
            return  # the quarters are still loading: _show_periods comes back here
        self._wanted = None
        self.periods.blockSignals(True)
        self.periods.select_label(period.label)
        self.periods.blockSignals(False)
        self._load_worklist(period, keep_kpi=kpi_id)

    def unsaved_changes(self) -> str | None:
        return self.editor.unsaved_changes()

    def _keep_unsaved_edits(self, doing: str) -> bool:
        """True (and nothing changes) when the user chose to go back to unsaved edits."""
        return not ask_to_discard(self, doing, self.unsaved_changes())

    def _load_worklist(self, period: PeriodSummary | None, keep_kpi: str | None = None) -> None:
        detail = self.editor.detail
        if detail is not None and self._keep_unsaved_edits(self.tr("open another quarter")):
            self.periods.blockSignals(True)
            self.periods.select_label(detail.period_label)
            self.periods.blockSignals(False)
            return
        self.editor.show_detail(None)
        if period is None:
            self._show_rows(None, [], None)
            return
        actor = self._actor
        self._operations.run(lambda context: worklists.reporting_worklist(context.session, actor, period.id),
                             lambda rows: self._show_rows(period, rows, keep_kpi), label=self.tr("Loading the worklist…"))

    def _show_rows(self, period: PeriodSummary | None, rows: list[WorklistRow], keep_kpi: str | None) -> None:
        self.model.overdue = period is not None and period.is_overdue(self._today)
        self.model.set_rows(rows)
        self.filter.set_search_text(self.search.text())
        if period is None:
            self.deadline.setText(self.tr("No financial year selected"))
        else:
            deadline = period.submission_deadline
            due = self.tr("due {0}").format(a_date(deadline)) if deadline else self.tr("no deadline")
            self.deadline.setText(self.tr("{0} to report · {1}").format(count_of(len(rows), 'KPI'), due))
        if keep_kpi is not None:
            self.select_kpi(keep_kpi)

    def ready_rows(self) -> list[WorklistRow]:
        """Drafts and returned values of the quarter with a value entered: what "Submit all ready" sends."""
        rows = (self.model.row_at(n) for n in range(self.model.total_count()))
        return [row for row in rows if row.actual_id is not None and row.actual is not None
                and row.status in (ActualStatus.DRAFT, ActualStatus.RETURNED)]

    def submit_all(self) -> None:
        """Submit every ready draft of the quarter after one question naming those without required evidence."""
        period, ready, actor = self.periods.period(), self.ready_rows(), self._actor
        if period is None or (self.editor.detail is not None and self._keep_unsaved_edits(self.tr("submit the quarter"))):
            return
        if not ready:
            self.deadline.setText(self.tr("No drafts with a value to submit in {0}.").format(period.label))
            return
        missing = [row.reference for row in ready if row.missing_evidence]
        box = QMessageBox(QMessageBox.Icon.Warning if missing else QMessageBox.Icon.Question,
                          self.tr("Submit for verification"),
                          self.tr("Submit {0} of {1} for verification?").format(count_of(len(ready), 'draft'), period.label),
                          parent=self)
        shown = ", ".join(missing[:12]) + (self.tr(" and {0} more").format(len(missing) - 12) if len(missing) > 12 else "")
        box.setInformativeText("\n".join(
            ([self.tr("No evidence attached although the KPI requires it: {0}.").format(shown)] if missing else [])
            + [self.tr("Once submitted they cannot be changed unless a verifier returns them or a PMS officer reopens them.")]))
        box.setDetailedText("\n".join(f"{row.reference}  {row.name}" for row in ready))
        submit = box.addButton(self.tr("Submit {0}").format(len(ready)), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(self.tr("Go back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back if missing else submit)
        box.setEscapeButton(back)
        box.exec()
        if box.clickedButton() is not submit:
            return
        ids = [row.actual_id for row in ready if row.actual_id is not None]

        def work(context) -> list[WorklistRow]:
            actuals.submit_actuals(context.session, actor, ids)
            return worklists.reporting_worklist(context.session, actor, period.id)

        def done(rows: list[WorklistRow]) -> None:
            self.editor.show_detail(None)
            self._show_rows(period, rows, None)
            self.deadline.setText(self.tr("Submitted {0} of {1}.").format(count_of(len(ids), 'value'), period.label))

        self._operations.run(work, done, self._submit_all_failed, label=self.tr("Submitting {0} values…").format(len(ids)))

    def _submit_all_failed(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        problems = error.problems if isinstance(error, ValidationError) else {"": str(error)}
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Nothing was submitted"),
                          self.tr("Nothing was submitted: correct these values and submit again."), parent=self)
        box.setInformativeText("\n".join(f"{where}: {text}" if where else text for where, text in problems.items()))
        box.addButton(self.tr("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()

    def select_kpi(self, kpi_id: str) -> bool:
        """Select the worklist row of ``kpi_id`` (opening it in the form); False if it is not listed."""
        row = self.model.row_of_kpi(kpi_id)
        if row is None:
            return False
        self.model.fetch_all()
        index = self.filter.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index, ReadOnlyTable.ScrollHint.PositionAtCenter)
        return True

    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._refreshing:
            return
        indexes = selected.indexes()
        period = self.periods.period()
        if not indexes or period is None:
            self.editor.show_detail(None)
            return
        row = self.model.row_at(self.filter.mapToSource(indexes[0]).row())
        shown = self.editor.detail
        if shown is not None and shown.kpi_id != row.kpi_id and self._keep_unsaved_edits(self.tr("open another KPI")):
            self._refreshing = True
            try:
                self.select_kpi(shown.kpi_id)
            finally:
                self._refreshing = False
            return
        self._operations.run(lambda context: worklists.actual_detail(context.session, row.kpi_id, period.id),
                             self.editor.show_detail, label=self.tr("Opening the KPI…"))

    def _actual_changed(self, detail: ActualDetail) -> None:
        """Refresh the worklist after a save or submit, keeping the same KPI open."""
        period = self.periods.period()
        if period is None:
            return
        actor = self._actor
        self._operations.run(
            lambda context: worklists.reporting_worklist(context.session, actor, period.id),
            lambda rows: self._refresh_rows(period, rows, detail), label=self.tr("Loading the worklist…"))

    def _refresh_rows(self, period: PeriodSummary, rows: list[WorklistRow], detail: ActualDetail) -> None:
        self._refreshing = True
        try:
            self._show_rows(period, rows, detail.kpi_id)
        finally:
            self._refreshing = False
        self.editor.show_detail(detail)
