"""What python-calamine does not say about an .ods sheet, read from its ``content.xml``.

calamine gives an OpenDocument sheet's values and whether it is hidden, but not its merged
ranges nor which numbers are shown as percentages. LibreOffice writes both into ``content.xml``:

- merged ranges: ``table:number-columns-spanned`` / ``table:number-rows-spanned`` on a cell;
- percentages: ``office:value-type="percentage"`` (0.85 shown as 85%), or a float whose number
  style prints a literal "%" after it (85 shown as 85%, as Excel's ``0"%"`` is saved).

Read with the standard library's XML parser; nothing is parsed when neither is there.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from xml.etree import ElementTree

from .grid import Bounds, PercentStyle
from .sheet_marks import SheetMarks

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_NUMBER = "{urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}"
_CELLS = {f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"}
_LITERAL_PERCENT = re.compile(rb"<(?:[\w.-]+:)?text>[^<]*%")
_LARGEST_REPEAT = 10_000  # LibreOffice repeats empty cells to the sheet's edge; those hold no percentage


_NAMESPACE = re.compile(r"^[a-z]+:(?==)")  # 'of:=SUM([.F3:.F11])' as LibreOffice writes a formula
_HIDDEN = {"collapse", "filter"}  # table:visibility of a row or column hidden by hand or by a filter


@dataclass
class OdsLayout:
    """One .ods sheet's merged ranges and percentage cells (1-based (row, column) → style), and its marks:
    hidden rows and columns, formula cells saved without a result."""

    merged: list[Bounds] = field(default_factory=list)
    percent: dict[tuple[int, int], PercentStyle] = field(default_factory=dict)
    marks: SheetMarks = field(default_factory=SheetMarks)

    def __bool__(self) -> bool:
        return bool(self.merged or self.percent or self.marks)


def ods_layouts(archive: zipfile.ZipFile) -> dict[str, OdsLayout]:
    """Sheet name → its layout, for the sheets that have merged or percentage cells."""
    content = archive.read("content.xml")
    if b"spanned" not in content and b"percentage" not in content and b"visibility=" not in content and \
            b"formula=" not in content and not _LITERAL_PERCENT.search(content):
        return {}
    points = _points_styles(archive, content)
    layouts: dict[str, OdsLayout] = {}
    layout, row, column, row_repeat = OdsLayout(), 0, 0, 1
    defaults: list[str | None] = []  # each column's default cell style
    for event, element in ElementTree.iterparse(BytesIO(content), events=("start", "end")):
        tag = element.tag
        if tag == f"{_TABLE}table":
            if event == "start":
                layout, row, defaults = OdsLayout(), 0, []
            else:
                if layout:
                    layouts[element.get(f"{_TABLE}name", "")] = layout
                element.clear()
        elif tag == f"{_TABLE}table-column" and event == "start":
            repeat = min(int(element.get(f"{_TABLE}number-columns-repeated", "1")), _LARGEST_REPEAT)
            if element.get(f"{_TABLE}visibility") in _HIDDEN:
                layout.marks.hidden_columns.update(range(len(defaults) + 1, len(defaults) + repeat + 1))
            defaults.extend([element.get(f"{_TABLE}default-cell-style-name")] * repeat)
        elif tag == f"{_TABLE}table-row":
            if event == "start":
                row_repeat, column = int(element.get(f"{_TABLE}number-rows-repeated", "1")), 0
                if element.get(f"{_TABLE}visibility") in _HIDDEN and row_repeat <= _LARGEST_REPEAT:
                    layout.marks.hidden_rows.update(range(row + 1, row + row_repeat + 1))
            else:
                row += row_repeat
                element.clear()
        elif tag in _CELLS and event == "start":
            repeat = int(element.get(f"{_TABLE}number-columns-repeated", "1"))
            style = element.get(f"{_TABLE}style-name") or (defaults[column] if column < len(defaults) else None)
            _place_cell(layout, element, row + 1, column + 1, (repeat, row_repeat), style in points)
            column += repeat
    return layouts


def _place_cell(layout: OdsLayout, cell: ElementTree.Element, row: int, column: int, repeats: tuple[int, int],
                shows_points: bool) -> None:
    """Note a cell's span and percentage at 1-based ``row``/``column``, repeated (across, down) times."""
    across = int(cell.get(f"{_TABLE}number-columns-spanned", "1"))
    down = int(cell.get(f"{_TABLE}number-rows-spanned", "1"))
    if across > 1 or down > 1:
        layout.merged.append((column, row, column + across - 1, row + down - 1))
    kind = cell.get(f"{_OFFICE}value-type")
    formula = cell.get(f"{_TABLE}formula")
    if formula and (kind is None or (kind not in ("string", "boolean") and not any(
            cell.get(f"{_OFFICE}{name}") for name in ("value", "date-value", "time-value")))):
        layout.marks.formulas[(row, column)] = "=" + _NAMESPACE.sub("", formula).lstrip("=")
    style = "scaled" if kind == "percentage" else "points" if kind == "float" and shows_points else None
    if style and repeats[0] * repeats[1] <= _LARGEST_REPEAT:
        for down_by in range(repeats[1]):
            for across_by in range(repeats[0]):
                layout.percent[(row + down_by, column + across_by)] = style


def _points_styles(archive: zipfile.ZipFile, content: bytes) -> set[str | None]:
    """Cell styles whose number style prints a literal "%" after a plain number (Excel's ``0"%"``)."""
    if not _LITERAL_PERCENT.search(content):
        return set()
    roots = [ElementTree.fromstring(content)]
    if "styles.xml" in archive.namelist():
        roots.append(ElementTree.fromstring(archive.read("styles.xml")))
    number_styles = {style.get(f"{_STYLE}name") for root in roots for style in root.iter(f"{_NUMBER}number-style")
                     if any("%" in (text.text or "") for text in style.iter(f"{_NUMBER}text"))}
    return {style.get(f"{_STYLE}name") for root in roots for style in root.iter(f"{_STYLE}style")
            if style.get(f"{_STYLE}data-style-name") in number_styles}
