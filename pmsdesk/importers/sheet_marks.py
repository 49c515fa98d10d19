"""What a sheet hides, and formulas saved without a result: what python-calamine does not say.

calamine hands over every cell's value (a formula's saved result) but not whether a row or
column is hidden, nor whether a formula cell has no saved result at all: a workbook written by a
program that does not calculate (a script, some web exports) stores ``=SUM(F3:F11)`` with no
value, and calamine reads it as an empty cell — a KPI's target would silently become "no target".

- .xlsx/.xlsm: :func:`xlsx_marks` reads ``<col hidden>``, ``<row hidden>`` and ``<c><f>`` without a
  ``<v>`` from the sheet XML (standard library; nothing is scanned in a sheet without them).
- .xls: :func:`.layouts.xls_layouts` reads hidden rows and columns through xlrd's public API. A
  BIFF file always stores a formula's result with the formula, so there is nothing to find there.
- .ods: :mod:`.ods_layout` reads ``table:visibility`` and ``table:formula`` without a value.
- .csv: nothing is hidden and a formula is only text.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html import unescape

_ATTRIBUTES = re.compile(rb"""([\w:.-]+)\s*=\s*["']([^"']*)["']""")
_COL = re.compile(rb"<(?:[\w.-]+:)?col\s([^>]*)>")
_ROW = re.compile(rb"<(?:[\w.-]+:)?row\s([^>]*)>")
_HAS_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_FORMULA_TAGS = (b"</f>", b"<f ", b":f>", b":f ")  # every formula tag has one: <f>…</f>, <f t="shared"/>
_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s/>])([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)", re.DOTALL)
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f(?=[\s/>])[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?=[\s/>])[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?v>)", re.DOTALL)
_REFERENCE = re.compile(rb"([A-Za-z]+)(\d+)")
_TRUE = {b"1", b"true"}
_LARGEST_SPAN = 16_384  # a <col> may span to the sheet's edge: the columns past any value do not matter


@dataclass
class SheetMarks:
    """One sheet's hidden rows and columns (1-based) and its formula cells without a saved result."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    #: (row, column) → the formula as written ('=SUM(F3:F11)').
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.hidden_rows or self.hidden_columns or self.formulas)


def xlsx_marks(archive: zipfile.ZipFile, parts: dict[str, str]) -> dict[str, SheetMarks]:
    """Sheet name → its marks, for the sheets (name → zip member) that have any."""
    found = {}
    for name, part in parts.items():
        marks = sheet_xml_marks(archive.read(part))
        if marks:
            found[name] = marks
    return found


def sheet_xml_marks(xml: bytes) -> SheetMarks:
    marks = SheetMarks()
    if b"hidden" in xml:
        for attributes in _COL.findall(xml):
            values = dict(_ATTRIBUTES.findall(attributes))
            if values.get(b"hidden") in _TRUE:
                first = int(values.get(b"min", b"1"))
                last = min(int(values.get(b"max", first)), first + _LARGEST_SPAN)
                marks.hidden_columns.update(range(first, last + 1))
        for attributes in _ROW.findall(xml):
            values = dict(_ATTRIBUTES.findall(attributes))
            if values.get(b"hidden") in _TRUE and b"r" in values:
                marks.hidden_rows.add(int(values[b"r"]))
    if any(tag in xml for tag in _FORMULA_TAGS) and _HAS_FORMULA.search(xml):  # plain finds first: they are fast
        marks.formulas = _uncached_formulas(xml)
    return marks


def _uncached_formulas(xml: bytes) -> dict[tuple[int, int], str]:
    """Formula cells with no ``<v>``, or an empty one that is not a saved empty text (``t="str"``)."""
    found = {}
    for attributes, body in _CELL.findall(xml):
        if not body or not _HAS_FORMULA.search(body):
            continue
        formula = _FORMULA.search(body)
        value = _VALUE.search(body)
        values = dict(_ATTRIBUTES.findall(attributes))
        if value is not None and (value[1] or values.get(b"t") == b"str"):
            continue
        reference = _REFERENCE.fullmatch(values.get(b"r", b""))
        if reference is None:
            continue  # a cell placed by order alone: no writer that leaves results out writes those
        text = unescape((formula[1] or b"").decode("utf-8", "replace")) if formula else ""
        found[(int(reference[2]), column_number(reference[1]))] = f"={text}" if text else "a shared formula"
    return found


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
