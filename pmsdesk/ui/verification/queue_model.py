"""The review queue as a table: values waiting for verification or approval."""

from __future__ import annotations

from pmsdesk.services.worklists import ReviewRow
from pmsdesk.ui.widgets.figure_columns import kpi_value_columns
from pmsdesk.ui.widgets.sort_keys import text_key
from pmsdesk.ui.widgets.status import STATUS_ORDER, status_text
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.vocabulary import Money
from pmsdesk.wording import a_date


class ReviewQueueModel(RowTableModel[ReviewRow]):
    """Rows from ``worklists.review_queue``."""

    REFERENCE, NAME, UNIT, TARGET, ACTUAL, STATUS, CAPTURED_BY, SUBMITTED, EVIDENCE = range(9)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        #: The organisation's currency, for amounts (set by the screen with the year).
        self.money: Money | None = None
        self.columns = (
            *kpi_value_columns(lambda: self.money, (60, 150, 90, 90)),
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
