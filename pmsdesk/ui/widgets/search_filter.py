"""Free-text filtering of a ``RowTableModel``, with sorting left to the source model."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from .table_model import RowTableModel


class RowSearchFilter(QSortFilterProxyModel):
    """Keeps rows whose search text contains the typed phrase, ignoring case and extra spaces.

    While a search is active all rows are fetched from the source, so counts and
    matches cover the whole table, not only the batch shown so far. Sorting is
    passed to the source model, which sorts every row, fetched or not.
    """

    def __init__(self, source: RowTableModel, parent=None) -> None:
        super().__init__(parent)
        self._phrase = ""
        self.setSourceModel(source)
        # Bound once: filterAcceptsRow runs for every row on every keystroke (20,000 in the register).
        self._search_text = source.search_text

    def source(self) -> RowTableModel:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return model

    def listed_row(self, record_id: str | None) -> int | None:
        """The row (after search and sorting) listing the record ``record_id`` (rows with an ``id``), None if not listed."""
        source = self.source()
        source.fetch_all()
        for row in range(source.rowCount()):
            if source.row_at(row).id == record_id:
                index = self.mapFromSource(source.index(row, 0))
                return index.row() if index.isValid() else None
        return None

    def is_searching(self) -> bool:
        return bool(self._phrase)

    def set_search_text(self, text: str) -> None:
        phrase = " ".join(text.casefold().split())
        if phrase:
            self.source().fetch_all()
        if phrase == self._phrase:
            return
        self.beginFilterChange()
        self._phrase = phrase
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not self._phrase or self._phrase in self._search_text(source_row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)
