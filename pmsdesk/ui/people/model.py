"""The People screen's table: one row per official, by name."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pmsdesk.services.people import Official
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn


def _key(text: str | None) -> str | None:
    return text.casefold() if text else None


def _status(row: Official) -> str:
    if row.retired_on:
        return QCoreApplication.translate("people.model", "Retired {0:%d %b %Y}").format(row.retired_on)
    return QCoreApplication.translate("people.model", "Active")


class OfficialTableModel(RowTableModel[Official]):
    """Rows from ``people.list_officials``."""

    NAME, NUMBER, POSITION, UNIT, SUPERVISOR, ACCOUNT, STATUS = range(7)

    columns = (
        TableColumn(QT_TR_NOOP("Name"), lambda r: r.full_name, lambda r: _key(r.full_name), 170),
        TableColumn(QT_TR_NOOP("Employee no."), lambda r: r.employee_number or "", lambda r: _key(r.employee_number), 90),
        TableColumn(QT_TR_NOOP("Position"), lambda r: (r.position_title or "") + (" ★" if r.is_senior_manager else ""),
                    lambda r: _key(r.position_title), 170,
                    tooltip=lambda r: f"{r.position_title} (grade {r.grade or '—'})" + (
                        QT_TR_NOOP(", senior manager") if r.is_senior_manager else "") if r.position_title else None,
                    header_tooltip=QT_TR_NOOP("★ senior manager (signs a performance agreement)")),
        TableColumn(QT_TR_NOOP("Unit"), lambda r: r.unit_name or "", lambda r: _key(r.unit_name), 140),
        TableColumn(QT_TR_NOOP("Supervisor"), lambda r: r.supervisor_name or "", lambda r: _key(r.supervisor_name), 130),
        TableColumn(QT_TR_NOOP("Account"), lambda r: r.username or "", lambda r: _key(r.username), 90),
        TableColumn(QT_TR_NOOP("Status"), _status, lambda r: r.retired_on is not None, 90),
    )

    def search_text_of(self, row: Official) -> str:
        parts = (row.full_name, row.employee_number, row.position_title, row.unit_name, row.supervisor_name,
                 row.username, row.email)
        return " ".join(part for part in parts if part).casefold()
