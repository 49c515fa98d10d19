"""The open sync conflicts as a table."""

from __future__ import annotations

from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn

from .work import ConflictRow

KEPT = {"local": "Local", "incoming": "Incoming"}


class ConflictsModel(RowTableModel[ConflictRow]):
    """Rows from ``work.conflict_rows``."""

    DETECTED, RECORD, OFFICE, KEPT_NOW, REASON = range(5)

    columns = (
        TableColumn("Detected", lambda r: r.detected, lambda r: r.detected, 120),
        TableColumn("Record", lambda r: r.label, lambda r: r.label, 220,
                    tooltip=lambda r: f"{r.label} ({r.entity} {r.row_id})"),
        TableColumn("From", lambda r: r.peer_office, lambda r: r.peer_office, 80,
                    header_tooltip="The office whose package brought the other version"),
        TableColumn("Kept for now", lambda r: KEPT.get(r.kept, r.kept), lambda r: r.kept, 96,
                    header_tooltip="The version in the table until someone decides"),
        TableColumn("Why", lambda r: r.reason, lambda r: r.reason, 220, tooltip=lambda r: r.reason),
    )
