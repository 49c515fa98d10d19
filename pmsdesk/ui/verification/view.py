"""The verification screen: the queue of values to review on the left, the chosen value on the right."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pmsdesk.models import ActualStatus
from pmsdesk.services import worklists
from pmsdesk.services.actor import Actor
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.services.worklists import PeriodSummary, ReviewRow
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.period_picker import PeriodPicker
from pmsdesk.ui.widgets.screen_parts import list_beside_form, quarter_bar, scrolled
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.vocabulary import vocabulary_for
from pmsdesk.wording import count_of

from ..translation import translated
from .panel import ReviewPanel
from .queue_model import ReviewQueueModel

WAITING = {ActualStatus.SUBMITTED: QT_TR_NOOP("to verify"), ActualStatus.VERIFIED: QT_TR_NOOP("to approve")}


class VerificationView(QWidget):
    """Values of the chosen quarter waiting for the signed-in verifier or approver."""

    title = QT_TR_NOOP("Verification")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._today = today or date.today()
        self.model = ReviewQueueModel(self)
        self.periods = PeriodPicker(self)
        self.count_label = QLabel(self)
        self.table = ReadOnlyTable(self.model, self.model.columns, ReviewQueueModel.NAME, self)
        self.table.sortByColumn(ReviewQueueModel.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName(self.tr("Values to review"))
        self.table.select_on_focus = True
        self.panel = ReviewPanel(operations, actor, self)
        form = QWidget(self)
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(scrolled(self.panel, self), 1)
        form_layout.addWidget(self.panel.ui.button_bar)

        bar = quarter_bar(self.periods, self)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        list_beside_form(self, bar, self.table, form, (800, 400))

        self.periods.period_changed.connect(self._load_queue)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.panel.decided.connect(lambda _detail: self._load_queue(self.periods.period(), keep_panel=True))

    def show_year(self, year: FinancialYearSummary | None) -> None:
        self.model.money = self.panel.money = vocabulary_for(year.country if year else None).money
        self.panel.currency = self.panel.money.symbol
        if year is None:
            self.periods.set_periods([], None)
            return
        self._operations.run(lambda context: worklists.quarters(context.session, year.id),
                             lambda periods: self.periods.set_periods(
                                 periods, worklists.current_quarter(periods, self._today)),
                             label=self.tr("Loading the quarters…"))

    def _load_queue(self, period: PeriodSummary | None, keep_panel: bool = False) -> None:
        if not keep_panel:
            self.panel.show_detail(None)
        if period is None:
            self._show_rows([])
            return
        actor = self._actor
        self._operations.run(lambda context: worklists.review_queue(context.session, actor, period.id),
                             self._show_rows, label=self.tr("Loading the queue…"))

    def _show_rows(self, rows: list[ReviewRow]) -> None:
        self.model.set_rows(rows)
        waiting = [f"{sum(r.status == s for r in rows)} {translated(words)}" for s, words in WAITING.items()
                   if s in worklists.statuses_to_review(self._actor)]
        if not rows:
            self.count_label.setText(self.tr("Nothing waiting for you in this quarter"))
        else:
            self.count_label.setText(" · ".join(waiting) or count_of(len(rows), "value"))

    def select_kpi(self, kpi_id: str) -> bool:
        self.model.fetch_all()
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).kpi_id == kpi_id:
                self.table.selectRow(row)
                return True
        return False

    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        period = self.periods.period()
        if not indexes or period is None:
            return
        row = self.model.row_at(indexes[0].row())
        self._operations.run(lambda context: worklists.actual_detail(context.session, row.kpi_id, period.id),
                             self.panel.show_detail, label=self.tr("Opening the value…"))
