"""The period targets of a KPI as a small grid: one row per quarter, its problem beside the cell.

Beside each deliverable target is the quarter's financial target (the money planned to be spent
by then), as SDBIPs print the two side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from pmsdesk.models import MeasureType
from pmsdesk.services.kpis import KpiPeriod
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.vocabulary import Money

from ..translation import translated
from .typed_values import DAY, NUMBER, WORDS, read_number, read_typed, shown, slot_of

QUARTER, TARGET, FINANCIAL, PROBLEM = range(4)
FINANCIAL_KEY = "budget_projection"
#: The target's column for each slot, as ``set_period_target`` names them.
TARGET_KEYS = {NUMBER: "value", DAY: "value_date", WORDS: "value_text"}
PROBLEM_COLOUR = QColor("#fde7ea")
HINTS = {NUMBER: QT_TR_NOOP(
        "a number, e.g. 300"), DAY: QT_TR_NOOP("a date, e.g. 31 Mar 2026"), WORDS: QT_TR_NOOP("what is to be achieved")}


class TargetsGrid(QTableWidget):
    """Type each quarter's target (a number, a date or words, as the measure type needs)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setAccessibleName(self.tr("Period targets"))
        self.setHorizontalHeaderLabels((self.tr("Quarter"), self.tr("Target"), self.tr("Financial target"), self.tr("Problem")))
        self.verticalHeader().setVisible(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the grid; arrows move inside it
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QUARTER, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(TARGET, 200)
        header.resizeSection(FINANCIAL, 130)
        header.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.Stretch)
        self._periods: list[KpiPeriod] = []
        self.measure = MeasureType.NUMBER

    def set_targets(self, periods: list[KpiPeriod], targets: Mapping[str, Mapping[str, Any]],
                    measure: MeasureType) -> None:
        self._periods = list(periods)
        self.measure = measure
        self.setRowCount(len(periods))
        for row, period in enumerate(periods):
            quarter = QTableWidgetItem(period.label)
            quarter.setFlags(quarter.flags() & ~Qt.ItemFlag.ItemIsEditable)
            saved = targets.get(period.id, {})
            value = saved.get("value")
            if value is None:
                value = saved.get("value_date") or saved.get("value_text")
            self.setItem(row, QUARTER, quarter)
            self.setItem(row, TARGET, QTableWidgetItem(shown(value, measure)))
            financial = QTableWidgetItem(shown(saved.get(FINANCIAL_KEY), MeasureType.CURRENCY))
            financial.setToolTip(self.tr(
                    "Financial target for {0}: the amount planned to be spent by then").format(period.label))
            self.setItem(row, FINANCIAL, financial)
            problem = QTableWidgetItem("")
            problem.setFlags(problem.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(row, PROBLEM, problem)
        self.set_measure(measure)
        self.setFixedHeight(self.horizontalHeader().height() + self.rowHeight(0) * len(periods) + 4
                            if periods else 60)

    def use_money(self, money: Money) -> None:
        """Head the financial targets with the organisation's currency ("Financial target (KSh)")."""
        caption = self.tr("Financial target ({0})").format(money.symbol) if money.symbol else self.tr("Financial target")
        self.setHorizontalHeaderItem(FINANCIAL, QTableWidgetItem(caption))

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        """A cell of a period's row (``set_targets`` fills every one)."""
        item = self.item(row, column)
        if item is None:
            raise LookupError(f"no cell at row {row}, column {column} of the targets")  # not translated
        return item

    def set_measure(self, measure: MeasureType) -> None:
        """Read the typed targets as ``measure`` from now on, and say what to type."""
        self.measure = measure
        for row in range(self.rowCount()):
            self._cell(row, TARGET).setToolTip(self.tr(
                    "Target for {0}: {1}").format(self._periods[row].label, translated(HINTS[slot_of(measure)])))

    def targets(self) -> dict[str, dict[str, Any]]:
        """Period id → values for ``set_period_target`` (every key; the unused ones empty)."""
        key = TARGET_KEYS[slot_of(self.measure)]
        result = {}
        for row, period in enumerate(self._periods):
            values: dict[str, Any] = dict.fromkeys(TARGET_KEYS.values())
            values[key] = read_typed(self._cell(row, TARGET).text(), self.measure)
            values[FINANCIAL_KEY] = read_number(self._cell(row, FINANCIAL).text())
            result[period.id] = values
        return result

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """``problems`` maps period id → message; each shows beside its cell, which turns pink."""
        for row, period in enumerate(self._periods):
            message = problems.get(period.id, "")
            self._cell(row, PROBLEM).setText(message[:1].upper() + message[1:])
            self._cell(row, PROBLEM).setToolTip(message)
            colour = QBrush(PROBLEM_COLOUR) if message else QBrush()
            self._cell(row, TARGET).setBackground(colour)
            self._cell(row, FINANCIAL).setBackground(colour)
            self._cell(row, PROBLEM).setBackground(colour)

    def label_of(self, period_id: str) -> str:
        return next((period.label for period in self._periods if period.id == period_id), period_id)
