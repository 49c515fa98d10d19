"""Streamed sheets read exactly as a full load of the workbook reads them."""

from __future__ import annotations

import re
import zipfile
from datetime import date

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from pmsdesk.importers.workbook import Percent, read_sheet, read_sheets


def _full_load(path) -> list:
    return [read_sheet(sheet) for sheet in load_workbook(path, data_only=True).worksheets]


def _typed(grids) -> list:
    """Grids with each value's type, so 85.0 and Percent(85.0) differ."""
    return [(grid.name, grid.hidden, [[(type(v), v) for v in row] for row in grid.rows]) for grid in grids]


def _patch_sheet_xml(path, replace: dict[bytes, bytes]) -> None:
    """Rewrite the first sheet's XML (what Excel can write but openpyxl cannot); keys are patterns."""
    with zipfile.ZipFile(path) as source:
        parts = {item: source.read(item.filename) for item in source.infolist()}
    with zipfile.ZipFile(path, "w") as target:
        for item, data in parts.items():
            if item.filename == "xl/worksheets/sheet1.xml":
                for pattern, new in replace.items():
                    data, found = re.subn(pattern, new, data)
                    assert found == 1, pattern
            target.writestr(item, data)


def test_merged_cells_percentages_and_edges_read_as_a_full_load_reads_them(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "SDBIP"
    sheet.append(["MUNICIPALITY SDBIP"])
    sheet.append([])
    sheet.append(["Directorate", "Ref", "KPI", "Q1", "Q2", "Q3"])
    sheet.append(["KPA 1: Basic Service Delivery"])
    sheet.merge_cells("A4:F4")  # a heading merged across
    sheet.append(["Technical", "TS01", "Water", 0.85, 12, date(2025, 9, 30)])
    sheet["D5"].number_format = "0%"
    sheet["E5"].number_format = '0"%"'
    sheet.append([None, "TS02", "Roads", "  ", "-", 3])
    sheet.append([None, "TS03", "Sewer", 1, 2, 3])
    sheet.merge_cells("A5:A7")  # a directorate merged down
    sheet.merge_cells("H9:I12")  # a range below and right of every value
    sheet["H9"] = "note"
    sheet["K20"].font = Font(bold=True)  # a styled empty cell far out
    hidden = book.create_sheet("Old")
    hidden.sheet_state = "hidden"
    hidden.append([1, 2])
    book.create_sheet("Empty").merge_cells("A1:C3")
    path = tmp_path / "sdbip.xlsx"
    book.save(path)

    grids = read_sheets(path, None)

    assert _typed(grids) == _typed(_full_load(path))
    assert grids[0].rows[3] == ["KPA 1: Basic Service Delivery"] * 6 + [None] * 3
    assert [row[0] for row in grids[0].rows[4:7]] == ["Technical"] * 3
    assert grids[0].value(5, 4) == Percent(85.0) and type(grids[0].value(5, 5)) is Percent
    assert grids[0].value(12, 9) == "note" and len(grids[0].rows) == 12
    assert (grids[1].hidden, grids[2].rows) == (True, [])


def test_a_wrong_stated_size_and_overlapping_ranges_read_as_a_full_load_reads_them(tmp_path):
    book = Workbook()
    sheet = book.active
    for row in (["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"], ["j", "k", "l"]):
        sheet.append(row)
    sheet.merge_cells("A1:B2")
    sheet.merge_cells("C3:C4")
    path = tmp_path / "odd.xlsx"
    book.save(path)
    _patch_sheet_xml(path, {rb'<dimension ref="A1:C4"\s*/>': b'<dimension ref="A1"/>',
                            rb"<mergeCells.*</mergeCells>":  # B2:C3 first: A1:B2 then empties its first cell
                                b'<mergeCells count="2"><mergeCell ref="B2:C3"/><mergeCell ref="A1:B2"/></mergeCells>'})

    assert _typed(read_sheets(path, None)) == _typed(_full_load(path))
    assert read_sheets(path, None)[0].rows[3][:2] == ["j", "k"]  # below the stated size


def test_a_sheet_with_hyperlinks_shows_an_empty_linked_cell_as_its_link(tmp_path):
    book = Workbook()
    book.active.append(["KPI", "Evidence"])
    book.active.append(["Water", None, "x"])
    path = tmp_path / "links.xlsx"
    book.save(path)
    _patch_sheet_xml(path, {rb"</sheetData>": b'</sheetData><hyperlinks><hyperlink ref="B2" location="Sheet!A1"/>'
                                             b"</hyperlinks>"})

    grids = read_sheets(path, None)

    assert grids[0].value(2, 2) == "Sheet!A1"
    assert _typed(grids) == _typed(_full_load(path))


def test_only_the_sheets_named_are_read(tmp_path):
    book = Workbook()
    book.active.title = "Finance"
    book.active.append(["F"])
    book.create_sheet("Technical").append(["T"])
    path = tmp_path / "two.xlsx"
    book.save(path)

    assert [(grid.name, grid.rows) for grid in read_sheets(path, ["technical"])] == [("Technical", [["T"]])]


def test_inline_strings_plain_rich_empty_and_without_references_read_as_a_full_load_reads_them(tmp_path):
    book = Workbook()
    book.active.append(["Ref", "KPI", "Unit", "Note"])
    book.active.append(["TS01", "Water", "km", "x"])
    book.active.append(["TS02", "Roads", "m", 0.5])
    book.active["D3"].number_format = "0%"
    path = tmp_path / "inline.xlsx"
    book.save(path)
    _patch_sheet_xml(path, {
        rb'<c r="B2" t="inlineStr"><is><t>Water</t></is></c>':  # rich text: runs, one of them bold
            b'<c r="B2" t="inlineStr"><is><r><t>Wa</t></r><r><rPr><b/></rPr><t xml:space="preserve">ter </t>'
            b'</r></is></c>',
        rb'<c r="C2" t="inlineStr"><is><t>km</t></is></c>': b'<c r="C2" t="inlineStr"><is><t/></is></c>',
        rb'<c r="A3" t="inlineStr"><is><t>TS02</t></is></c>':
            b'<c r="A3" t="inlineStr"><is><t xml:space="preserve"> TS02 </t><phoneticPr fontId="1"/></is></c>',
        rb'<row r="1">.*?</row>':  # cells placed by order alone, no r="A1"
            b'<row r="1"><c t="inlineStr"><is><t>Ref</t></is></c><c t="inlineStr" s="1"><is><t>KPI</t></is>'
            b'</c><c t="str"><v>Unit</v></c><c t="inlineStr"><is><t xml:space="preserve"> Note </t></is></c></row>',
    })

    grids = read_sheets(path, None)

    assert _typed(grids) == _typed(_full_load(path))
    assert grids[0].rows == [["Ref", "KPI", "Unit", " Note "], ["TS01", "Water ", None, "x"],
                             [" TS02 ", "Roads", "m", Percent(50.0)]]
