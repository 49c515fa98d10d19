"""Everything a person can read on a screen: labels, buttons, lists, tables, tabs, chart titles."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

#: Enough rows of each table to meet every kind of line without reading thousands.
ROWS_READ = 80


def _columns(model, parent: QModelIndex) -> int:
    if isinstance(model, QAbstractListModel):
        return 1
    return model.columnCount(parent)


def _hidden(view: QAbstractItemView, row: int, parent: QModelIndex) -> bool:
    if isinstance(view, QTreeView):
        return view.isRowHidden(row, parent)
    if isinstance(view, QListView | QTableView):
        return view.isRowHidden(row)
    return False


def _shown_columns(view: QAbstractItemView, count: int) -> list[int]:
    """The columns a person sees (a table hides the columns another kind of record uses)."""
    if isinstance(view, QTableView | QTreeView):
        return [column for column in range(count) if not view.isColumnHidden(column)]
    if isinstance(view, QHeaderView):
        return [column for column in range(count) if not view.isSectionHidden(column)]
    return list(range(count))


def _model_text(view: QAbstractItemView, model, parent: QModelIndex = QModelIndex(), depth: int = 0) -> list[str]:
    texts = []
    columns = _shown_columns(view, _columns(model, parent))
    if depth == 0:
        texts += [str(model.headerData(column, Qt.Orientation.Horizontal) or "") for column in columns]
    for row in range(min(model.rowCount(parent), ROWS_READ)):
        if _hidden(view, row, parent):
            continue
        for column in columns:
            index = model.index(row, column, parent)
            texts.append(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
            texts.append(str(index.data(Qt.ItemDataRole.ToolTipRole) or ""))
        first = model.index(row, 0, parent)
        if depth < 4 and not isinstance(model, QAbstractTableModel | QAbstractListModel) and model.rowCount(first):
            texts.extend(_model_text(view, model, first, depth + 1))
    return texts


def readable_text(root: QWidget) -> list[tuple[str, str]]:
    """(widget class, text) for every piece of text under ``root`` a sighted or screen-reader user meets
    while ``root`` is shown (widgets hidden in it, such as other pages of a stack, are left out)."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue  # a hidden button's old caption is not read by anyone
        name = type(widget).__name__
        texts = [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip(), widget.windowTitle()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            texts += [widget.toPlainText(), widget.placeholderText()]
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += _model_text(widget, widget.model())
        found += [(name, text) for text in texts if text]
    return found
