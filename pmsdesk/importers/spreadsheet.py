"""Reading .xlsx, .xlsm, .xls and .ods files (and .xlsb, untested) through python-calamine's public API.

calamine reads cached values (a formula's last computed result, as Excel shows it), says
which sheets are hidden and, for Excel files, which cells are merged; :mod:`.layouts`,
:mod:`.sheet_marks` and :mod:`.ods_layout` add what it does not read (percent formats, hidden rows
and columns, formulas saved without a result, .ods merged ranges). The file is
opened by its content, not its name, so an old .xls saved with an .xlsx name still reads.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    SheetMetadata,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from .grid import Bounds, SheetGrid, column_label, make_grid
from .layouts import PercentCells, sheet_parts, xls_layouts, xlsx_extents, xlsx_percent_cells
from .ods_layout import OdsLayout, ods_layouts
from .problems import WorkbookError
from .sheet_marks import SheetMarks, xlsx_marks

#: What the caller found the file to be: an Office Open XML zip, an OpenDocument zip, or an OLE (.xls) file.
OOXML, ODS, XLS = "ooxml", "ods", "xls"
_ADVICE = {OOXML: "open it in Excel, save it as an Excel Workbook (.xlsx) and import it again",
           ODS: "open it in LibreOffice Calc, save it again as .ods (or .xlsx) and import it again",
           XLS: "if it asks for a password, remove the password in Excel; otherwise open it in Excel or "
                "LibreOffice Calc, save it as an Excel Workbook (.xlsx) and import that"}
#: Cells a sheet may span (rows × columns up to its last value): 50,000 rows of 100 columns.
MAX_CELLS = 5_000_000
_DESCRIPTION = {OOXML: "an Excel workbook", ODS: "an OpenDocument spreadsheet (.ods)",
                XLS: "an Excel 97-2003 workbook (.xls)"}


def read_spreadsheet(path: Path, kind: str, names: list[str] | None) -> list[SheetGrid]:
    """The grids of the worksheets named (case-insensitive), or of every worksheet, in workbook order."""
    with _readable(path, kind), path.open("rb") as handle:
        book = CalamineWorkbook.from_filelike(handle)
        with book:
            sheets = chosen_sheets([m for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet],
                                   names, path.name)
            if kind == OOXML:
                with zipfile.ZipFile(path) as archive:
                    extents = xlsx_extents(archive)
                for sheet in sheets:
                    _check_size(*extents.get(sheet.name, (0, 0)), sheet.name)
            percent, ods, marks = _layouts(path, kind)
            return [_grid(book, sheet, percent.get(sheet.name), ods.get(sheet.name), marks.get(sheet.name))
                    for sheet in sheets]


def _layouts(path: Path, kind: str) -> tuple[dict[str, PercentCells], dict[str, OdsLayout], dict[str, SheetMarks]]:
    """Percent cells and marks (Excel files) and .ods layouts: what calamine does not read."""
    if kind == OOXML:
        with zipfile.ZipFile(path) as archive:
            percent = xlsx_percent_cells(archive) if "xl/styles.xml" in archive.namelist() else {}
            return percent, {}, xlsx_marks(archive, sheet_parts(archive))
    if kind == ODS:
        with zipfile.ZipFile(path) as archive:
            return {}, ods_layouts(archive), {}
    percent, marks = xls_layouts(path)
    return percent, {}, marks


def _grid(book: CalamineWorkbook, metadata: SheetMetadata, percent: PercentCells | None,
          ods: OdsLayout | None, marks: SheetMarks | None) -> SheetGrid:
    sheet = book.get_sheet_by_name(metadata.name)
    if sheet.end is not None:
        _check_size(sheet.end[0] + 1, sheet.end[1] + 1, metadata.name)
    rows = sheet.to_python(skip_empty_area=False)
    if ods is not None:
        merged, percent, marks = ods.merged, ods.percent, ods.marks
    else:
        merged = [_bounds(start, end) for start, end in sheet.merged_cell_ranges or ()]
    hidden = metadata.visible != SheetVisibleEnum.Visible
    return make_grid(metadata.name, rows, merged=merged, hidden=hidden, percent=percent, marks=marks)


def _check_size(rows: int, columns: int, name: str) -> None:
    """Refuse a sheet whose last value is so far out that its grid would not fit in memory.

    calamine hands over every cell up to the last one with a value: a stray space typed in
    XFD1048576 would make 17 billion of them. A real plan is far below the limit.
    """
    if rows * columns > MAX_CELLS:
        last = f"{column_label(columns)}{rows}"
        raise WorkbookError(f"sheet '{name}' has a value as far out as cell {last}, which makes it too large "
                            f"to read; press Ctrl+End in the sheet to find it, delete the rows and columns beyond "
                            "the table, save and import again")


def _bounds(start: tuple[int, int], end: tuple[int, int]) -> Bounds:
    """calamine's 0-based ((row, column), (row, column)) as 1-based (min_col, min_row, max_col, max_row)."""
    return start[1] + 1, start[0] + 1, end[1] + 1, end[0] + 1


def chosen_sheets(sheets: list[SheetMetadata], names: list[str] | None, file_name: str) -> list[SheetMetadata]:
    """The sheets asked for (case-insensitive), or every sheet; an unknown name is an error."""
    if not names:
        return sheets
    by_name = {sheet.name.strip().lower(): sheet for sheet in sheets}
    chosen = []
    for name in names:
        sheet = by_name.get(name.strip().lower())
        if sheet is None:
            have = ", ".join(f"'{s.name}'" for s in sheets)
            raise WorkbookError(f"{file_name} has no sheet named '{name}'; it has {have}")
        chosen.append(sheet)
    return chosen


@contextmanager
def _readable(path: Path, kind: str) -> Iterator[None]:
    """Turn a reader's failure into the WorkbookError a user can act on."""
    try:
        yield
    except WorkbookError:
        raise
    except (CalamineError, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError) as error:
        # SyntaxError: xml.etree's ParseError, for a damaged part of the zip
        raise WorkbookError(f"{path.name} looks like {_DESCRIPTION[kind]} but cannot be read ({error}); "
                            f"{_ADVICE[kind]}") from None
