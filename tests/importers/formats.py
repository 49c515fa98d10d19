"""One workbook written as .xlsx (openpyxl), .xls (xlwt), .ods (its XML written here) or .csv.

A :class:`Book` is the cells, merged ranges, number formats, hidden sheets, rows and columns, and
formulas saved without a result (:class:`Formula`, .xlsx and .ods only) a test means;
:func:`save` writes it in the format the file name asks for, as Excel or LibreOffice would
save it: a CSV holds only the first sheet, a merged range's value only in its first cell.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import xlwt
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

#: (min_row, min_col, max_row, max_col), 1-based.
Range = tuple[int, int, int, int]
FORMATS = ("xlsx", "xls", "ods", "csv")


@dataclass
class Sheet:
    title: str
    rows: list[list[Any]] = field(default_factory=list)
    merged: list[Range] = field(default_factory=list)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → number format
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)  # 1-based
    hidden_columns: set[int] = field(default_factory=set)

    @property
    def max_row(self) -> int:
        return len(self.rows)

    def append(self, values: list[Any]) -> None:
        self.rows.append(list(values))

    def cell(self, row: int, column: int, value: Any) -> None:
        while len(self.rows) < row:
            self.rows.append([])
        cells = self.rows[row - 1]
        cells.extend([None] * (column - len(cells)))
        cells[column - 1] = value

    def merge(self, min_row: int, min_col: int, max_row: int, max_col: int) -> None:
        self.merged.append((min_row, min_col, max_row, max_col))


@dataclass(frozen=True)
class Formula:
    """A formula cell saved with no result, as a program that does not calculate writes it ('=SUM(F3:F5)')."""

    text: str


@dataclass
class Book:
    sheets: list[Sheet] = field(default_factory=list)

    def sheet(self, title: str) -> Sheet:
        self.sheets.append(Sheet(title))
        return self.sheets[-1]


def save(book: Book, path: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write ``book`` in the format of ``path``'s suffix (``encoding``/``delimiter`` for a CSV)."""
    writer = {".xlsx": _xlsx, ".xls": _xls, ".ods": _ods}.get(path.suffix.lower())
    if writer:
        writer(book, path)
    else:
        _csv(book.sheets[0], path, encoding, delimiter)
    return path


