"""The agreement's personal development plan (Annexure B): one row per development action.

While the agreement is a draft every cell can be edited and rows added or removed; once it is
signed only each row's status can change (the service refuses anything else too). Reads and
writes run through Operations; a refused save names the row and column in words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.models import DevelopmentStatus
from pmsdesk.services import development_plans
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.development_plans import FIELDS, LABELS, STATUS_WORDS, DevelopmentLine
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label

from .items_grid import ChoiceDelegate

COLUMNS = tuple(FIELDS)
STATUS = COLUMNS.index("status")
GAP = COLUMNS.index("competency_gap")
ID_ROLE = Qt.ItemDataRole.UserRole
PROBLEM = re.compile(r"lines\[(\d+)\]\.(\w+)")


def problem_words(problems: Mapping[str, str]) -> dict[str, str]:
    """'lines[1].time_frame' → 'Row 2, Time frame: …', so a person finds the cell."""
    words = {}
    for field, message in problems.items():
        found = PROBLEM.fullmatch(field)
        if found:
            row, name = int(found.group(1)) + 1, found.group(2)
            words[field] = QCoreApplication.translate("agreements.development_panel",
                    "Row {0}, {1}: {2}.").format(row, LABELS.get(name, name), message.rstrip('.'))
        else:
            words[field] = message
    return words


class DevelopmentPlanPanel(QWidget):
    """Edits one agreement's plan; ``load`` shows it, Save writes it through the service."""

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.agreement_id: str | None = None
        self.signed = False
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        for column, name in enumerate(COLUMNS):
            header = QTableWidgetItem(LABELS[name])
            header.setToolTip(LABELS[name])
            self.table.setHorizontalHeaderItem(column, header)
        self.table.horizontalHeader().setDefaultSectionSize(150)
        self.table.setAccessibleName(self.tr("Development plan rows"))
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.gaps = ChoiceDelegate(self.table, QT_TR_NOOP("Competency or performance gap"))
        self.table.setItemDelegateForColumn(GAP, self.gaps)
        self.add = QPushButton(self.tr("Add &row"), self)
        self.remove = QPushButton(self.tr("Re&move row"), self)
        self.save = QPushButton(self.tr("&Save plan"), self)
        self.add.setToolTip(self.tr("Add a development action (draft agreements only)"))
        self.save.setToolTip(self.tr("Save the whole plan; nothing is saved if any row is wrong"))
        self.messages = FieldMessages(message_label(self, self.tr("Problem")), {})
        buttons = QHBoxLayout()
        for button in (self.add, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.messages.general)
        layout.addLayout(buttons)
        self.add.clicked.connect(self.add_row)
        self.remove.clicked.connect(self.remove_row)
        self.save.clicked.connect(self.save_plan)
        self.clear()

    def set_competencies(self, titles: Sequence[str]) -> None:
        """The competencies a gap is chosen from (the competency framework); a gap may still be typed."""
        self.gaps.choices = tuple(titles)

    # -- showing -------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.agreement_id = None
        self.table.setRowCount(0)
        self.intro.setText(self.tr("Save the agreement first; its development plan is agreed with it."))
        self.messages.clear()
        self._enable()

    def load(self, agreement_id: str, signed: bool) -> None:
        def work(context) -> list[DevelopmentLine]:
            return development_plans.development_plan(context.session, agreement_id)

        self._operations.run(work, lambda lines: self.show_plan(agreement_id, signed, lines), self._failed,
                             label=self.tr("Opening the development plan…"))

    def show_plan(self, agreement_id: str, signed: bool, lines: Sequence[DevelopmentLine]) -> None:
        self.agreement_id, self.signed = agreement_id, signed
        self.messages.clear()
        self.intro.setText(
            self.tr("The plan as agreed: only each row's status can change now (amend the agreement to change the plan).")
            if signed else self.tr("Gaps in priority order, what will be done about each, by when and with whose support."))
        self.table.setRowCount(0)
        for line in lines:
            self._append(line.values(), line.id)
        self.table.resizeRowsToContents()
        self._enable()

    def _append(self, values: Mapping[str, Any], line_id: str | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, name in enumerate(COLUMNS):
            if column == STATUS:
                box = QComboBox(self.table)
                box.setAccessibleName(self.tr("Status of row {0}").format(row + 1))
                for status in DevelopmentStatus:
                    box.addItem(STATUS_WORDS[status], status.value)
                box.setCurrentIndex(box.findData(DevelopmentStatus(values.get(name) or "planned").value))
                box.setEnabled(self._may_edit())
                self.table.setCellWidget(row, column, box)
                continue
            cell = QTableWidgetItem(values.get(name) or "")
            if column == 0:
                cell.setData(ID_ROLE, line_id)
            if self.signed or not self._may_edit():
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, cell)

    def _may_edit(self) -> bool:
        return self._actor.can(Permission.MANAGE_AGREEMENTS)

    def _enable(self) -> None:
        editable = self.agreement_id is not None and self._may_edit()
        self.add.setEnabled(editable and not self.signed)
        self.remove.setEnabled(editable and not self.signed)
        self.save.setEnabled(editable)
        for button in (self.add, self.remove, self.save):
            button.setVisible(self._may_edit())

    # -- editing -------------------------------------------------------------------------------------
    def add_row(self) -> None:
        self._append({}, None)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        first = self.table.item(row, 0)
        if first is not None:
            self.table.editItem(first)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def lines(self) -> list[dict[str, Any]]:
        """The rows as the service takes them (an ``id`` for rows already saved)."""
        found = []
        for row in range(self.table.rowCount()):
            line: dict[str, Any] = {}
            for column, name in enumerate(COLUMNS):
                if column == STATUS:
                    box = self.table.cellWidget(row, column)
                    line[name] = box.currentData() if isinstance(box, QComboBox) else None
                else:
                    item = self.table.item(row, column)
                    line[name] = item.text() if item is not None else ""
            first = self.table.item(row, 0)
            line_id = first.data(ID_ROLE) if first is not None else None
            if line_id:
                line["id"] = line_id
            found.append(line)
        return found

    def save_plan(self) -> None:
        agreement_id, signed, actor, lines = self.agreement_id, self.signed, self._actor, self.lines()
        if agreement_id is None:
            return

        def work(context) -> list[DevelopmentLine]:
            return development_plans.save_development_plan(context.session, actor, agreement_id, lines)

        def failed(error: Exception) -> None:
            if hasattr(error, "problems"):
                self.messages.show_problems(problem_words(error.problems))
            else:
                self.messages.show_error(error)

        def saved(found: list[DevelopmentLine]) -> None:
            self.show_plan(agreement_id, signed, found)
            self.intro.setText(self.tr("Saved: {0} row(s). {1}").format(len(found), self.intro.text()))

        self._operations.run(work, saved, failed, label=self.tr("Saving the development plan…"))

    def _failed(self, error: Exception) -> None:
        self.messages.show_error(error)
