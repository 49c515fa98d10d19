"""Every format reads to the same grid: merged cells filled, percentages, hidden sheets, cached formula values."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pmsdesk.importers.grid import make_grid
from pmsdesk.importers.problems import WorkbookError
from pmsdesk.importers.workbook import Percent, read_sheets, read_workbook

from .formats import Book, csv_text, save


def _typed(grids) -> list:
    """Grids with each value's type, so 85.0 and Percent(85.0) differ."""
    return [(grid.name, grid.hidden, [[(type(v), v) for v in row] for row in grid.rows]) for grid in grids]


def _sdbip_book() -> Book:
    book = Book()
    sheet = book.sheet("SDBIP")
    sheet.append(["MUNICIPALITY SDBIP"])
    sheet.append([])
    sheet.append(["Directorate", "Ref", "KPI", "Q1", "Q2", "Q3"])
    sheet.append(["KPA 1: Basic Service Delivery"])
    sheet.merge(4, 1, 4, 6)  # a heading merged across
    sheet.append(["Technical", "TS01", "Water", 0.85, 12, date(2025, 9, 30)])
    sheet.formats[5, 4] = "0%"
    sheet.append([None, "TS02", "Roads", "  ", "-", 3])
    sheet.append([None, "TS03", "Sewer", 1, 2.5, 3])
    sheet.merge(5, 1, 7, 1)  # a directorate merged down
    sheet.cell(9, 8, "note")
    sheet.merge(9, 8, 12, 9)  # a range below and right of every value
    old = book.sheet("Old")
    old.hidden = True
    old.append([1, 2])
    book.sheet("Empty").merge(1, 1, 3, 3)
    return book


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_merged_cells_percentages_hidden_sheets_and_edges_read_alike_in_every_format(tmp_path, suffix):
    grids = read_sheets(save(_sdbip_book(), tmp_path / f"sdbip.{suffix}"), None)

    sdbip = grids[0].rows
    assert sdbip[3] == ["KPA 1: Basic Service Delivery"] * 6 + [None] * 3
    assert [row[0] for row in sdbip[4:7]] == ["Technical"] * 3
    assert sdbip[4][1:6] == ["TS01", "Water", Percent(85.0), 12, date(2025, 9, 30)]
    assert type(sdbip[4][4]) is int and sdbip[5][3] is None and sdbip[6][4] == 2.5
    assert grids[0].value(12, 9) == "note" and len(sdbip) == 12
    assert [(g.name, g.hidden) for g in grids] == [("SDBIP", False), ("Old", True), ("Empty", False)]
    assert grids[1].rows == [[1, 2]] and grids[2].rows == [] and type(sdbip[4][3]) is Percent


def _patch(path, part: str, replace: dict[bytes, bytes]) -> None:
    """Rewrite one part of a zip (what Excel or LibreOffice write but the test writers do not); keys are patterns."""
    with zipfile.ZipFile(path) as source:
        parts = {item: source.read(item.filename) for item in source.infolist()}
    with zipfile.ZipFile(path, "w") as target:
        for item, data in parts.items():
            if item.filename == part:
                for pattern, new in replace.items():
                    data, found = re.subn(pattern, new, data)
                    assert found == 1, pattern
            target.writestr(item, data)


def test_a_formula_reads_as_the_value_excel_last_computed(tmp_path):
    book = Book()
    book.sheet("SDBIP").append(["Annual", 400, 0])
    path = save(book, tmp_path / "formula.xlsx")
    _patch(path, "xl/worksheets/sheet1.xml", {rb'<c r="C1" t="n"><v>0</v></c>':
                                              b'<c r="C1" s="0"><f>B1*0.25</f><v>100</v></c>'})
    assert read_sheets(path, None)[0].rows == [["Annual", 400, 100]]


