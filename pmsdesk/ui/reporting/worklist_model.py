"""The capturer's worklist as a table: KPIs due in the period and where each actual stands."""

from __future__ import annotations

from pmsdesk.services.worklists import WorklistRow
from pmsdesk.ui.widgets.figure_columns import kpi_value_columns
from pmsdesk.ui.widgets.status import STATUS_ORDER, status_text
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.vocabulary import Money


class WorklistModel(RowTableModel[WorklistRow]):
    """Rows from ``worklists.reporting_worklist``; ``overdue`` marks unsubmitted rows past the deadline."""

    REFERENCE, NAME, UNIT, TARGET, ACTUAL, STATUS, EVIDENCE = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.overdue = False
        #: The organisation's currency, for amounts (set by the screen with the year).
        self.money: Money | None = None
        self.columns = (
            *kpi_value_columns(lambda: self.money, (56, 180, 100, 72)),
            TableColumn(self.tr("Status"), self._status, lambda r: STATUS_ORDER[r.status], 142,
                        tooltip=self._status_tooltip),
            TableColumn(self.tr("Files"), lambda r: str(r.evidence_count) if r.evidence_count else "",
                        lambda r: r.evidence_count, 44, right_aligned=lambda r: True,
                        header_tooltip=self.tr("Evidence files attached")),
        )

    def _status(self, row: WorklistRow) -> str:
        return status_text(row.status, is_late=row.is_late, overdue=self.overdue)

    def _status_tooltip(self, row: WorklistRow) -> str | None:
        if row.review_comment:
            return self.tr("Verifier's comment: {0}").format(row.review_comment)
        return None

    def search_text_of(self, row: WorklistRow) -> str:
        return " ".join(part for part in (row.reference, row.name, row.unit_name) if part).casefold()

    def row_of_kpi(self, kpi_id: str) -> int | None:
        return next((n for n in range(self.total_count()) if self.row_at(n).kpi_id == kpi_id), None)
