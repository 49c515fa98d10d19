"""The open sync conflicts as a table."""

from __future__ import annotations

from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn

from ..translation import translated
from .work import ConflictRow

KEPT = {"local": QT_TR_NOOP("Local"), "incoming": QT_TR_NOOP("Incoming")}


class ConflictsModel(RowTableModel[ConflictRow]):
    """Rows from ``work.conflict_rows``."""

    DETECTED, RECORD, OFFICE, KEPT_NOW, REASON = range(5)

    columns = (
        TableColumn(QT_TR_NOOP("Detected"), lambda r: r.detected, lambda r: r.detected, 120),
        TableColumn(QT_TR_NOOP("Record"), lambda r: r.label, lambda r: r.label, 220,
                    tooltip=lambda r: f"{r.label} ({r.entity} {r.row_id})"),
        TableColumn(QT_TR_NOOP("From"), lambda r: r.peer_office, lambda r: r.peer_office, 80,
                    header_tooltip=QT_TR_NOOP("The office whose package brought the other version")),
        TableColumn(QT_TR_NOOP("Kept for now"), lambda r: translated(KEPT.get(r.kept, r.kept)), lambda r: r.kept, 96,
                    header_tooltip=QT_TR_NOOP("The version in the table until someone decides")),
        TableColumn(QT_TR_NOOP("Why"), lambda r: r.reason, lambda r: r.reason, 220, tooltip=lambda r: r.reason),
    )
