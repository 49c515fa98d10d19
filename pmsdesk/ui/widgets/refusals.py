"""Package imports refused here, as a table: the Head office screen and an office's Sync screen both list
them, newest first, with the plain reason, what to do, and whether a later package filled the gap."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from pmsdesk.sync.league_columns import count
from pmsdesk.sync.refusals import STILL_REFUSED, RefusedImport
from pmsdesk.ui.translation import QT_TR_NOOP

from .table_model import RowTableModel, TableColumn
from .tables import ReadOnlyTable


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "—"


def _right(_row) -> bool:
    return True


class RefusalsModel(RowTableModel[RefusedImport]):
    """The reason and what to do come before the file, so a narrow window shows them first."""

    WHEN, OFFICE, PACKAGE, REASON, TODO, NOW, FILE = range(7)

    columns = (
        TableColumn(QT_TR_NOOP("When"), lambda r: _when(r.when), lambda r: r.when, 116,
                    tooltip=lambda r: f"Tried by {r.by}"),
        TableColumn(QT_TR_NOOP("Office"), lambda r: r.sender or "unknown", lambda r: r.sender or "", 80,
                    header_tooltip=QT_TR_NOOP(
                            "The office the package says it comes from ('unknown' when it could not be read)")),
        TableColumn(QT_TR_NOOP("Package"), lambda r: count(r.sequence), lambda r: r.sequence or 0, 64, right_aligned=_right),
        TableColumn(QT_TR_NOOP("Why refused"), lambda r: r.reason, lambda r: r.reason, 180, tooltip=lambda r: r.message),
        TableColumn(QT_TR_NOOP("What to do"), lambda r: r.what_to_do, lambda r: r.what_to_do, 300,
                    tooltip=lambda r: r.what_to_do),
        TableColumn(QT_TR_NOOP("Now"), lambda r: r.status, lambda r: r.status, 100,
                    header_tooltip=QT_TR_NOOP("Whether the package, or a later one covering it, has been imported since")),
        TableColumn(QT_TR_NOOP("File"), lambda r: r.file, lambda r: r.file, 150, elide_middle=True, tooltip=lambda r: r.file),
    )

    def still_refused(self) -> int:
        """How many listed attempts left a gap no later package filled."""
        return sum(1 for row in (self.row_at(index) for index in range(self.rowCount())) if row.status == STILL_REFUSED)


class RefusalsTable(ReadOnlyTable):
    """The refused attempts, newest first; what to do is wrapped and read in full, not from a tooltip."""

    def __init__(self, model: RefusalsModel, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(model, model.columns, RefusalsModel.TODO, parent)
        self.setAccessibleName(accessible_name)
        self.sortByColumn(RefusalsModel.WHEN, Qt.SortOrder.DescendingOrder)
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
