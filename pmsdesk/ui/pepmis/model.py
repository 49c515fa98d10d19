"""Assigned sub-tasks as a table: one row per employee, period and sub-task."""

from __future__ import annotations

from pmsdesk.services.pepmis import AssignmentRow
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.wording import plain_number


def _number(value: float | None) -> str:
    return "" if value is None else plain_number(round(value, 1))


def _right(_row: AssignmentRow) -> bool:
    return True


class AssignmentTableModel(RowTableModel[AssignmentRow]):
    """Rows from ``pepmis.screen_state(...).rows``."""

    EMPLOYEE, PERIOD, SUB_TASK, WEIGHT, DONE, MARK, APPEAL = range(7)

    columns = (
        TableColumn(QT_TR_NOOP("Employee"), lambda r: r.person_name, lambda r: r.person_name.casefold(), 130),
        TableColumn(QT_TR_NOOP("Period"), lambda r: r.period_label, lambda r: r.period_label, 56),
        TableColumn(QT_TR_NOOP("Sub-task"), lambda r: f"{r.sub_task_code} {r.sub_task_title}", lambda r: r.sub_task_code, 220,
                    tooltip=lambda r: f"Task {r.task_code} {r.task_title} ({plain_number(r.task_weight)}%)"),
        TableColumn(QT_TR_NOOP("Weight %"), lambda r: plain_number(r.sub_task_weight), lambda r: r.sub_task_weight, 64,
                    right_aligned=_right, header_tooltip=QT_TR_NOOP("The sub-task's share of its task")),
        TableColumn(QT_TR_NOOP("Done %"), lambda r: _number(r.percent_done), lambda r: r.percent_done or -1, 60,
                    right_aligned=_right, header_tooltip=QT_TR_NOOP("From the latest progress entry")),
        TableColumn(QT_TR_NOOP("Mark"), lambda r: _number(r.mark), lambda r: -1 if r.mark is None else r.mark, 56,
                    right_aligned=_right, header_tooltip=QT_TR_NOOP("The supervisor's mark, 0-100 (after any upheld appeal)")),
        TableColumn(QT_TR_NOOP("Appeal"), lambda r: r.appeal_status, lambda r: r.appeal_status, 70),
    )

    def search_text_of(self, row: AssignmentRow) -> str:
        return f"{row.person_name} {row.sub_task_code} {row.sub_task_title} {row.task_title}".casefold()
