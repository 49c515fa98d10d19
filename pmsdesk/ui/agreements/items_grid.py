"""The weighted lines of an agreement as an editable grid, with the live weight totals beside it.

Each column is declared once (``COLUMNS``): the service field it edits, its
heading, width, whether it holds a number, and the agreement kinds that show it,
so a Kenyan contract shows its criteria category, history and criteria values
and a SPAS appraisal its agreed target, without a branch per kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from pmsdesk.models import AgreementItemKind, AgreementKind
from pmsdesk.services.agreements import CRITERIA, WEIGHT_GROUPS, AgreementItemRow, KpiChoice
from pmsdesk.ui.reporting.editor import parse_number
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.wording import plain_number

from ..translation import translated
from .wording import line_name

KE_PC, KE_SPAS, TZ_OPRAS = AgreementKind.KE_PERFORMANCE_CONTRACT, AgreementKind.KE_SPAS, AgreementKind.TZ_OPRAS


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    width: int
    numeric: bool = False
    #: The agreement kinds that show the column; empty: every kind.
    kinds: frozenset[AgreementKind] = frozenset()


COLUMNS = (
    Column("line", QT_TR_NOOP("Line"), 70),
    Column("title", QT_TR_NOOP("Title"), 220),
    Column("category", QT_TR_NOOP("Criteria category"), 150, kinds=frozenset({KE_PC, TZ_OPRAS})),
    Column("weight", QT_TR_NOOP("Weight %"), 70, numeric=True),
    Column("target_text", QT_TR_NOOP("Target / indicator"), 120),
    Column("target_value", QT_TR_NOOP("Agreed target"), 90, numeric=True, kinds=frozenset({KE_SPAS})),
    Column("performance_criteria", QT_TR_NOOP("Agreed criteria"), 140, kinds=frozenset({TZ_OPRAS})),
    Column("resources", QT_TR_NOOP("Agreed resources"), 140, kinds=frozenset({TZ_OPRAS})),
    Column("programme_id", QT_TR_NOOP("CIDP programme / ADP project"), 200, kinds=frozenset({KE_PC})),
    Column("unit", QT_TR_NOOP("Unit"), 70, kinds=frozenset({KE_PC})),
    Column("baseline", QT_TR_NOOP("Baseline"), 70, numeric=True, kinds=frozenset({KE_PC})),
    Column("achieved_year_before", QT_TR_NOOP("Achieved 2 yrs ago"), 80, numeric=True, kinds=frozenset({KE_PC})),
    Column("achieved_last_year", QT_TR_NOOP("Achieved last yr"), 80, numeric=True, kinds=frozenset({KE_PC})),
    *(Column(name, header, 64, numeric=True, kinds=frozenset({KE_PC}))
      for name, header in zip(CRITERIA, (QT_TR_NOOP("Excellent"), QT_TR_NOOP("Very good"), QT_TR_NOOP(
              "Good"), QT_TR_NOOP("Fair"), QT_TR_NOOP("Poor")))),
)
FIELDS = [column.field for column in COLUMNS]
LINE, TITLE, CATEGORY, WEIGHT, TARGET, PROGRAMME = (FIELDS.index(name) for name in (
    "line", "title", "category", "weight", "target_text", "programme_id"))
#: The kind of line a KPI from the register becomes, per agreement kind.
KPI_LINE = {AgreementKind.SA_SECTION_56: AgreementItemKind.KPA,
            AgreementKind.KE_PERFORMANCE_CONTRACT: AgreementItemKind.INDICATOR,
            AgreementKind.KE_SPAS: AgreementItemKind.TARGET,
            AgreementKind.TZ_OPRAS: AgreementItemKind.OBJECTIVE}
LINKS_ROLE = Qt.ItemDataRole.UserRole
#: Typing over a cell, F2 or a double-click edits it; moving between cells does not.
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
                 | QAbstractItemView.EditTrigger.DoubleClicked)


class ChoiceDelegate(QStyledItemDelegate):
    """A cell chosen from a list, typing still allowed: a Kenyan indicator's criteria category from the rule
    set's list (the service names a category that is not one), a CCR's title from the competency framework."""

    def __init__(self, parent: QWidget, accessible_name: str) -> None:
        super().__init__(parent)
        self.choices: tuple[str, ...] = ()
        self.accessible_name = accessible_name

    def offers_choices(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return bool(self.choices)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        if not self.offers_choices(index):
            return super().createEditor(parent, option, index)
        editor = QComboBox(parent)
        editor.setEditable(True)
        editor.addItems(list(self.choices))
        editor.setAccessibleName(translated(self.accessible_name))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data() or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText().strip())
        else:
            super().setModelData(editor, model, index)


class CompetencyTitleDelegate(ChoiceDelegate):
    """A CCR line's title offers the competency framework's titles; other lines' titles are typed."""

    def __init__(self, grid: ItemsGrid) -> None:
        super().__init__(grid, QT_TR_NOOP("Competency"))
        self.grid = grid

    def offers_choices(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return bool(self.choices) and self.grid.line_kind(index.row()) == AgreementItemKind.CCR


class ProgrammeDelegate(QStyledItemDelegate):
    """A contract indicator's CIDP programme or ADP project, chosen from the county's list (or none)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.choices: tuple[tuple[str, str], ...] = ()  # (id, label)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QComboBox(parent)
        editor.addItem(self.tr("(none)"), None)
        for programme_id, label in self.choices:
            editor.addItem(label, programme_id)
        editor.setAccessibleName(self.tr("CIDP programme or ADP project"))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(LINKS_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        chosen = editor.currentData()
        model.setData(index, chosen, LINKS_ROLE)
        model.setData(index, editor.currentText() if chosen else "")


def _number_text(value: float | None) -> str:
    return "" if value is None else plain_number(value).replace(",", "")


class ItemsGrid(QTableWidget):
    """Lines of one agreement kind; ``edited`` fires on every change so totals can follow."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.kind = AgreementKind.SA_SECTION_56
        self.setHorizontalHeaderLabels([translated(column.header) for column in COLUMNS])
        self.setAccessibleName(self.tr("Agreement lines"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        for index, column in enumerate(COLUMNS):
            self.horizontalHeader().resizeSection(index, column.width)
        self.categories = ChoiceDelegate(self, QT_TR_NOOP("Criteria category"))
        self.setItemDelegateForColumn(CATEGORY, self.categories)
        self.competencies = CompetencyTitleDelegate(self)
        self.setItemDelegateForColumn(TITLE, self.competencies)
        self.programmes = ProgrammeDelegate(self)
        self.setItemDelegateForColumn(PROGRAMME, self.programmes)
        self.itemChanged.connect(lambda _item: self.edited.emit())
        self.set_kind(self.kind)

    def set_categories(self, names: Sequence[str]) -> None:
        """The criteria categories offered for a Kenyan contract's indicators."""
        self.categories.choices = tuple(names)

    def set_competencies(self, titles: Sequence[str]) -> None:
        """The competencies a CCR line's title is chosen from (the competency framework)."""
        self.competencies.choices = tuple(titles)

    def set_programmes(self, choices: Sequence[tuple[str, str]]) -> None:
        """The county's CIDP programmes and ADP projects (id, label) a contract indicator may serve."""
        self.programmes.choices = tuple(choices)

    def unlinked_rows(self) -> list[str]:
        """Contract indicators that name no CIDP programme or ADP project, as 'line 2 (title)'."""
        if self.kind != KE_PC:
            return []
        return [self.tr("line {0} ({1})").format(row + 1, self._text(row, TITLE) or "—")
                for row in range(self.rowCount()) if not self.item(row, PROGRAMME).data(LINKS_ROLE)]

    def set_kind(self, kind: AgreementKind) -> None:
        """Show the columns of ``kind``; lines of another kind are dropped."""
        self.kind = kind
        for index, column in enumerate(COLUMNS):
            self.setColumnHidden(index, bool(column.kinds) and kind not in column.kinds)
        wide = kind in (KE_PC, KE_SPAS)
        # Beside many columns the title keeps a readable width and the grid scrolls sideways.
        self.horizontalHeader().setSectionResizeMode(
            TITLE, QHeaderView.ResizeMode.Interactive if wide else QHeaderView.ResizeMode.Stretch)
        if wide:
            self.horizontalHeader().resizeSection(TITLE, COLUMNS[TITLE].width)
        self.horizontalHeaderItem(TARGET).setText(self.tr("Performance indicator") if kind == KE_SPAS else self.tr("Target"))
        self.horizontalHeaderItem(CATEGORY).setText(self.tr("Main factor") if kind == TZ_OPRAS
                                                    else self.tr("Criteria category"))
        allowed = WEIGHT_GROUPS[kind]
        for row in reversed(range(self.rowCount())):
            if self.line_kind(row) not in allowed:
                self.removeRow(row)
        self.edited.emit()

    def second_group(self) -> AgreementItemKind | None:
        """The lines typed by hand (CCRs, attributes, values), if this kind has them."""
        groups = WEIGHT_GROUPS[self.kind]
        return groups[1] if len(groups) > 1 else None

    def line_kind(self, row: int) -> AgreementItemKind:
        return AgreementItemKind(self.item(row, LINE).data(LINKS_ROLE)["kind"])  # Qt returns enums as text

    # -- filling ----------------------------------------------------------------------------------
    def set_items(self, items: Sequence[AgreementItemRow]) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        for item in items:
            values = {"title": item.title, "weight": item.weight, "target_text": item.target_text,
                      "category": item.category, "unit": item.unit, "baseline": item.baseline,
                      "achieved_last_year": item.achieved_last_year, "achieved_year_before": item.achieved_year_before,
                      "target_value": item.target_value, "performance_criteria": item.performance_criteria,
                      "resources": item.resources, "programme_id": item.programme_id,
                      **dict(zip(CRITERIA, item.criteria))}
            self._append(item.kind, values, {"kpi_id": item.kpi_id, "kpa_id": item.kpa_id})
        self.blockSignals(False)
        self.edited.emit()

    def add_kpi(self, kpi: KpiChoice) -> None:
        """A register KPI as a new line; a Kenyan indicator's Very Good value (and a SPAS target's agreed
        value) starts at the annual target."""
        self._append(KPI_LINE[self.kind], {"title": kpi.name, "target_text": kpi.target_text or None,
                                           "criteria_very_good": kpi.annual_target, "target_value": kpi.annual_target},
                     {"kpi_id": kpi.id, "kpa_id": kpi.kpa_id})
        self.setCurrentCell(self.rowCount() - 1, WEIGHT)

    def add_line(self, kind: AgreementItemKind, title: str = "", group: str | None = None) -> None:
        """A line typed by hand; ``group`` fills its category (an OPRAS quality attribute's main factor)."""
        self._append(kind, {"title": title, "category": group}, {"kpi_id": None, "kpa_id": None})
        self.setCurrentCell(self.rowCount() - 1, TITLE)

    def remove_current(self) -> None:
        if self.currentRow() >= 0:
            self.removeRow(self.currentRow())
            self.edited.emit()

    def _append(self, kind: AgreementItemKind, values: dict[str, Any], links: dict[str, Any]) -> None:
        row = self.rowCount()
        blocked = self.blockSignals(True)  # no totals until the whole line is there
        self.insertRow(row)
        line = QTableWidgetItem(line_name(kind, links["kpi_id"]))
        line.setFlags(line.flags() & ~Qt.ItemFlag.ItemIsEditable)
        line.setData(LINKS_ROLE, {"kind": kind, **links})
        self.setItem(row, LINE, line)
        for index, column in enumerate(COLUMNS[1:], start=1):
            value = values.get(column.field)
            if column.field == "programme_id":
                cell = QTableWidgetItem(dict(self.programmes.choices).get(value, ""))
                cell.setData(LINKS_ROLE, value)
                self.setItem(row, index, cell)
                continue
            cell = QTableWidgetItem(_number_text(value) if column.numeric else (value or ""))
            if column.numeric:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, index, cell)
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
            line = {"kind": self.line_kind(row).value, "kpi_id": links["kpi_id"], "kpa_id": links["kpa_id"]}
            for index, column in enumerate(COLUMNS[1:], start=1):
                if column.kinds and self.kind not in column.kinds:
                    continue
                if column.field == "programme_id":
                    line[column.field] = self.item(row, index).data(LINKS_ROLE) or None
                    continue
                typed = self._text(row, index)
                line[column.field] = parse_number(typed) if column.numeric else (typed or None)
            lines.append(line)
        return lines

    def category_totals(self) -> dict[str, float]:
        """A Kenyan contract's weight per criteria category, as typed (blank: 'no category')."""
        totals: dict[str, float] = {}
        for row in range(self.rowCount()):
            weight = parse_number(self._text(row, WEIGHT))
            if isinstance(weight, float):
                name = self._text(row, CATEGORY) or self.tr("no category")
                totals[name] = totals.get(name, 0.0) + weight
        return totals

    def totals(self) -> dict[AgreementItemKind, float]:
        """The weight of each group, counting only weights that read as numbers."""
        totals = {kind: 0.0 for kind in WEIGHT_GROUPS[self.kind]}
        for row in range(self.rowCount()):
            weight = parse_number(self._text(row, WEIGHT))
            if isinstance(weight, float):
                totals[self.line_kind(row)] += weight
        return totals
