"""A rule set's body as an editable tree: each value in its own row, read back with its original type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from pmsdesk.ui.widgets.tree_items import child_items, top_items

from .rule_text import field_label, value_text

PATH_ROLE = Qt.ItemDataRole.UserRole
PROBLEM_BRUSH = QBrush(QColor("#fde2e2"))


class UnreadableValues(ValueError):
    """Values typed in the tree that cannot be read back; ``problems`` maps path → message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _number(text: str) -> int | float:
    number = float(text.replace(",", "").replace(" ", ""))
    return int(number) if number.is_integer() and "." not in text else number


class RuleValuesTree(QTreeWidget):
    """Groups (bands, components, scale) as branches; numbers, words and yes/no as editable leaves.

    ``body()`` returns the edited body, or raises UnreadableValues when a
    value cannot be read back (letters where a number belongs).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Setting"), self.tr("Value")])
        self.setAccessibleName(self.tr("Rule values"))
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setColumnWidth(0, 300)
        self._template: dict[str, Any] = {}

    def set_body(self, body: dict[str, Any]) -> None:
        self.clear()
        self._template = body
        for key, value in body.items():
            self._add(self.invisibleRootItem(), field_label(key), value, f"body.{key}")
        self.expandAll()

    def _add(self, parent: QTreeWidgetItem, label: str, value: Any, path: str) -> None:
        item = QTreeWidgetItem(parent, [label])
        item.setData(0, PATH_ROLE, path)
        if isinstance(value, dict):
            for key, inner in value.items():
                self._add(item, field_label(key), inner, f"{path}.{key}")
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                name = inner.get("name") if isinstance(inner, dict) else None
                self._add(item, name or f"Item {index + 1}", inner, f"{path}[{index}]")
        elif isinstance(value, bool):
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(1, Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        else:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setText(1, "" if value is None else value_text(value) if not isinstance(value, str) else value)

    def item_at(self, path: str) -> QTreeWidgetItem | None:
        """The row of ``body.bands[1].max`` (as the service names fields)."""
        found = [item for item in self._all_items() if item.data(0, PATH_ROLE) == path]
        return found[0] if found else None

    def _all_items(self) -> list[QTreeWidgetItem]:
        items, stack = [], top_items(self)
        while stack:
            item = stack.pop()
            items.append(item)
            stack.extend(child_items(item))
        return items

    def readable_path(self, path: str) -> str:
        """'Bands › KPI not met › Max' for 'body.bands[0].max' (the nearest row that exists)."""
        while path and self.item_at(path) is None:
            path = path.rsplit(".", 1)[0] if "." in path else ""
        names = []
        row = self.item_at(path) if path else None
        while row is not None:
            names.append(row.text(0))
            row = row.parent()
        return " › ".join(reversed(names))

    def mark(self, paths: list[str]) -> None:
        """Shade the rows with problems and show the first one."""
        for item in self._all_items():
            item.setBackground(1, QBrush())
        for path in paths:
            marked = self.item_at(path)
            if marked is not None:
                marked.setBackground(1, PROBLEM_BRUSH)
        first = self.item_at(paths[0]) if paths else None
        if first is not None:
            self.setCurrentItem(first, 1)
            self.scrollToItem(first)

    def body(self) -> dict[str, Any]:
        problems: dict[str, str] = {}
        body = {key: self._read(self.item_at(f"body.{key}"), value, problems)
                for key, value in self._template.items()}
        if problems:
            raise UnreadableValues(problems)
        return body

    def _read(self, item: QTreeWidgetItem | None, template: Any, problems: dict[str, str]) -> Any:
        if item is None:  # the rows were made from this template, so each value has one
            raise LookupError(f"no row for the rule value {template!r}")  # not translated
        path = item.data(0, PATH_ROLE)
        if isinstance(template, dict):
            return {key: self._read(self.item_at(f"{path}.{key}"), value, problems) for key, value in template.items()}
        if isinstance(template, list):
            return [self._read(self.item_at(f"{path}[{i}]"), value, problems) for i, value in enumerate(template)]
        if isinstance(template, bool):
            return item.checkState(1) == Qt.CheckState.Checked
        text = item.text(1).strip()
        if isinstance(template, str):
            return text
        if not text:
            return None
        try:
            return _number(text)
        except ValueError:
            if template is None:
                return text
            problems[path] = self.tr("type a number, not {0!r}").format(text)
            return None
