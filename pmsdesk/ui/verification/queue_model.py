"""The review queue as a table: values waiting for verification or approval."""

from __future__ import annotations

from pmsdesk.services.worklists import ReviewRow
from pmsdesk.ui.widgets.sort_keys import is_figure, text_key, value_key
from pmsdesk.ui.widgets.status import STATUS_ORDER, status_text
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn, kpi_columns
from pmsdesk.wording import a_date, measured_value


class ReviewQueueModel(RowTableModel[ReviewRow]):
    """Rows from ``worklists.review_queue``."""

    REFERENCE, NAME, UNIT, TARGET, ACTUAL, STATUS, CAPTURED_BY, SUBMITTED, EVIDENCE = range(9)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.columns = (
            *kpi_columns(60, 150),
            TableColumn(self.tr("Unit"), lambda r: r.unit_name or "", lambda r: text_key(r.unit_name), 90,
                        tooltip=lambda r: r.unit_name, header_tooltip=self.tr("Responsible unit")),
            TableColumn(self.tr("Target"), lambda r: measured_value(r.target, r.measure_type, self.currency),
                        lambda r: value_key(r.target), 90, right_aligned=lambda r: is_figure(r.target)),
            TableColumn(self.tr("Actual"), lambda r: measured_value(r.actual, r.measure_type, self.currency),
                        lambda r: value_key(r.actual), 90, right_aligned=lambda r: is_figure(r.actual)),
            TableColumn(self.tr("Status"), lambda r: status_text(r.status, is_late=r.is_late),
                        lambda r: STATUS_ORDER[r.status], 104),
            TableColumn(self.tr("By"), lambda r: r.captured_by or "", lambda r: text_key(r.captured_by), 72,
                        header_tooltip=self.tr("Captured by")),
            TableColumn(self.tr("Submitted"), lambda r: a_date(r.submitted_at.date()) if r.submitted_at else "",
                        lambda r: r.submitted_at, 90),
            TableColumn(self.tr("Files"), lambda r: str(r.evidence_count) if r.evidence_count else "—",
                        lambda r: r.evidence_count, 44, right_aligned=lambda r: True,
                        header_tooltip=self.tr("Evidence files attached")),
        )

    def search_text_of(self, row: ReviewRow) -> str:
        return " ".join(part for part in (row.reference, row.name, row.unit_name, row.captured_by) if part).casefold()
