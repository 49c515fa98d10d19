"""The capturer's worklist as a table: KPIs due in the period and where each actual stands."""

from __future__ import annotations

from pmsdesk.services.worklists import WorklistRow
from pmsdesk.ui.widgets.sort_keys import is_figure, text_key, value_key
from pmsdesk.ui.widgets.status import STATUS_ORDER, status_text
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn, kpi_columns
from pmsdesk.wording import measured_value


class WorklistModel(RowTableModel[WorklistRow]):
    """Rows from ``worklists.reporting_worklist``; ``overdue`` marks unsubmitted rows past the deadline."""

    REFERENCE, NAME, UNIT, TARGET, ACTUAL, STATUS, EVIDENCE = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.overdue = False
        self.columns = (
            *kpi_columns(56, 180),
            TableColumn(self.tr("Unit"), lambda r: r.unit_name or "", lambda r: text_key(r.unit_name), 100,
                        tooltip=lambda r: r.unit_name, header_tooltip=self.tr("Responsible unit")),
            TableColumn(self.tr("Target"), lambda r: measured_value(r.target, r.measure_type, self.currency),
                        lambda r: value_key(r.target), 72, right_aligned=lambda r: is_figure(r.target),
                        header_tooltip=self.tr("Target for the period")),
            TableColumn(self.tr("Actual"), lambda r: measured_value(r.actual, r.measure_type, self.currency),
                        lambda r: value_key(r.actual), 72, right_aligned=lambda r: is_figure(r.actual)),
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