def test_an_ods_formula_reads_as_its_computed_value(tmp_path):
    book = Book()
    book.sheet("SDBIP").append(["Annual", 400, 0])
    path = save(book, tmp_path / "formula.ods")
    _patch(path, "content.xml", {rb'office:value="0">': b'office:value="100" table:formula="of:=[.B1]*0.25">'})
    assert read_sheets(path, None)[0].rows == [["Annual", 400, 100]]


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_percent_styles_by_number_format(tmp_path, suffix):
    book = Book()
    sheet = book.sheet("SDBIP")
    sheet.append(["Ref", 0.5, 50, 50, "85%", 0.5])
    sheet.formats.update({(1, 2): "0.0%", (1, 3): '0"%"', (1, 4): "0.00", (1, 5): "0%", (1, 6): "General"})
    path = save(book, tmp_path / f"percent.{suffix}")
    assert _typed(read_sheets(path, None)) == [("SDBIP", False, [
        [(str, "Ref"), (Percent, 50.0), (Percent, 50.0), (int, 50), (str, "85%"), (float, 0.5)]])]


def test_a_strict_open_xml_workbook_keeps_its_percentages(tmp_path):
    """ISO 29500 strict files (Excel's "Strict Open XML Spreadsheet") use other namespaces."""
    book = Book()
    book.sheet("SDBIP").append(["Q1 target", 0.5])
    book.sheets[0].formats[1, 2] = "0%"
    path = save(book, tmp_path / "strict.xlsx")
    for part in ("xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"):
        _patch(path, part, {rb"http://schemas.openxmlformats.org/spreadsheetml/2006/main":
                            b"http://purl.oclc.org/ooxml/spreadsheetml/main"})
    _patch(path, "xl/workbook.xml", {rb'http://schemas.openxmlformats.org/officeDocument/2006/relationships"':
                                     b'http://purl.oclc.org/ooxml/officeDocument/relationships"'})
    assert _typed(read_sheets(path, None)) == [("SDBIP", False, [[(str, "Q1 target"), (Percent, 50.0)]])]


def test_an_ods_column_style_shows_its_numbers_as_percentages(tmp_path):
    book = Book()
    book.sheet("SDBIP").rows = [["Ref", 50], ["TS01", 75]]
    path = save(book, tmp_path / "columns.ods")
    _patch(path, "content.xml", {rb'(<table:table [^>]*>)': rb'\1<table:table-column table:number-columns-repeated="1"/>'
                                                           rb'<table:table-column table:default-cell-style-name="points"/>'})
    assert _typed(read_sheets(path, None)) == [("SDBIP", False, [[(str, "Ref"), (Percent, 50.0)],
                                                                 [(str, "TS01"), (Percent, 75.0)]])]


def test_percent_styles_by_number_format_and_cells_without_references(tmp_path):
    book = Book()
    sheet = book.sheet("SDBIP")
    sheet.append(["Ref", 0.5, 50, 50, "85%"])
    sheet.formats.update({(1, 2): "0.0%", (1, 3): '0"%"', (1, 4): "0.00", (1, 5): "0%"})
    sheet.append(["TS01", 0.25])
    sheet.formats[2, 2] = "0%"
    path = save(book, tmp_path / "percent.xlsx")
    _patch(path, "xl/worksheets/sheet1.xml", {rb'<c r="B2"': b"<c"})  # placed by order alone, as some tools do
    assert _typed(read_sheets(path, None)) == [("SDBIP", False, [
        [(str, "Ref"), (Percent, 50.0), (Percent, 50.0), (int, 50), (str, "85%")],
        [(str, "TS01"), (Percent, 25.0)] + [(type(None), None)] * 3])]


