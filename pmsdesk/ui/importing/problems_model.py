"""The problems a preview or import found, one per row, with the cell to fix."""

from __future__ import annotations

from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn

from .work import CHANGE, ERROR, FLAG, GUESS, ProblemRow

KIND_ORDER = {ERROR: 0, FLAG: 1, CHANGE: 2, GUESS: 3}


class ProblemsModel(RowTableModel[ProblemRow]):
    """Rows from ``work.problem_rows``, in workbook order."""

    KIND, SHEET, ROW, COLUMN, REASON = range(5)

    columns = (
        TableColumn(QT_TR_NOOP("Kind"), lambda p: p.kind, lambda p: KIND_ORDER.get(p.kind, 2), 64,
                    header_tooltip=QT_TR_NOOP("An error stops its row; a warning or flag is imported but worth a look; "
                                   "a guess says what the importer decided and why; a change is what a "
                                   "re-import updates")),
        TableColumn(QT_TR_NOOP("Sheet"), lambda p: p.sheet or "", lambda p: p.sheet, 110, tooltip=lambda p: p.sheet),
        TableColumn(QT_TR_NOOP("Row"), lambda p: "" if p.row is None else str(p.row), lambda p: p.row, 50,
                    right_aligned=lambda p: True),
        TableColumn(QT_TR_NOOP("Column"), lambda p: p.column or "", lambda p: p.column, 210, tooltip=lambda p: p.column),
        TableColumn(QT_TR_NOOP("Reason"), lambda p: p.reason, lambda p: p.reason, 300, tooltip=lambda p: p.reason),
    )

    def search_text_of(self, row: ProblemRow) -> str:
        return " ".join(part for part in (row.kind, row.sheet, row.column, row.reason) if part).casefold()
