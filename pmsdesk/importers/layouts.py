"""Which Excel cells show a percentage: the number formats python-calamine does not expose.

An SDBIP needs them: a target typed as 0.85 and shown as 85% is 85 percent, and the register
export writes percentages as points shown with a literal "%" (``0"%"``). So:

- :func:`xlsx_percent_cells`: the cells of an .xlsx/.xlsm sheet whose style shows a percentage
  (``xl/styles.xml`` and the sheet's ``<c s="…">``, read with the standard library); nothing is
  scanned when no style does.
- :func:`xls_layouts`: the same for an old .xls file, with its hidden rows and columns, through
  xlrd's public API (``formatting_info``), which reads the BIFF cell formats.

The .ods equivalent, with merged ranges, is :mod:`.ods_layout`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import xlrd

from .grid import PercentStyle, percent_style
from .sheet_marks import SheetMarks
from .sheet_marks import column_number as _column_number

_ANY = "{*}"  # the transitional and the strict (ISO 29500) namespaces alike
_BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}  # ECMA-376 part 1, 18.8.30: the built-in formats with a "%"
_ROW_OR_CELL = re.compile(rb"<(?:[\w.-]+:)?(row|c)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""\b(r|s)\s*=\s*["']([^"']*)["']""")
_REFERENCE = re.compile(rb"([A-Za-z]+)(\d+)")
_LAST_ROW = re.compile(rb"<(?:[\w.-]+:)?row\s[^>]*?\br\s*=\s*[\"'](\d+)")
_WIDE_REFERENCE = re.compile(rb"""(?:r="|r=')([A-Z]{2,3})\d""")  # a literal start: scanned at memchr speed
_UNPLACED_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])(?![^>]*\br\s*=)")

#: 1-based (row, column) → how the cell's number is shown.
PercentCells = dict[tuple[int, int], PercentStyle]


def xlsx_percent_cells(archive: zipfile.ZipFile) -> dict[str, PercentCells]:
    """Sheet name → its cells whose style shows a percentage (sheets without any are left out)."""
    styles = _percent_styles(archive)
    if not styles:
        return {}
    found = {}
    for name, part in sheet_parts(archive).items():
        cells = _styled_cells(archive.read(part), styles)
        if cells:
            found[name] = cells
    return found


def xlsx_extents(archive: zipfile.ZipFile) -> dict[str, tuple[int, int]]:
    """Sheet name → (last row, last column) its cells may reach, from the sheet XML and before calamine reads it:
    calamine allocates every cell up to the last one, and a value typed in XFD1048576 aborts the process.

    The last row is the last ``<row r="…">`` (rows come in order); the column is the widest reference of two or
    three letters, or Z.
    """
    extents = {}
    for name, part in sheet_parts(archive).items():
        xml = archive.read(part)
        last_row = _LAST_ROW.search(xml, max(xml.rfind(b"<row "), xml.rfind(b":row "), 0) - 20)
        wide = [_column_number(letters) for letters in set(_WIDE_REFERENCE.findall(xml))]
        extents[name] = (int(last_row[1]) if last_row else 0, max([26, *wide]))
    return extents


def _percent_styles(archive: zipfile.ZipFile) -> dict[bytes, PercentStyle]:
    """Cell style index (as written in ``s="…"``) → percent style, for the styles that show one."""
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return {}
    formats = dict(_BUILTIN_PERCENT)
    for number_format in root.iterfind(f".//{_ANY}numFmt"):
        formats[int(number_format.get("numFmtId", "0"))] = number_format.get("formatCode", "")
    cell_formats = root.find(f"{_ANY}cellXfs")
    styles = {}
    for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
        style = percent_style(formats.get(int(xf.get("numFmtId", "0")), ""))
        if style:
            styles[str(index).encode()] = style
    return styles


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its XML, as the workbook part and its relationships say."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {item.get("Id"): item.get("Target", "") for item in relations.iterfind(f".//{_ANY}Relationship")}
    parts, members = {}, set(archive.namelist())
    for sheet in workbook.iterfind(f".//{_ANY}sheet"):
        relation = next((value for key, value in sheet.attrib.items() if key.endswith("}id")), "")
        target = targets.get(relation, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part in members:
            parts[sheet.get("name", "")] = part
    return parts


def _styled_cells(xml: bytes, styles: dict[bytes, PercentStyle]) -> PercentCells:
    """The cells of a sheet's XML with one of ``styles``.

    Excel and openpyxl give every cell its reference (``r="C5"``): then only the cells with one of
    ``styles`` are looked at. Otherwise every row and cell is walked, a cell without ``r`` following
    the one before it.
    """
    if _UNPLACED_CELL.search(xml):
        return _walked_cells(xml, styles)
    ids = b"|".join(re.escape(style_id) for style_id in styles)
    styled = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?\bs\s*=\s*[\"'](?:" + ids + rb")[\"'][^>]*>")
    found: PercentCells = {}
    for tag in styled.findall(xml):
        attributes = dict(_ATTRIBUTE.findall(tag[tag.index(b" "):]))
        reference = _REFERENCE.fullmatch(attributes[b"r"])
        if reference is None:  # a cell without a plain reference such as B7: nothing to place
            continue
        found[(int(reference[2]), _column_number(reference[1]))] = styles[attributes[b"s"]]
    return found


def _walked_cells(xml: bytes, styles: dict[bytes, PercentStyle]) -> PercentCells:
    """:func:`_styled_cells` for a sheet with cells placed by order alone."""
    found: PercentCells = {}
    row = column = 0
    for tag, attributes in _ROW_OR_CELL.findall(xml):
        values = dict(_ATTRIBUTE.findall(attributes))
        if tag == b"row":
            row = int(values[b"r"]) if b"r" in values else row + 1
            column = 0
            continue
        reference = _REFERENCE.fullmatch(values.get(b"r", b""))
        column = _column_number(reference[1]) if reference else column + 1
        style = styles.get(values.get(b"s", b"0"))
        if style:
            found[(int(reference[2]) if reference else row, column)] = style
    return found


def xls_layouts(path: Path) -> tuple[dict[str, PercentCells], dict[str, SheetMarks]]:
    """Sheet name → its number cells whose format shows a percentage, and → its hidden rows and columns (a BIFF
    file always stores a formula's result, so it has no formulas to name); ({}, {}) when xlrd cannot tell:
    calamine has read the values, so the import goes on (and scales fractions in percentage KPIs)."""
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except (xlrd.XLRDError, ValueError, KeyError, IndexError, AssertionError, OSError):
        return {}, {}
    try:
        styles = {index: style for index, xf in enumerate(book.xf_list)
                  if (style := percent_style(book.format_map[xf.format_key].format_str
                                             if xf.format_key in book.format_map else ""))}
        percent, marks = {}, {}
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            cells = {(row + 1, column + 1): styles[sheet.cell_xf_index(row, column)]
                     for row in range(sheet.nrows) for column, kind in enumerate(sheet.row_types(row))
                     if kind == xlrd.XL_CELL_NUMBER and sheet.cell_xf_index(row, column) in styles} if styles else {}
            if cells:
                percent[name] = cells
            hidden = SheetMarks(hidden_rows={row + 1 for row, info in sheet.rowinfo_map.items() if info.hidden},
                                hidden_columns={column + 1 for column, info in sheet.colinfo_map.items()
                                                if info.hidden})
            if hidden:
                marks[name] = hidden
            book.unload_sheet(name)
        return percent, marks
    except (xlrd.XLRDError, ValueError, KeyError, IndexError, AssertionError):
        return {}, {}
    finally:
        book.release_resources()
