"""Opening an .xlsx file and reading each sheet into a plain grid of values.

Merged cells are filled with their top-left value (a KPA heading merged
across the row, a directorate merged down ten KPI rows), numbers shown with
a percent format come back as :class:`Percent` in percentage points, and
trailing empty rows and columns are dropped.

:func:`read_sheets` streams the sheets (openpyxl's read-only mode and its sheet
parser, with no cell object per value and plain inline strings read straight
from the XML) and takes the merged ranges from the sheet's XML; the grids
are exactly those of a full load
(:func:`read_sheet`), which is still used for a sheet with hyperlinks (a full
load shows an empty linked cell's link as its value) or with overlapping
merged ranges (which Excel never writes; a full load fills them in an order
of its own).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHEET_MAIN_NS

from .problems import WorkbookError

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_QUOTED = re.compile(r'"[^"]*"|\\.')
#: Both come after the cells in a sheet's XML (ECMA-376 orders CT_Worksheet's children).
_MERGED_RANGE = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*["']([^"']+)["']""")
_HYPERLINK = re.compile(rb"<(?:[\w.-]+:)?hyperlinks?[\s/>]")
_UNREADABLE = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError)
_INLINE_STRING, _INLINE_TEXT = f"{{{SHEET_MAIN_NS}}}is", f"{{{SHEET_MAIN_NS}}}t"
#: A merged range as (min_col, min_row, max_col, max_row), 1-based.
Bounds = tuple[int, int, int, int]


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


def open_workbook(path: str | Path, *, read_only: bool = False) -> Workbook:
    """Load a workbook for reading cached values; every failure names the file and what to do.

    A ``read_only`` workbook reads its sheets when they are iterated: close it after use.
    """
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
    with _readable(path):
        return load_workbook(path, read_only=read_only, data_only=True)


@contextmanager
def _readable(path: Path) -> Iterator[None]:
    """Turn openpyxl's failures to read the file into the WorkbookError a user can act on."""
    try:
        yield
    except _UNREADABLE as error:
        raise WorkbookError(f"{path.name} cannot be read as an Excel workbook ({error}); "
                            "open it in Excel, save it as .xlsx and try again") from None


def read_sheets(path: str | Path, names: list[str] | None) -> list[SheetGrid]:
    """The grids of the sheets named (case-insensitive), or of every sheet, in workbook order."""
    path = Path(path)
    book = open_workbook(path, read_only=True)
    try:
        sheets = chosen_sheets(book, names, path.name)
        with _readable(path):
            grids = [_streamed_grid(sheet) for sheet in sheets]
        if any(grid is None for grid in grids):
            full = open_workbook(path)
            grids = [grid or read_sheet(full[sheet.title]) for grid, sheet in zip(grids, sheets)]
    finally:
        book.close()
    return grids


def _percent_style(number_format: str) -> str | None:
    """'scaled' for a real percent format (0.85 shows 85%), 'points' for a literal "%"."""
    if "%" not in number_format:
        return None
    return "scaled" if "%" in _QUOTED.sub("", number_format) else "points"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell_value(cell) -> Any:
    value = cell.value
    return _value(value, _percent_style(cell.number_format or "") if _is_number(value) else None)


