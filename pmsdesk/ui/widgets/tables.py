"""Read-only table views set up the same way on every screen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from .table_model import TableColumn


class MiddleElidingDelegate(QStyledItemDelegate):
    """Cuts long text in the middle, keeping endings such as 'in Ward 7' that tell rows apart."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class HeaderStyle(QProxyStyle):
    """Keeps right-aligned header text clear of the sort arrow (styles such as Fusion overlap them)."""

    def drawControl(self, element, option, painter, widget=None) -> None:
        if (
            element == QStyle.ControlElement.CE_HeaderLabel
            and isinstance(option, QStyleOptionHeader)
            and option.sortIndicator != QStyleOptionHeader.SortIndicator.None_
            and option.textAlignment & Qt.AlignmentFlag.AlignRight
        ):
            option = QStyleOptionHeader(option)
            arrow = self.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, option, widget)
            option.rect = option.rect.adjusted(0, 0, -arrow - 4, 0)
        super().drawControl(element, option, painter, widget)


class ReadOnlyTable(QTableView):
    """A sortable, row-selecting table with compact rows and the columns' declared widths.

    ``fill_column`` takes the width the other columns leave, but never less than
    its declared width: on a narrow window the table scrolls sideways instead of
    squeezing the column people read most.
    """

    def __init__(
        self,
        model: QAbstractItemModel,
        columns: Sequence[TableColumn],
        fill_column: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fill_column = fill_column
        self._fill_minimum = columns[fill_column].width
        self.setModel(model)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the form beside it; arrows move the row
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header_style = HeaderStyle()
        header_style.setParent(header)
        header.setStyle(header_style)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for section, column in enumerate(columns):
            header.resizeSection(section, column.width)
            if column.elide_middle:
                self.setItemDelegateForColumn(section, MiddleElidingDelegate(self))
        header.sectionResized.connect(self._other_column_resized)
        self.setSortingEnabled(True)

    #: Reaching the table with Tab selects (and so opens) the current row, for worklists beside a form.
    select_on_focus = False

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        keyboard = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                                      Qt.FocusReason.ShortcutFocusReason)
        if self.select_on_focus and keyboard and not self.selectionModel().hasSelection() and self.model().rowCount():
            self.selectRow(max(self.currentIndex().row(), 0))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_fill_column()

    def _other_column_resized(self, section: int, _old: int, _new: int) -> None:
        if section != self._fill_column:
            self._fit_fill_column()

    def _fit_fill_column(self) -> None:
        header = self.horizontalHeader()
        others = sum(header.sectionSize(s) for s in range(header.count()) if s != self._fill_column)
        header.resizeSection(self._fill_column, max(self._fill_minimum, self.viewport().width() - others))


def select_row_quietly(table: QTableView, row: int | None) -> None:
    """Select ``row`` (None: nothing) without the selection signals that would open it.

    For putting the selection back when the user chose to keep unsaved edits.
    """
    with QSignalBlocker(table.selectionModel()):
        if row is None:
            table.clearSelection()
        else:
            table.selectRow(row)
    table.viewport().update()
