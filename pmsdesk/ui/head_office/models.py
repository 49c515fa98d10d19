"""The head-office tables: organisations ranked by targets achieved, and packages received per office."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP

from pmsdesk.scoring import headline
from pmsdesk.sync.consolidation import LeagueRow, OfficeReceipt
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn


def _number(value: int | float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _category(row: LeagueRow) -> str:
    """The score band in words ('well_met' → 'Well met'), or why the organisation is not ranked."""
    return row.category.replace("_", " ").capitalize() if row.category else (row.problem or "")


def _right(_row) -> bool:
    return True


def _achieved(row: LeagueRow) -> str:
    """'153 of 244 (62.7%)': targets achieved year to date, the figure organisations rank on."""
    return headline.x_of_y({"achieved": row.targets_achieved,
                            "not_achieved": row.targets - row.targets_achieved}) if row.targets else "—"


class LeagueModel(RowTableModel[LeagueRow]):
    RANK, CODE, NAME, OFFICE, ACHIEVED, NOT_REPORTED, SCORE, CATEGORY, MEASURED, UNVERIFIED = range(10)

    columns = (
        TableColumn(QT_TR_NOOP("Rank"), lambda r: _number(r.rank), lambda r: r.rank, 54, right_aligned=_right),
        TableColumn(QT_TR_NOOP("Code"), lambda r: r.organisation_code, lambda r: r.organisation_code, 96),
        TableColumn(QT_TR_NOOP("Organisation"), lambda r: r.organisation_name, lambda r: r.organisation_name, 260,
                    tooltip=lambda r: r.problem or r.organisation_name),
        TableColumn(QT_TR_NOOP("Office"), lambda r: r.origin_office, lambda r: r.origin_office, 100,
                    header_tooltip=QT_TR_NOOP("The office whose packages brought the organisation")),
        TableColumn(QT_TR_NOOP("Targets achieved"), _achieved, lambda r: r.achieved_percent, 150, right_aligned=_right,
                    header_tooltip=QT_TR_NOOP("Year-to-date targets achieved of those due; a target not reported "
                    "by its deadline counts as not achieved")),
        TableColumn(QT_TR_NOOP("Not reported"), lambda r: _number(r.not_reported), lambda r: r.not_reported, 90,
                    right_aligned=_right, header_tooltip=QT_TR_NOOP(
                            "Targets due whose deadline passed without a counted value")),
        TableColumn(QT_TR_NOOP("Mean"), lambda r: _number(r.score, 2), lambda r: r.score, 70, right_aligned=_right,
                    header_tooltip=QT_TR_NOOP("Year-to-date weighted mean achievement (the second figure)")),
        TableColumn(QT_TR_NOOP(
                "Category"), lambda r: _category(r), lambda r: r.category or "", 170, tooltip=lambda r: r.problem),
        TableColumn(QT_TR_NOOP("Targets due"), lambda r: _number(r.measured_kpis), lambda r: r.measured_kpis, 96,
                    right_aligned=_right),
        TableColumn(QT_TR_NOOP("Unverified"), lambda r: _number(r.unverified_actuals), lambda r: r.unverified_actuals, 84,
                    right_aligned=_right, header_tooltip=QT_TR_NOOP("Actuals counted in the score but not verified yet")),
    )


class OfficesModel(RowTableModel[OfficeReceipt]):
    OFFICE, ORGANISATIONS, LAST, CREATED, RECEIVED, MISSING, CONFLICTS = range(7)

    columns = (
        TableColumn(QT_TR_NOOP("Office"), lambda r: r.office, lambda r: r.office, 110),
        TableColumn(QT_TR_NOOP("Organisations"), lambda r: ", ".join(r.organisations) or "—", lambda r: r.organisations, 200,
                    tooltip=lambda r: ", ".join(r.organisations)),
        TableColumn(QT_TR_NOOP("Last package"), lambda r: _number(r.last_sequence), lambda r: r.last_sequence, 96,
                    right_aligned=_right),
        TableColumn(QT_TR_NOOP("Written"), lambda r: f"{r.last_created_at:%Y-%m-%d %H:%M}" if r.last_created_at else "—",
                    lambda r: r.last_created_at, 130, header_tooltip=QT_TR_NOOP("When the office wrote its last package")),
        TableColumn(QT_TR_NOOP("Received"), lambda r: f"{r.last_received_at:%Y-%m-%d %H:%M}" if r.last_received_at else "—",
                    lambda r: r.last_received_at, 130, header_tooltip=QT_TR_NOOP("When head office imported it")),
        TableColumn(QT_TR_NOOP("Missing packages"), lambda r: ", ".join(map(str, r.missing)) or "none",
                    lambda r: len(r.missing), 130),
        TableColumn(QT_TR_NOOP("Conflicts waiting"), lambda r: _number(r.open_conflicts), lambda r: r.open_conflicts, 120,
                    right_aligned=_right, header_tooltip=QT_TR_NOOP("Decide them on the Sync screen")),
    )