def _xlsx(book: Book, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in book.sheets:
        sheet = workbook.create_sheet(spec.title)
        for row in spec.rows:
            sheet.append([value.text if isinstance(value, Formula) else value for value in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=False) \
                    if any(isinstance(v, str) and v.startswith("=") for v in row) else ():
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, as pmsdesk's exports write it, not a formula
        for row in spec.hidden_rows:
            sheet.row_dimensions[row].hidden = True
        for column in spec.hidden_columns:
            sheet.column_dimensions[get_column_letter(column)].hidden = True
        for (row, column), number_format in spec.formats.items():
            sheet.cell(row, column).number_format = number_format
        for min_row, min_col, max_row, max_col in spec.merged:
            sheet.merge_cells(start_row=min_row, start_column=min_col, end_row=max_row, end_column=max_col)
        sheet.sheet_state = "hidden" if spec.hidden else "visible"
    workbook.save(path)


def _xls(book: Book, path: Path) -> None:
    workbook = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    styles: dict[str, xlwt.XFStyle] = {}  # one per format: a file holds at most 4,094
    for spec in book.sheets:
        sheet = workbook.add_sheet(spec.title[:31])
        sheet.visibility = 1 if spec.hidden else 0
        for row in spec.hidden_rows:
            sheet.row(row - 1).hidden = True
        for column in spec.hidden_columns:
            sheet.col(column - 1).hidden = True
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                style = dates if isinstance(value, (date, datetime)) else xlwt.Style.default_style
                if (r, c) in spec.formats:
                    style = styles.setdefault(spec.formats[r, c], xlwt.easyxf(num_format_str=spec.formats[r, c]))
                sheet.write(r - 1, c - 1, value, style)
        for min_row, min_col, max_row, max_col in spec.merged:
            sheet.merge(min_row - 1, max_row - 1, min_col - 1, max_col - 1)
    workbook.save(str(path))


def _csv(sheet: Sheet, path: Path, encoding: str, delimiter: str) -> None:
    """As Excel saves a sheet as CSV: each cell as shown, so 0.85 formatted 0% is '85%'."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for r, row in enumerate(sheet.rows, start=1):
            writer.writerow(["" if value is None else csv_text(value, sheet.formats.get((r, c), ""))
                             for c, value in enumerate(row, start=1)])


def csv_text(value: Any, number_format: str = "") -> str:
    if number_format in ("0%", "0.0%", "0.00%") and isinstance(value, (int, float)):
        return f"{round(value * 100, 6):g}%"
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)


_ODS_NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
                   'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                   'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                   'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2"')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
             'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
             '<manifest:file-entry manifest:full-path="/" '
             'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')


def _ods(book: Book, path: Path) -> None:
    """The OpenDocument parts LibreOffice reads: mimetype first and stored, a manifest, the content."""
    styles = ('<office:automatic-styles><style:style style:name="shown" style:family="table">'
              '<style:table-properties table:display="true"/></style:style>'
              '<style:style style:name="hidden" style:family="table">'
              '<style:table-properties table:display="false"/></style:style>'
              # Excel's 0"%" as LibreOffice saves it: a number style printing a literal "%" after the number
              '<number:number-style style:name="N-points"><number:number number:decimal-places="0" '
              'number:min-integer-digits="1"/><number:text>%</number:text></number:number-style>'
              '<style:style style:name="points" style:family="table-cell" style:data-style-name="N-points"/>'
              '</office:automatic-styles>')
    tables = "".join(_ods_table(sheet) for sheet in book.sheets)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NAMESPACES}>{styles}'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
        archive.writestr("content.xml", content)


def _ods_table(sheet: Sheet) -> str:
    spans = {(r, c): (r2 - r + 1, c2 - c + 1) for r, c, r2, c2 in sheet.merged}
    covered = {(row, column) for r, c, r2, c2 in sheet.merged for row in range(r, r2 + 1)
               for column in range(c, c2 + 1)} - set(spans)
    width = max([len(row) for row in sheet.rows] + [c2 for *_, c2 in sheet.merged], default=0)
    height = max([len(sheet.rows)] + [r2 for _, _, r2, _ in sheet.merged])
    rows = []
    for r in range(1, height + 1):
        values = sheet.rows[r - 1] if r <= len(sheet.rows) else []
        cells = []
        for c in range(1, width + 1):
            value = values[c - 1] if c <= len(values) else None
            tag = "table:covered-table-cell" if (r, c) in covered else "table:table-cell"
            attributes = _ods_value(value, sheet.formats.get((r, c), ""))
            if isinstance(value, Formula):
                attributes, value = f" table:formula={quoteattr('of:' + value.text)}", None
            if (r, c) in spans:
                down, across = spans[r, c]
                attributes += (f' table:number-columns-spanned="{across}" table:number-rows-spanned="{down}"')
            text = "" if value is None else f"<text:p>{_escape(_ods_text(value))}</text:p>"
            cells.append(f"<{tag}{attributes}>{text}</{tag}>")
        shown = ' table:visibility="collapse"' if r in sheet.hidden_rows else ""
        rows.append(f"<table:table-row{shown}>{''.join(cells)}</table:table-row>")
    style = "hidden" if sheet.hidden else "shown"
    columns = "".join('<table:table-column table:visibility="collapse"/>' if c in sheet.hidden_columns
                      else "<table:table-column/>" for c in range(1, width + 1))
    return (f'<table:table table:name={quoteattr(sheet.title)} table:style-name="{style}">{columns}'
            f'{"".join(rows)}</table:table>')


def _ods_value(value: Any, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f' office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    if isinstance(value, (int, float)):
        if '"%"' in number_format:
            return f' office:value-type="float" office:value="{value!r}" table:style-name="points"'
        kind = "percentage" if number_format.endswith("%") else "float"
        return f' office:value-type="{kind}" office:value="{value!r}"'
    if isinstance(value, (date, datetime)):
        return f' office:value-type="date" office:date-value="{value.isoformat()}"'
    return ' office:value-type="string"'


def _ods_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)


def _escape(text: str) -> str:
    """XML text with every space as ``<text:s/>``: ODF collapses plain runs of spaces, as HTML does."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(" ", "<text:s/>")


def book_from_xlsx(path: Path) -> Book:
    """What openpyxl reads from an .xlsx (cached values, merged ranges, number formats, hidden sheets) as a Book:
    a workbook pmsdesk exported, as LibreOffice would carry it into a Save As .ods or .xls."""
    workbook = load_workbook(path, data_only=True)
    book = Book()
    for sheet in workbook.worksheets:
        spec = book.sheet(sheet.title)
        spec.hidden = sheet.sheet_state != "visible"
        for row in sheet.iter_rows():
            spec.append([cell.value for cell in row])
            spec.formats.update({(cell.row, cell.column): cell.number_format for cell in row
                                 if cell.value is not None and cell.number_format != "General"})
        spec.merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
    return book
