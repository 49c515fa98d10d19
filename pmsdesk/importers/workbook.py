"""Opening an .xlsx file and reading each sheet into a plain grid of values.

Merged cells are filled with their top-left value (a KPA heading merged
across the row, a directorate merged down ten KPI rows), numbers shown with
a percent format come back as :class:`Percent` in percentage points, and
trailing empty rows and columns are dropped.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .problems import WorkbookError

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_QUOTED = re.compile(r'"[^"]*"|\\.')


class Percent(float):
    """A number the workbook shows as a percentage, in percentage points (85.0 for 85%)."""


@dataclass(frozen=True)
class SheetGrid:
    """One sheet's cell values; ``rows[i][j]`` is the cell at row i+1, column j+1."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False

    def value(self, row: int, column: int) -> Any:
        """The value at 1-based ``row``/``column`` (None outside the grid)."""
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None


def column_label(index: int, heading: str | None = None) -> str:
    """'F' or 'F (Q1 target)' for a 1-based column index."""
    letter = get_column_letter(index)
    return f"{letter} ({heading})" if heading else letter


def open_workbook(path: str | Path) -> Workbook:
    """Load a workbook for reading cached values; every failure names the file and what to do."""
    path = Path(path)
    if not path.is_file():
        raise WorkbookError(f"{path}: no such file")
    with path.open("rb") as handle:
        start = handle.read(4)
    if start == OLE_MAGIC:
        raise WorkbookError(f"{path.name} is an old Excel 97-2003 (.xls) file; open it in Excel and "
                            "save it as an Excel Workbook (.xlsx), then import that")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{path.name} is not an Excel workbook (.xlsx): the file is not a zip "
                            "archive. Save it from Excel as .xlsx and import it again")
    try:
        return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise WorkbookError(f"{path.name} cannot be read as an Excel workbook ({error}); "
                            "open it in Excel, save it as .xlsx and try again") from None


def _percent_style(number_format: str) -> str | None:
    """'scaled' for a real percent format (0.85 shows 85%), 'points' for a literal "%"."""
    if "%" not in number_format:
        return None
    return "scaled" if "%" in _QUOTED.sub("", number_format) else "points"


def _cell_value(cell) -> Any:
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        style = _percent_style(cell.number_format or "")
        if style == "scaled":
            return Percent(round(value * 100, 9))
        if style == "points":
            return Percent(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def read_sheet(sheet: Worksheet) -> SheetGrid:
    """The sheet's values with merged ranges filled and empty edges trimmed."""
    rows = [[_cell_value(cell) for cell in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:
        top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else None
        for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
            row = rows[r - 1]
            for c in range(merged.min_col, min(merged.max_col, len(row)) + 1):
                row[c - 1] = top
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(row) if v is not None), default=0) for row in rows), default=0)
    return SheetGrid(sheet.title, [row[:width] + [None] * (width - len(row)) for row in rows],
                     hidden=sheet.sheet_state != "visible")


def chosen_sheets(workbook: Workbook, names: list[str] | None, file_name: str) -> list[Worksheet]:
    """The sheets asked for (case-insensitive), or every sheet; an unknown name is an error."""
    if not names:
        return list(workbook.worksheets)
    by_name = {sheet.title.strip().lower(): sheet for sheet in workbook.worksheets}
    chosen = []
    for name in names:
        sheet = by_name.get(name.strip().lower())
        if sheet is None:
            have = ", ".join(f"'{s.title}'" for s in workbook.worksheets)
            raise WorkbookError(f"{file_name} has no sheet named '{name}'; it has {have}")
        chosen.append(sheet)
    return chosen
