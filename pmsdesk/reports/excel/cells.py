"""What every exported sheet shares: safe text, title rows, header style, widths, lists, fills.

Text that begins with = + - or @ is written as a string cell with Excel's
quote prefix (what Excel itself stores when someone types '=…), so Excel
shows it and never runs it as a formula, and it reads back as the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.services.installation import demo_notice

FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
#: Traffic-light colours by the scoring rule sets' colour names.
LIGHTS = {"red": "F8696B", "orange": "FFB266", "amber": "FFD966", "yellow": "FFEB84", "green": "63BE7B",
          "dark_green": "00B050", "darkgreen": "00B050", "blue": "5B9BD5", "dark_blue": "2F5597", "grey": "D9D9D9",
          "gray": "D9D9D9"}
NUMBER_FORMAT = "#,##0.##"
MONEY_FORMAT = "#,##0.00"
PERCENT_POINTS_FORMAT = '0.##"%"'  # 85 shows as 85%; a literal %, so the importer reads 85 back
DATE_FORMAT = "yyyy-mm-dd"
LISTS_SHEET = "Lists"


def put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None):
    """Write one value; text that Excel would run as a formula is stored as quoted text."""
    cell = sheet.cell(row, column)
    if isinstance(value, datetime):
        value = value.date()
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif number_format and isinstance(value, (int, float)):
        cell.number_format = number_format
    return cell


def mark_if_demo(book: Workbook, session: Session) -> None:
    """A workbook made from a demo database says so on every sheet: in its first cell
    (before the title) and in the printed page header, and in the file's properties."""
    notice = demo_notice(session)
    if notice is None:
        return
    notice = _(notice)
    book.properties.title = notice
    book.properties.keywords = notice
    for sheet in book.worksheets:
        sheet.oddHeader.center.text = notice
        sheet.evenHeader.center.text = notice
        first = sheet.cell(1, 1)
        if sheet.sheet_state == "visible" and isinstance(first.value, str) and not first.value.startswith(notice):
            first.value = f"{notice} · {first.value}"


def title_rows(sheet: Worksheet, lines: Sequence[str], width: int) -> int:
    """Title lines merged across the table, then a blank row; returns the header row number."""
    for index, line in enumerate(lines, start=1):
        put(sheet, index, 1, line).font = TITLE_FONT if index == 1 else Font(italic=True)
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=max(width, 1))
    return len(lines) + 2


def header_row(sheet: Worksheet, row: int, headings: Sequence[str], widths: Sequence[float],
               freeze_column: int = 1) -> None:
    """Bold white-on-blue headings, column widths, an auto filter and panes frozen below the header."""
    for column, (heading, width) in enumerate(zip(headings, widths, strict=True), start=1):
        cell = put(sheet, row, column, heading)
        cell.fill, cell.font, cell.border = HEADER_FILL, HEADER_FONT, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row + 1, freeze_column + 1)
    sheet.auto_filter.ref = f"A{row}:{get_column_letter(len(headings))}{row}"


def body_style(sheet: Worksheet, first_row: int, last_row: int, width: int) -> None:
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=width):
        for cell in row:
            cell.border = BORDER
            cell.alignment = WRAP


def choice_list(book: Workbook, sheet: Worksheet, name: str, options: Iterable[str], column: int,
                first_row: int, last_row: int) -> None:
    """A drop-down on a column, its options kept on a hidden 'Lists' sheet (no 255-character limit)."""
    options = [str(option) for option in options]
    if not options:
        return
    lists = book[LISTS_SHEET] if LISTS_SHEET in book.sheetnames else book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_column = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value is not None else 1
    put(lists, 1, list_column, name)
    for index, option in enumerate(options, start=2):
        put(lists, index, list_column, option)
    letter = get_column_letter(list_column)
    source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(options) + 1}"
    validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                                errorTitle=name, error=f"Pick a {name.lower()} from the list")
    sheet.add_data_validation(validation)
    validation.add(f"{get_column_letter(column)}{first_row}:{get_column_letter(column)}{max(last_row, first_row)}")


def light_fill(colour: str | None) -> PatternFill | None:
    """A solid fill for a rule set's colour name (or a hex RGB); None when there is no colour."""
    if not colour:
        return None
    rgb = LIGHTS.get(colour.lower().replace(" ", "_"), colour.lstrip("#") if len(colour.lstrip("#")) == 6 else None)
    return PatternFill("solid", fgColor=rgb) if rgb else None
