"""Narrowing the register to one KPA and/or one responsible unit, on top of the text search."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from pmsdesk.ui.widgets.search_filter import RowSearchFilter

from .model import KpiRegisterModel

#: A filter value meaning "rows with no KPA" / "rows with no unit" (None means no filter).
NOT_LINKED = ""


class RegisterFilter(RowSearchFilter):
    """The search phrase plus an exact KPA name and unit name; None lets every row through."""

    def __init__(self, source: KpiRegisterModel, parent=None) -> None:
        super().__init__(source, parent)
        self.kpa: str | None = None
        self.unit: str | None = None
        self._row_at = source.row_at

    def set_links(self, kpa: str | None, unit: str | None) -> None:
        if (kpa, unit) == (self.kpa, self.unit):
            return
        if kpa is not None or unit is not None:
            self.source().fetch_all()  # counts and matches cover every row, not the first batch
        self.beginFilterChange()
        self.kpa, self.unit = kpa, unit
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_searching(self) -> bool:
        return super().is_searching() or self.kpa is not None or self.unit is not None

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._phrase and self._phrase not in self._search_text(source_row):
            return False
        if self.kpa is None and self.unit is None:
            return True
        row = self._row_at(source_row)
        return ((self.kpa is None or (row.kpa_name or NOT_LINKED) == self.kpa)
                and (self.unit is None or (row.unit_name or NOT_LINKED) == self.unit))
