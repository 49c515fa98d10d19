"""The head-office tables: the league table (columns declared once, shared with the printed league table)
and packages received per office (imports refused here: ``ui/widgets/refusals.py``)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from pmsdesk.sync.consolidation import LeagueRow, OfficeReceipt
from pmsdesk.sync.league_columns import LEAGUE_COLUMNS, column_index, count
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn

#: Screen widths of the shared league columns, by key.
LEAGUE_WIDTHS = {"rank": 56, "organisation": 170, "code": 60, "office": 60, "kpis": 42, "achieved": 112,
                 "not_achieved": 88, "not_reported": 82, "left_out": 56, "mean": 62, "light": 150,
                 "quarter_mean": 90, "at_risk": 50, "not_approved": 86}


def _right(_row) -> bool:
    return True


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "—"


def _missing(receipt: OfficeReceipt) -> str:
    if receipt.last_sequence is None:
        return "—"
    return ", ".join(map(str, receipt.missing)) or "none"


def _missing_tip(receipt: OfficeReceipt) -> str | None:
    if not receipt.missing:
        return None
    return (QCoreApplication.translate("head_office.models",
            "Packages {0} from {1} never arrived here: their "
            "changes are missing. Import them, or ask {1} for a "
            "full package.").format(', '.join(map(str, receipt.missing)), receipt.office))


class LeagueModel(RowTableModel[LeagueRow]):
    """The columns of :data:`LEAGUE_COLUMNS`, in their order."""

    RANK, NAME, CODE, OFFICE, ACHIEVED = (column_index(key) for key in ("rank", "organisation", "code", "office",
                                                                         "achieved"))
    LIGHT, NOT_APPROVED = column_index("light"), column_index("not_approved")

    columns = tuple(
        TableColumn(column.heading, column.text, column.sort, LEAGUE_WIDTHS[column.key],
                    right_aligned=_right if column.numeric else None, header_tooltip=column.explanation,
                    tooltip=(lambda r: r.problem) if column.key in ("organisation", "light") else None)
        for column in LEAGUE_COLUMNS)


class OfficesModel(RowTableModel[OfficeReceipt]):
    OFFICE, ORGANISATIONS, LAST, MISSING, CONFLICTS, CREATED, RECEIVED = range(7)

    columns = (
        TableColumn(QT_TR_NOOP("Office"), lambda r: r.office, lambda r: r.office, 100),
        TableColumn(QT_TR_NOOP("Organisations"), lambda r: r.organisations_in_words, lambda r: r.organisations, 260,
                    tooltip=lambda r: r.organisations_in_words),
        TableColumn(QT_TR_NOOP("Last package"), lambda r: count(r.last_sequence), lambda r: r.last_sequence or 0, 96,
                    right_aligned=_right, header_tooltip=QT_TR_NOOP("The highest package number received from the office")),
        TableColumn(QT_TR_NOOP("Missing packages"), _missing, lambda r: len(r.missing), 130, tooltip=_missing_tip,
                    header_tooltip=QT_TR_NOOP("Package numbers up to the last one that never arrived: their changes are "
                    "missing here")),
        TableColumn(QT_TR_NOOP("Conflicts waiting"), lambda r: count(r.open_conflicts), lambda r: r.open_conflicts, 120,
                    right_aligned=_right, header_tooltip=QT_TR_NOOP("Decide them on the Sync screen")),
        TableColumn(QT_TR_NOOP("Written"), lambda r: _when(r.last_created_at), lambda r: r.last_created_at, 124,
                    header_tooltip=QT_TR_NOOP("When the office wrote its last package")),
        TableColumn(QT_TR_NOOP("Received"), lambda r: _when(r.last_received_at), lambda r: r.last_received_at,
                    124, header_tooltip=QT_TR_NOOP("When head office imported it")),
    )
