"""The organisation's framework as one tree: units by hierarchy, plans with objectives, KPAs, programmes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from pmsdesk.services.framework import FrameworkRecord
from pmsdesk.vocabulary import Vocabulary, vocabulary_for

NODE_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Node:
    """What a tree item stands for: a record (``record_id``) or the group heading of a kind."""

    kind: str
    record_id: str | None = None

    @property
    def is_group(self) -> bool:
        return self.record_id is None


#: Top-level groups: (kind of their top records, heading).
def _groups(words: Vocabulary) -> tuple[tuple[str, str], ...]:
    return (("unit", QCoreApplication.translate("plans.tree", "Organisation units")), ("plan", words.plans_heading()),
            ("kpa", words.kpa_longs), ("programme", QCoreApplication.translate("plans.tree", "Programmes and projects")))


class FrameworkTree(QTreeWidget):
    """Read-only tree; ``node()`` says what the current item is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.use_words(vocabulary_for(None))
        self.setUniformRowHeights(True)
        self._items: dict[str, QTreeWidgetItem] = {}

    def use_words(self, words: Vocabulary) -> None:
        """Head the plans and KPAs as the organisation's country names them (shown at the next outline)."""
        self._groups = _groups(words)
        self.setAccessibleName(self.tr("Organisation units, plans, objectives, {0} and programmes").format(words.kpa_words))

    def show_outline(self, records: list[FrameworkRecord]) -> None:
        """Rebuild the tree; groups and records that were open stay open."""
        first = not self._items
        opened = {key for key, item in self._items.items() if item.isExpanded()}
        self.clear()
        self._items = {}
        groups = {}
        for kind, heading in self._groups:
            item = QTreeWidgetItem(self, [heading])
            item.setData(0, NODE_ROLE, Node(kind))
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            groups[kind] = item
            self._items[f"group:{kind}"] = item
        by_id = {record.id: record for record in records}
        for record in records:
            self._item_for(record, by_id, groups)
        if first:
            self.expandAll()
        for key in opened & self._items.keys():
            self._items[key].setExpanded(True)

    def _item_for(self, record: FrameworkRecord, by_id: dict[str, FrameworkRecord],
                  groups: dict[str, QTreeWidgetItem]) -> QTreeWidgetItem:
        if record.id in self._items:
            return self._items[record.id]
        parent_record = by_id.get(record.parent_id) if record.parent_id else None
        parent = self._item_for(parent_record, by_id, groups) if parent_record else groups[
            "plan" if record.kind == "strategic_objective" else record.kind]
        item = QTreeWidgetItem(parent, [record.label])
        item.setToolTip(0, record.label)
        item.setData(0, NODE_ROLE, Node(record.kind, record.id))
        self._items[record.id] = item
        return item

    def node(self) -> Node | None:
        item = self.currentItem()
        return item.data(0, NODE_ROLE) if item is not None else None

    def select(self, key: str) -> bool:
        """Make the record ``key`` (or ``group:<kind>``) current; False when it is not in the tree."""
        item = self._items.get(key)
        if item is None:
            return False
        self.setCurrentItem(item)
        self.scrollToItem(item)
        return True
