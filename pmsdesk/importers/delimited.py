"""Reading a .csv (or tab-separated .txt/.tsv) export as a one-sheet workbook.

Financial systems and spreadsheets save these in whatever the office's settings say, so the
encoding and the delimiter are found from the file: UTF-8 (with or without the byte-order
mark Excel writes), UTF-16 with a byte-order mark (Excel's "Unicode text"), else
Windows-1252; and whichever of comma, semicolon (where the decimal mark is a comma), tab or
bar splits the most lines into the same number of fields. Cells stay text as typed: the
importers read '2 000' and '85%' from text anyway, and a reference like '007' keeps its zeros.
"""

from __future__ import annotations

import codecs
import csv
from collections import Counter
from io import StringIO
from pathlib import Path

from .grid import SheetGrid, make_grid
from .problems import WorkbookError

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_LINES = 60


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def delimiter_of(text: str) -> str:
    """The delimiter that splits the most sample lines into the same number (above one) of fields."""
    sample = text.splitlines()[:_SAMPLE_LINES]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        widths = Counter(len(row) for row in csv.reader(sample, delimiter=delimiter) if len(row) > 1)
        score = max((count for width, count in widths.items()), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_delimited(path: Path, names: list[str] | None) -> list[SheetGrid]:
    """The file as one sheet named after it (a name asked for must be that one, or 'Sheet1')."""
    try:
        text, _ = decode(path.read_bytes())
    except OSError as error:
        raise WorkbookError(f"{path.name} cannot be read ({error.strerror or error})") from None
    sheet = path.stem
    for name in names or ():
        if name.strip().lower() not in (sheet.lower(), "sheet1"):
            raise WorkbookError(f"{path.name} has no sheet named '{name}'; a CSV file has one sheet, '{sheet}'")
    try:
        rows = list(csv.reader(StringIO(text, newline=""), delimiter=delimiter_of(text)))
    except csv.Error as error:
        raise WorkbookError(f"{path.name} is not a readable CSV file ({error}); open it in Excel or LibreOffice "
                            "Calc, save it as .xlsx and import that") from None
    return [make_grid(sheet, rows)]
