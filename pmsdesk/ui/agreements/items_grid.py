"""The weighted lines of an agreement as an editable grid, with the live weight totals beside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from pmsdesk.models import AgreementItemKind, AgreementKind
from pmsdesk.services.agreements import CRITERIA, WEIGHT_GROUPS, AgreementItemRow, KpiChoice
from pmsdesk.ui.reporting.editor import parse_number
from pmsdesk.wording import plain_number

from ..translation import translated
from .wording import line_name

LINE, TITLE, WEIGHT, TARGET = range(4)
CRITERIA_HEADERS = (QT_TR_NOOP(
        "Excellent"), QT_TR_NOOP("Very good"), QT_TR_NOOP("Good"), QT_TR_NOOP("Fair"), QT_TR_NOOP("Poor"))
HEADERS = (QT_TR_NOOP("Line"), QT_TR_NOOP("Title"), QT_TR_NOOP("Weight %"), QT_TR_NOOP("Target"), *CRITERIA_HEADERS)
#: The kind of line a KPI from the register becomes, per agreement kind.
KPI_LINE = {AgreementKind.SA_SECTION_56: AgreementItemKind.KPA,
            AgreementKind.KE_PERFORMANCE_CONTRACT: AgreementItemKind.INDICATOR,
            AgreementKind.TZ_OPRAS: AgreementItemKind.OBJECTIVE}
LINKS_ROLE = Qt.ItemDataRole.UserRole
#: Typing over a cell, F2 or a double-click edits it; moving between cells does not.
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.DoubleClicked)


def _number_text(value: float | None) -> str:
    return "" if value is None else plain_number(value).replace(",", "")


class ItemsGrid(QTableWidget):
    """Lines of one agreement kind; ``edited`` fires on every change so totals can follow."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.kind = AgreementKind.SA_SECTION_56
        self.setHorizontalHeaderLabels([translated(header) for header in HEADERS])
        self.setAccessibleName(self.tr("Agreement lines"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        for column, width in ((LINE, 70), (WEIGHT, 70), (TARGET, 120)):
            header.resizeSection(column, width)
        for column in range(TARGET + 1, len(HEADERS)):
            header.resizeSection(column, 64)
        self.itemChanged.connect(lambda _item: self.edited.emit())
        self.set_kind(self.kind)

    def set_kind(self, kind: AgreementKind) -> None:
        """Criteria columns only for Kenyan contracts; lines of another kind are dropped."""
        self.kind = kind
        kenyan = kind == AgreementKind.KE_PERFORMANCE_CONTRACT
        for column in range(TARGET + 1, len(HEADERS)):
            self.setColumnHidden(column, not kenyan)
        # Beside five criteria columns the title keeps a readable width and the grid scrolls sideways.
        self.horizontalHeader().setSectionResizeMode(
            TITLE, QHeaderView.ResizeMode.Interactive if kenyan else QHeaderView.ResizeMode.Stretch)
        if kenyan:
            self.horizontalHeader().resizeSection(TITLE, 220)
        allowed = WEIGHT_GROUPS[kind]
        for row in reversed(range(self.rowCount())):
            if self.line_kind(row) not in allowed:
                self.removeRow(row)
        self.edited.emit()

    def second_group(self) -> AgreementItemKind | None:
        """The lines typed by hand (CCRs, attributes), if this kind has them."""
        groups = WEIGHT_GROUPS[self.kind]
        return groups[1] if len(groups) > 1 else None

    def line_kind(self, row: int) -> AgreementItemKind:
        return AgreementItemKind(self.item(row, LINE).data(LINKS_ROLE)["kind"])  # Qt returns enums as text

    # -- filling ----------------------------------------------------------------------------------
    def set_items(self, items: Sequence[AgreementItemRow]) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        for item in items:
            self._append(item.kind, item.title, item.weight, item.target_text,
                         {"kpi_id": item.kpi_id, "kpa_id": item.kpa_id}, item.criteria)
        self.blockSignals(False)
        self.edited.emit()

    def add_kpi(self, kpi: KpiChoice) -> None:
        """A register KPI as a new line; a Kenyan indicator's Very Good value starts at the annual target."""
        criteria = (None, kpi.annual_target, None, None, None)
        self._append(KPI_LINE[self.kind], kpi.name, None, kpi.target_text or None,
                     {"kpi_id": kpi.id, "kpa_id": kpi.kpa_id}, criteria)
        self.setCurrentCell(self.rowCount() - 1, WEIGHT)

    def add_line(self, kind: AgreementItemKind, title: str = "") -> None:
        self._append(kind, title, None, None, {"kpi_id": None, "kpa_id": None}, (None,) * len(CRITERIA))
        self.setCurrentCell(self.rowCount() - 1, TITLE)

    def remove_current(self) -> None:
        if self.currentRow() >= 0:
            self.removeRow(self.currentRow())
            self.edited.emit()

    def _append(self, kind: AgreementItemKind, title: str, weight: float | None, target: str | None,
                links: dict[str, Any], criteria: Sequence[float | None]) -> None:
        row = self.rowCount()
        blocked = self.blockSignals(True)  # no totals until the whole line is there
        self.insertRow(row)
        line = QTableWidgetItem(line_name(kind, links["kpi_id"]))
        line.setFlags(line.flags() & ~Qt.ItemFlag.ItemIsEditable)
        line.setData(LINKS_ROLE, {"kind": kind, **links})
        self.setItem(row, LINE, line)
        texts = (title, _number_text(weight), target or "", *(_number_text(value) for value in criteria))
        for column, text in enumerate(texts, start=TITLE):
            cell = QTableWidgetItem(text)
            if column != TITLE:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, column, cell)
        self.blockSignals(blocked)
        self.edited.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else EDIT_TRIGGERS)

    # -- reading ------------------------------------------------------------------------------------
    def _text(self, row: int, column: int) -> str:
        return self.item(row, column).text().strip()

    def items(self) -> list[dict[str, Any]]:
        """The lines as the agreements service takes them; unreadable numbers go as typed, to be named."""
        lines = []
        for row in range(self.rowCount()):
            links = self.item(row, LINE).data(LINKS_ROLE)
            line = {"kind": self.line_kind(row).value, "title": self._text(row, TITLE),
                    "weight": parse_number(self._text(row, WEIGHT)),
                    "kpi_id": links["kpi_id"], "kpa_id": links["kpa_id"],
                    "target_text": self._text(row, TARGET) or None}
            if self.kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
                line |= {name: parse_number(self._text(row, column))
                         for column, name in enumerate(CRITERIA, start=TARGET + 1)}
            lines.append(line)
        return lines

    def totals(self) -> dict[AgreementItemKind, float]:
        """The weight of each group, counting only weights that read as numbers."""
        totals = {kind: 0.0 for kind in WEIGHT_GROUPS[self.kind]}
        for row in range(self.rowCount()):
            weight = parse_number(self._text(row, WEIGHT))
            if isinstance(weight, float):
                totals[self.line_kind(row)] += weight
        return totals
