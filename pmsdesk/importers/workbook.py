"""Opening any workbook an official has — .xlsx, .xlsm, .xls, .ods, .csv — as plain grids.

Every import of a workbook (SDBIP, actuals template, KPI register re-import, staff list)
reads through :func:`read_sheets`, so every format gets the same grid (see :mod:`.grid`) and
the same per-cell messages. The file is recognised by its content: an old .xls saved with an
.xlsx name reads as what it is, while a file whose name promises a workbook but that holds a
web page, a CSV text or something else gets a message naming the file and what to do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .delimited import decode, read_delimited
from .grid import Percent, SheetGrid, column_label
from .problems import WorkbookError
from .spreadsheet import ODS, OOXML, XLS, read_spreadsheet

__all__ = [
    "FILE_DIALOG_FILTER",
    "WORKBOOK_SUFFIXES",
    "Percent",
    "SheetGrid",
    "column_label",
    "file_kind",
    "read_sheets",
    "read_workbook",
]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TEXT = "text"
#: Names an official's file may have; the file dialogs offer these.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
FILE_DIALOG_FILTER = (f"Workbooks ({' '.join('*' + suffix for suffix in WORKBOOK_SUFFIXES)});;"
                      "Excel workbooks (*.xlsx *.xlsm *.xls);;OpenDocument spreadsheets (*.ods);;"
                      f"CSV files ({' '.join('*' + suffix for suffix in TEXT_SUFFIXES)});;All files (*)")
_SAVE_AS_XLSX = "open it in Excel or LibreOffice Calc, save it as an Excel Workbook (.xlsx) and import that"


def read_sheets(path: str | Path, names: list[str] | None) -> list[SheetGrid]:
    """The grids of the sheets named (case-insensitive), or of every sheet, in workbook order.

    Raises WorkbookError, naming the file and what to do, when the file is missing, not a
    workbook, damaged, or has no sheet of a name asked for.
    """
    path = Path(path)
    kind = file_kind(path)
    if kind == TEXT:
        return read_delimited(path, names)
    return read_spreadsheet(path, kind, names)


def read_workbook(path: str | Path) -> dict[str, SheetGrid]:
    """Every sheet of the workbook by name, for an import that looks for sheets of its own (the templates)."""
    return {grid.name: grid for grid in read_sheets(path, None)}


def file_kind(path: Path) -> str:
    """What the file really is: OOXML, ODS, XLS or TEXT; WorkbookError with advice for anything else."""
    if not path.is_file():
        raise WorkbookError(f"{path}: no such file")
    try:
        with path.open("rb") as handle:
            start = handle.read(4096)
    except OSError as error:
        raise WorkbookError(f"{path.name} cannot be opened ({error.strerror or error})") from None
    if not start:
        raise WorkbookError(f"{path.name} is empty (0 bytes); ask for the file again")
    if start.startswith(OLE_MAGIC):
        return XLS
    if start.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    return _text_kind(path, start)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in members else b""
    except (zipfile.BadZipFile, OSError, KeyError) as error:
        raise WorkbookError(f"{path.name} is a damaged zip file ({error}), not a workbook that can be read; "
                            f"ask for the file again, or {_SAVE_AS_XLSX}") from None
    if "xl/workbook.xml" in members or "xl/workbook.bin" in members:
        return OOXML
    if mimetype == b"application/vnd.oasis.opendocument.spreadsheet" or (
            "content.xml" in members and not mimetype):
        return ODS
    what = {"word/document.xml": "a Word document", "ppt/presentation.xml": "a PowerPoint presentation"}
    found = next((name for member, name in what.items() if member in members),
                 "an OpenDocument text or drawing" if mimetype.startswith(b"application/vnd.oasis") else
                 "a zip archive")
    raise WorkbookError(f"{path.name} is {found}, not a spreadsheet; ask for the workbook itself "
                        "(.xlsx, .xls, .ods or .csv)")


def _text_kind(path: Path, start: bytes) -> str:
    """TEXT for a delimited text file named like one; advice for a text file that only pretends to be a workbook."""
    head = start.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\0").lower()
    suffix = path.suffix.lower()
    if head.startswith(b"%pdf"):
        raise WorkbookError(f"{path.name} is a PDF document, not a spreadsheet; ask for the workbook itself "
                            "(.xlsx, .xls, .ods or .csv)")
    if head.startswith(b"<"):
        text = head.replace(b"\0", b"")
        if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
            raise WorkbookError(f"{path.name} is an Excel 2003 XML spreadsheet with a {suffix or 'different'} "
                                f"name, which pmsdesk cannot read; {_SAVE_AS_XLSX}")
        if b"<html" in text or b"<table" in text or b"<!doctype html" in text:
            raise WorkbookError(f"{path.name} is a web page (HTML), not a real {suffix or 'spreadsheet'} file, as some "
                                f"financial systems save their tables; {_SAVE_AS_XLSX}")
    if not _is_text(start):
        raise WorkbookError(f"{path.name} is not a spreadsheet pmsdesk can read (.xlsx, .xlsm, .xls, .ods or .csv); "
                            f"{_SAVE_AS_XLSX}")
    if suffix not in TEXT_SUFFIXES:
        named = f"{path.stem}.csv"
        raise WorkbookError(f"{path.name} is a text (CSV) file with a {suffix or 'missing'} extension, not a "
                            f"workbook; rename it to {named} and import that, or {_SAVE_AS_XLSX}")
    return TEXT


def _is_text(start: bytes) -> bool:
    """Whether the first bytes of a file read as text (UTF-16 only with its byte-order mark)."""
    text, encoding = decode(start)
    if encoding == "utf-16":
        text = text.lstrip("\ufeff")
    elif b"\0" in start:
        return False
    return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text)
