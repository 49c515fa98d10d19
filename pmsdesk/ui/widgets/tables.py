"""Read-only table views set up the same way on every screen."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from .table_model import RIGHT, TableColumn

#: A name's ending that tells otherwise alike rows apart: 'in Ward 7', 'Phase 2', '(TS01)', '– 2026/27'.
DISTINGUISHING_END = re.compile(r"\s(?:(?:in|at|for|of|–|-)\s+)?(?:[A-Za-z]+\s+)?\(?[\w/.-]*\d[\w/.-]*\)?$")


def elide_keeping_end(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` cut to ``width`` pixels: the start is kept (it says what is counted) and so is a
    distinguishing ending such as 'in Ward 7'; what goes is the middle words, marked '…'.

    'Number of households with access to basic water in Ward 1' → 'Number of households wi… in Ward 1',
    not 'Number of h…r in Ward 1'. Without such an ending the text is cut at the end.
    """
    if metrics.horizontalAdvance(text) <= width:
        return text
    end = DISTINGUISHING_END.search(text)
    if end is not None and end.start() > 0:
        tail = text[end.start():]
        room = width - metrics.horizontalAdvance(tail)
        if room >= width // 2:
            return metrics.elidedText(text[:end.start()], Qt.TextElideMode.ElideRight, room) + tail
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class EndKeepingDelegate(QStyledItemDelegate):
    """Shortens long names with ``elide_keeping_end`` so rows that differ only at the end stay apart."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        option.text = elide_keeping_end(option.text, option.fontMetrics, option.rect.width() - 2 * margin)
        option.textElideMode = Qt.TextElideMode.ElideRight


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
                self.setItemDelegateForColumn(section, EndKeepingDelegate(self))
        header.sectionResized.connect(self._other_column_resized)
        self.setSortingEnabled(True)
        self._figure_columns = [(section, column.width) for section, column in enumerate(columns)
                                if column.right_aligned is not None]
        model.modelReset.connect(self.fit_figure_columns)
        model.rowsInserted.connect(self.fit_figure_columns)
        model.dataChanged.connect(self.fit_figure_columns)

    def fit_figure_columns(self, *_args) -> None:
        """Widen figure columns to their widest figure: 'R 110,825,000' is never cut to '110,825,…'.

        Only widens past the declared width, never narrows below it; looks at the rows fetched so far.
        """
        model, metrics = self.model(), self.fontMetrics()
        padding = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 12
        header = self.horizontalHeader()
        for section, declared in self._figure_columns:
            cells = (model.index(row, section) for row in range(model.rowCount()))
            figures = (cell.data() for cell in cells  # words (a milestone's target) may be cut; figures not
                       if cell.data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT)
            widest = max((metrics.horizontalAdvance(text) for text in figures if text), default=0) + padding
            if widest > max(declared, header.sectionSize(section)):
                header.resizeSection(section, widest)

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