def _value(value: Any, style: str | None) -> Any:
    """A cell's value as the grid holds it, given its number's :func:`_percent_style` (None if not a number)."""
    if style is not None:
        if style == "scaled":
            return Percent(round(value * 100, 9))
        if style == "points":
            return Percent(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def read_sheet(sheet: Worksheet) -> SheetGrid:
    """A fully loaded sheet's values with merged ranges filled and empty edges trimmed."""
    rows = [[_cell_value(cell) for cell in row] for row in sheet.iter_rows()]
    merged = [(r.min_col, r.min_row, r.max_col, r.max_row) for r in sheet.merged_cells.ranges]
    return _grid(sheet.title, rows, merged, sheet.sheet_state != "visible")


def _streamed_grid(sheet: ReadOnlyWorksheet) -> SheetGrid | None:
    """What :func:`read_sheet` gives for ``sheet`` of a read-only workbook; None if only a full load can tell."""
    with sheet._get_source() as source:  # the sheet's XML, which read-only mode does not read for merges
        xml = source.read()
    tail = xml[max(xml.rfind(b"sheetData"), 0):]
    if _HYPERLINK.search(tail):
        return None
    rows = _streamed_values(sheet, xml)
    if not any(rows):  # a full load shows no rows (and so no merged ranges) on a sheet without cells
        return _grid(sheet.title, [], [], sheet.sheet_state != "visible")
    merged = [range_boundaries(ref.decode()) for ref in _MERGED_RANGE.findall(tail)]
    if _overlap(merged):
        return None
    return _grid(sheet.title, rows, merged, sheet.sheet_state != "visible")


def _streamed_values(sheet: ReadOnlyWorksheet, xml: bytes) -> list[list[Any]]:
    """``[[_cell_value(cell) for cell in row] for row in sheet.iter_rows()]`` after ``sheet.reset_dimensions()``
    (a stated size can be wrong; a full load ignores it too), without a cell object per value.

    The same parser read-only mode uses, over the XML already read, and the same row assembly: a missing
    row is empty, a row is as wide as its last cell, a repeated row number is skipped. The parser's
    arguments and the style tables are private openpyxl names: those its read-only worksheet and cells use.
    """
    book = sheet.parent
    parser = _ValuesParser(BytesIO(xml), sheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                             date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    percent = _PercentStyles(book)
    rows: list[list[Any]] = []
    for number, cells in parser.parse():
        while len(rows) < number - 1:
            rows.append([])
        if len(rows) >= number:
            continue
        width = cells[-1]["column"] if cells else 0
        values: list[Any] = [None] * width
        for cell in cells:
            column, value = cell["column"], cell["value"]
            if column <= width and value is not None:
                values[column - 1] = _value(value, percent[cell["style_id"]] if _is_number(value) else None)
        rows.append(values)
    return rows


class _ValuesParser(WorkSheetParser):
    """openpyxl's sheet parser, reading a plain inline string (one ``<t>`` in ``<is>``) straight from the XML.

    openpyxl builds a rich-text object per inline string (half the parse of a workbook that another tool
    wrote with inline strings) only to join its text back; for one ``<t>`` that text is the ``<t>``'s.
    The rest is ``WorkSheetParser.parse_cell``'s: with cached values only (``data_only``) a formula is not read.
    """

    def parse_cell(self, element):
        inline = element.find(_INLINE_STRING) if self.data_only and element.get("t") == "inlineStr" else None
        if inline is None or inline.attrib or len(inline) != 1 or inline[0].tag != _INLINE_TEXT:
            return super().parse_cell(element)  # rich text, or what openpyxl would refuse
        coordinate, style_id = element.get("r"), element.get("s", 0)
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        return {"row": row, "column": column, "value": inline[0].text or "", "data_type": "s",
                "style_id": int(style_id) if style_id else 0}


class _PercentStyles(dict):
    """Each cell style's :func:`_percent_style`, looked up once: style id -> 'scaled', 'points' or None."""

    def __init__(self, book: Workbook) -> None:
        super().__init__()
        self.book = book

    def __missing__(self, style_id: int) -> str | None:
        format_id = self.book._cell_styles[style_id].numFmtId
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            number_format = BUILTIN_FORMATS.get(format_id, "General")
        else:
            number_format = self.book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
        self[style_id] = style = _percent_style(number_format or "")
        return style


def _grid(name: str, rows: list[list[Any]], merged: list[Bounds], hidden: bool) -> SheetGrid:
    """Give every cell of a merged range its first cell's value (ranges in ``merged`` order, as a full
    load lists them) and trim empty edges; short rows are widened to the ranges first."""
    height = max([len(rows), *(bounds[3] for bounds in merged)])
    width = max([*map(len, rows), *(bounds[2] for bounds in merged)], default=0)
    rows = [row + [None] * (width - len(row)) for row in rows] + [[None] * width for _ in range(height - len(rows))]
    for bounds in merged:
        cells = _covered(bounds)
        top_row, top_column = next(cells)
        top = rows[top_row - 1][top_column - 1]
        for row, column in cells:
            rows[row - 1][column - 1] = top
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(row) if v is not None), default=0) for row in rows), default=0)
    return SheetGrid(name, [row[:width] for row in rows], hidden=hidden)


def _overlap(merged: list[Bounds]) -> bool:
    """Whether any cell is in two ranges (then the order a full load fills them in matters)."""
    seen: set[tuple[int, int]] = set()
    for bounds in merged:
        for cell in _covered(bounds):
            if cell in seen:
                return True
            seen.add(cell)
    return False


def _covered(bounds: Bounds) -> Iterator[tuple[int, int]]:
    """The (row, column) cells of a range, its top-left first."""
    min_col, min_row, max_col, max_row = bounds
    return ((row, column) for row in range(min_row, max_row + 1) for column in range(min_col, max_col + 1))


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
