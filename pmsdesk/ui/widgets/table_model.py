"""A read-only table model over a list of frozen rows, fetched into the view in batches.

Screens declare their columns as ``TableColumn`` objects and hand the model a
complete list of rows from a service. The model exposes the rows to views in
batches (``canFetchMore``/``fetchMore``) so a table of 20,000 rows appears at
once, and sorts the whole list itself in Python: a proxy model could only sort
the rows fetched so far, and calling back into Python for every comparison is slow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from ..translation import translated
from .sort_keys import reference_key, text_key

RowT = TypeVar("RowT")
Index = QModelIndex | QPersistentModelIndex

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

#: Role under which ``data()`` returns the column's sort key (None sorts last).
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class TableColumn(Generic[RowT]):
    """How one column shows and sorts a row."""

    header: str
    text: Callable[[RowT], str]
    sort_key: Callable[[RowT], Any]
    width: int
    #: Right-align this row's cell (numbers); None: always left.
    right_aligned: Callable[[RowT], bool] | None = None
    tooltip: Callable[[RowT], str | None] | None = None
    header_tooltip: str | None = None
    #: Shorten long text keeping its start and a distinguishing ending such as "in Ward 7".
    elide_middle: bool = False


def kpi_columns(reference_width: int, name_width: int) -> tuple[TableColumn, TableColumn]:
    """The 'Ref' and 'KPI' columns every KPI table starts with: natural order, full text in the tooltip,
    long names shortened keeping a distinguishing ending. Rows need ``reference`` and ``name``."""
    return (TableColumn(QCoreApplication.translate("widgets.table_model",
            "Ref"), lambda r: r.reference, lambda r: reference_key(r.reference), reference_width,
                        tooltip=lambda r: r.reference, header_tooltip=QCoreApplication.translate("widgets.table_model",
                                "KPI reference")),
            TableColumn(QCoreApplication.translate("widgets.table_model",
                    "KPI"), lambda r: r.name, lambda r: text_key(r.name), name_width,
                        tooltip=lambda r: r.name, elide_middle=True))


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """Rows of one type in declared columns; subclasses set ``columns`` and may add search text."""

    columns: Sequence[TableColumn[RowT]] = ()
    batch_size = 500
    #: The organisation's currency symbol ('R', 'KSh', 'TSh'; '' none) that columns write before money.
    currency = ""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        self._search_texts: list[str] = []
        self._loaded = 0
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- rows ---------------------------------------------------------------
    def set_rows(self, rows: Sequence[RowT]) -> None:
        """Replace every row; the current sort order is kept."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._rows = [self._rows[i] for i in self._sorted_positions(self._rows, *self._sort)]
        self._search_texts = [self.search_text_of(row) for row in self._rows]
        self._loaded = min(self.batch_size, len(self._rows))
        self.endResetModel()

    def set_currency(self, symbol: str) -> None:
        """Write ``symbol`` before amounts of money from now on (the year shown belongs to its organisation)."""
        if symbol == self.currency:
            return
        self.currency = symbol
        if self._loaded:
            self.dataChanged.emit(self.index(0, 0), self.index(self._loaded - 1, len(self.columns) - 1))

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def total_count(self) -> int:
        """All rows, including those not yet fetched into views."""
        return len(self._rows)

    def search_text(self, row: int) -> str:
        """The case-folded text a free-text filter matches against."""
        return self._search_texts[row]

    def search_text_of(self, row: RowT) -> str:
        return ""

    # -- batching -------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._loaded < len(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        self._fetch_up_to(min(self._loaded + self.batch_size, len(self._rows)))

    def fetch_all(self) -> None:
        """Expose every row at once (a filter must see them all)."""
        self._fetch_up_to(len(self._rows))

    def _fetch_up_to(self, end: int) -> None:
        if end <= self._loaded:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, end - 1)
        self._loaded = end
        self.endInsertRows()

    # -- Qt model interface ---------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = column.right_aligned is not None and column.right_aligned(row)
            return RIGHT if right else LEFT
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == SORT_KEY_ROLE:
            return column.sort_key(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return translated(column.header)
        if role == Qt.ItemDataRole.ToolTipRole:
            return translated(column.header_tooltip) if column.header_tooltip else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if column.right_aligned is None else RIGHT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every row (fetched or not); rows without a value go last either way."""
        if not 0 <= column < len(self.columns):
            return
        self.beginResetModel()
        self._sort = (column, order)
        positions = self._sorted_positions(self._rows, column, order)
        self._rows = [self._rows[i] for i in positions]
        self._search_texts = [self._search_texts[i] for i in positions]
        self.endResetModel()

    def _sorted_positions(self, rows: list[RowT], column: int, order: Qt.SortOrder) -> list[int]:
        key = self.columns[column].sort_key
        keys = [key(row) for row in rows]
        present = [i for i, sort_key in enumerate(keys) if sort_key is not None]
        missing = [i for i, sort_key in enumerate(keys) if sort_key is None]
        present.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return present + missing