def test_a_wrong_stated_size_rich_inline_strings_and_cells_without_references(tmp_path):
    book = Book()
    sheet = book.sheet("SDBIP")
    for row in (["Ref", "KPI", "Unit", "Note"], ["TS01", "Water", "km", "x"], ["TS02", "Roads", "m", 0.5],
                ["j", "k", "l"]):
        sheet.append(row)
    path = save(book, tmp_path / "odd.xlsx")
    _patch(path, "xl/worksheets/sheet1.xml", {
        rb'<dimension ref="A1:D4"\s*/>': b'<dimension ref="A1"/>',  # a stated size that is wrong
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
    assert read_sheets(path, None)[0].rows == [["Ref", "KPI", "Unit", " Note "], ["TS01", "Water ", None, "x"],
                                               [" TS02 ", "Roads", "m", 0.5], ["j", "k", "l", None]]


def test_a_stray_value_far_out_is_named_instead_of_filling_the_memory(tmp_path):
    book = Workbook()
    book.active.title = "SDBIP"
    book.active.append(["KPI Ref", "KPI"])
    book.active.cell(1_048_576, 16_384, " ")  # a space typed in the very last cell
    path = tmp_path / "stray.xlsx"
    book.save(path)
    with pytest.raises(WorkbookError, match=r"sheet 'SDBIP' has a value as far out as cell XFD1048576, .*Ctrl\+End"):
        read_sheets(path, None)


def test_only_the_sheets_named_are_read_whatever_the_case(tmp_path):
    book = Book()
    book.sheet("Finance").append(["F"])
    book.sheet("Technical").append(["T"])
    for suffix in ("xlsx", "xls", "ods"):
        path = save(book, tmp_path / f"two.{suffix}")
        assert [(grid.name, grid.rows) for grid in read_sheets(path, ["technical"])] == [("Technical", [["T"]])]
        with pytest.raises(WorkbookError, match=rf"two.{suffix} has no sheet named 'Roads'; it has 'Finance', "
                                                 r"'Technical'"):
            read_sheets(path, ["Roads"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_reads_whatever_its_encoding_and_delimiter(tmp_path, encoding, delimiter):
    book = Book()
    sheet = book.sheet("ignored")
    sheet.append(["Ehlanzeni District — SDBIP 2025/26"])
    sheet.append([])
    sheet.append(["KPI Ref", "Key Performance Indicator", "Budget", "Q1 Target"])
    sheet.append(["TS01", "Households with water; Emalahleni", "R 2 000,50", "85%"])
    sheet.append(["TS02", 'Roads "graded", km', "", "-"])
    path = save(book, tmp_path / "Plan 2025.csv", encoding=encoding, delimiter=delimiter)

    assert [(g.name, g.rows) for g in read_sheets(path, None)] == [("Plan 2025", [
        ["Ehlanzeni District — SDBIP 2025/26", None, None, None], [None] * 4,
        ["KPI Ref", "Key Performance Indicator", "Budget", "Q1 Target"],
        ["TS01", "Households with water; Emalahleni", "R 2 000,50", "85%"],
        ["TS02", 'Roads "graded", km', None, "-"]])]


def test_a_csv_has_one_sheet_named_after_the_file(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("a,b\n1,2\n")
    assert read_workbook(path)["plan"].rows == [["a", "b"], ["1", "2"]]
    with pytest.raises(WorkbookError, match="plan.csv has no sheet named 'SDBIP'; a CSV file has one sheet, 'plan'"):
        read_sheets(path, ["SDBIP"])


_CELLS = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 4)),
                   # no delimiter characters: a CSV of one column holding ';' could be either (see delimiter_of)
                   st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                                         exclude_characters=",;|"), max_size=12),
                   st.dates(date(1990, 1, 1), date(2040, 12, 31)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELLS, max_size=6), min_size=1, max_size=8))
def test_any_cells_read_the_same_from_every_format(tmp_path, rows):
    book = Book()
    sheet = book.sheet("Generated")
    for row in rows:
        sheet.append(row)
    grids = {suffix: read_sheets(save(book, tmp_path / f"generated.{suffix}"), None)[0].rows
             for suffix in ("xlsx", "xls", "ods")}
    assert grids["xls"] == grids["xlsx"] and grids["ods"] == grids["xlsx"]
    as_typed = make_grid("Generated", [[None if v is None else csv_text(v) for v in row] for row in rows]).rows
    assert read_sheets(save(book, tmp_path / "generated.csv"), None)[0].rows == as_typed
