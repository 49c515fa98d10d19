"""Bad workbooks get a message naming the sheet, row and column, and leave the database exactly as it was."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from pmsdesk.importers import ImportOptions, WorkbookError, import_sdbip
from pmsdesk.models import DataQualityFlag, Kpi

from .conftest import dump
from .formats import FORMATS, Book, save

HEADER = ["KPI Ref", "KPI", "Unit of measure", "Calculation type", "Weight", "Annual target", "Q1 target",
          "Q2 target", "Q3 target", "Q4 target"]


def _book(path, rows, *, title="Ngwathe LM SDBIP 2025/26", sheet_name="SDBIP"):
    """The SDBIP in the format of ``path``'s suffix (a CSV's one sheet is named after the file)."""
    book = Book()
    sheet = book.sheet(sheet_name if path.suffix != ".csv" else path.stem)
    sheet.append([title])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    return save(book, path)


GOOD = [["TS01", "Households connected to water", "Households", "Accumulative", 10, 400, 100, 100, 100, 100],
        ["TS02", "% of capital budget spent", "% of budget", "Carry over", "5%", "100%", "20%", "50%", "75%", "100%"]]
OPTIONS = ImportOptions(organisation_code="ZA-T01", year_label="2025/26")


def _unchanged(session, before) -> bool:
    return dump(session) == before


LIES = {  # file name, content → what the message must say
    "text named .xlsx": ("sdbip.xlsx", b"KPI Ref,KPI\nTS01,Water\n",
                         r"sdbip.xlsx is a text \(CSV\) file with a .xlsx extension, not a workbook; rename it to "
                         r"sdbip.csv and import that"),
    "web page named .xls": ("SDBIP export.xls", b"\xef\xbb\xbf<html><body><table><tr><td>KPI</td></tr></table>",
                            r"SDBIP export.xls is a web page \(HTML\), not a real .xls file, as some financial "
                            r"systems save their tables; open it in Excel or LibreOffice Calc, save it as an Excel "
                            r"Workbook \(.xlsx\) and import that"),
    "XML spreadsheet named .xls": ("plan.xls", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:'
                                   b'office:spreadsheet"></Workbook>', r"plan.xls is an Excel 2003 XML spreadsheet"),
    "damaged .xls": ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
                     r"old.xls looks like an Excel 97-2003 workbook \(.xls\) but cannot be read \(.+\); if it "
                     r"asks for a password, remove the password in Excel"),
    "zip that is not a workbook": ("sdbip.xlsx", None, r"sdbip.xlsx is a zip archive, not a spreadsheet; ask for "
                                                       r"the workbook itself"),
    "damaged zip": ("sdbip.ods", b"PK\x03\x04 and then nothing", r"sdbip.ods is a damaged zip file"),
    "empty file": ("sdbip.csv", b"", r"sdbip.csv is empty \(0 bytes\); ask for the file again"),
    "PDF named .xlsx": ("sdbip.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", r"sdbip.xlsx is a PDF document"),
    "binary junk": ("sdbip.xls", bytes(range(256)) * 4, r"sdbip.xls is not a spreadsheet pmsdesk can read"),
}


@pytest.mark.parametrize("case", LIES)
def test_a_file_whose_name_lies_gets_a_plain_message(session, system, small_org, tmp_path, case):
    name, content, message = LIES[case]
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notes.txt", "minutes")
    else:
        path.write_bytes(content)
    before = dump(session)
    with pytest.raises(WorkbookError, match=message):
        import_sdbip(session, system, path, OPTIONS)
    assert _unchanged(session, before)


def test_an_old_xls_saved_with_an_xlsx_name_reads_as_what_it_is(session, system, small_org, tmp_path):
    path = _book(tmp_path / "sdbip.xls", GOOD).rename(tmp_path / "sdbip.xlsx")
    assert import_sdbip(session, system, path, OPTIONS).count("created") == 2


def test_a_wrong_sheet_name_lists_the_sheets(session, system, small_org, tmp_path):
    path = _book(tmp_path / "sdbip.xlsx", GOOD)
    before = dump(session)
    with pytest.raises(WorkbookError, match="sdbip.xlsx has no sheet named 'Finance'; it has 'SDBIP'"):
        import_sdbip(session, system, path, ImportOptions(organisation_code="ZA-T01", sheets=("Finance",)))
    assert _unchanged(session, before)


def test_no_recognisable_header(session, system, small_org, tmp_path):
    book = Workbook()
    book.active.append(["Minutes of the council meeting"])
    book.active.append(["Item", "Resolution"])
    book.save(tmp_path / "minutes.xlsx")
    before = dump(session)
    with pytest.raises(WorkbookError, match="sheet 'Sheet': no header row found in the first 30 rows"):
        import_sdbip(session, system, tmp_path / "minutes.xlsx", OPTIONS)
    assert _unchanged(session, before)


@pytest.mark.parametrize("suffix", FORMATS)
def test_values_of_the_wrong_type_name_sheet_row_and_column_and_write_nothing(session, system, small_org, tmp_path,
                                                                               suffix):
    rows = [*GOOD,
            ["TS03", "Km of road graded", "km", "Accumulative", "heavy", 40, 10, 10, 10, 10],
            ["TS04", "Meetings held", "Meetings", "banana", 5, 4, 1, 1, 1, 1],
            ["TS01", "Duplicate reference", "Meetings", "Accumulative", 5, 4, 1, 1, 1, 1]]
    path = _book(tmp_path / f"SDBIP.{suffix}", rows)
    before = dump(session)
    report = import_sdbip(session, system, path, OPTIONS)
    assert not report.written and _unchanged(session, before)
    messages = [str(problem) for problem in report.errors]
    assert messages == [
        "sheet 'SDBIP', row 6, column E (Weight): the weight must be a percentage between 0 and 100, got 'heavy'",
        "sheet 'SDBIP', row 8, column A (KPI Ref): the reference TS01 is also used by sheet 'SDBIP' row 4; "
        "each KPI needs its own reference",
    ]
    assert [row["action"] for row in report.rows] == ["created", "created", "failed", "created", "failed"]
    banana = next(row for row in report.rows if row.get("reference") == "TS04")
    assert [flag for flag in banana["flags"] if flag.startswith("D ")] == [
                               "D (Calculation type): 'banana' is not a calculation type; use one of "
                               "accumulative, carry_over, last_value, not_applicable, reverse_stand_alone, "
                               "stand_alone, zero; the calculation type was inferred from the targets instead"]
    assert banana["guesses"]["calculation_type"] == "the quarterly targets add up to the annual target"


def test_an_unknown_reverse_label_is_read_from_its_parts(session, system, small_org, tmp_path):
    rows = [*GOOD, ["TS03", "Unplanned outages", "Outages", "Reverse Last Value", 5, 4, 4, 3, 2, 1]]
    report = import_sdbip(session, system, _book(tmp_path / "sdbip.xlsx", rows), OPTIONS)
    assert report.written, report.errors
    ts03 = session.scalar(select(Kpi).where(Kpi.reference == "TS03"))
    assert (ts03.calculation_type.value, ts03.direction.value) == ("last_value", "lower")
    row = next(row for row in report.rows if row.get("reference") == "TS03")
    assert row["guesses"]["calculation_type"] == "'Reverse Last Value' read as last value, lower is better"


def test_negative_targets_are_refused_on_their_row(session, system, small_org, tmp_path):
    rows = [*GOOD, ["TS03", "Km of road graded", "km", "Accumulative", 5, -5, 1, 1, 1, 1]]
    before = dump(session)
    report = import_sdbip(session, system, _book(tmp_path / "sdbip.xlsx", rows), OPTIONS)
    assert not report.written and _unchanged(session, before)
    assert [str(p) for p in report.errors] == [
        "sheet 'SDBIP', row 6, column F (Annual target): a target cannot be negative, got -5; a KPI that should "
        "go down has a lower-is-better direction and a positive target"]


def test_accepting_the_valid_rows_imports_only_them(session, system, small_org, tmp_path):
    rows = [*GOOD, ["TS03", "Km of road graded", "km", "Accumulative", 150, 40, 10, 10, 10, 10]]
    report = import_sdbip(session, system, _book(tmp_path / "sdbip.xlsx", rows),
                          ImportOptions(organisation_code="ZA-T01", accept_valid_rows=True))
    assert report.written and str(report.errors[0]).endswith("the weight must be between 0 and 100, got 150")
    assert sorted(session.scalars(select(Kpi.reference))) == ["TS01", "TS02"]
    ts02 = session.scalar(select(Kpi).where(Kpi.reference == "TS02"))
    assert (ts02.weight, ts02.annual_target, ts02.calculation_type.value) == (5, 100, "carry_over")


def test_a_service_refusal_rolls_back_every_row(session, system, small_org, tmp_path):
    # A Zero-type KPI must have a target of 0: only the KPI service knows, at write time.
    rows = [*GOOD, ["TS03", "Unresolved audit findings", "Findings", "Zero", 5, 3, 1, 1, 1, 0]]
    before = dump(session)
    report = import_sdbip(session, system, _book(tmp_path / "sdbip.xlsx", rows), OPTIONS)
    assert not report.written and _unchanged(session, before)
    assert [str(p) for p in report.errors] == [
        "sheet 'SDBIP', row 6, column F (Annual target): annual target: a Zero-type KPI has a target of 0"]


def test_continuation_rows_headings_and_placeholders(session, system, small_org, tmp_path):
    rows = [["KPA 1: Basic Service Delivery Weight 40%"],
            ["TS01", "Households connected", "Households", "Accumulative", 10, 400, "-", "N/A", 200, 200],
            [None, "to the water network", None, None, None, None, None, None, None, None],
            [None, "Water and sanitation"],
            [None] * 10,
            ["TS02", "Report on water quality", "Report", None, 5, "Council resolution", "_", "none", "-",
             "Council resolution"]]
    report = import_sdbip(session, system, _book(tmp_path / "sdbip.xlsx", rows), OPTIONS)
    assert report.written
    assert [(row["row"], row["action"]) for row in report.rows] == [
        (4, "kpa_heading"), (5, "created"), (6, "continuation"), (7, "heading"), (8, "blank"), (9, "created")]
    ts01 = session.scalar(select(Kpi).where(Kpi.reference == "TS01"))
    assert ts01.name == "Households connected to the water network" and len(ts01.targets) == 2
    ts02 = session.scalar(select(Kpi).where(Kpi.reference == "TS02"))
    assert ts02.measure_type.value == "text_milestone" and [t.value_text for t in ts02.targets] == \
        ["Council resolution"]
    assert session.scalar(select(DataQualityFlag).where(DataQualityFlag.entity_id == ts02.id)).field == \
        "measure_type"


def test_a_revised_sdbip_updates_by_reference_and_says_what_changed(session, system, small_org, tmp_path):
    import_sdbip(session, system, _book(tmp_path / "sdbip.xlsx", GOOD), OPTIONS)
    revised = [list(row) for row in GOOD]
    revised[0][1], revised[0][7] = "Households connected to piped water", 130
    report = import_sdbip(session, system, _book(tmp_path / "adjusted.xlsx", revised),
                          ImportOptions(organisation_code="ZA-T01", update_existing=True))
    assert report.written, [str(p) for p in report.errors]
    row = next(row for row in report.rows if row.get("reference") == "TS01")
    assert (row["action"], row["message"]) == ("updated", "name: Households connected to water → Households "
                                               "connected to piped water; Q2 target: 100 → 130")
    ts01 = session.scalar(select(Kpi).where(Kpi.reference == "TS01"))
    q2 = next(t for t in ts01.targets if t.period.label == "Q2")
    assert (q2.value, q2.original_value, q2.revision_reason) == (130, 100, "re-imported from adjusted.xlsx")


def test_kpis_without_a_unit_and_quarters_that_miss_the_annual_target_are_flagged(session, system, small_org,
                                                                                   tmp_path):
    rows = [["TS01", "Households connected to water", "Households", "Accumulative", 10, 400, 100, 100, 100, 90]]
    report = import_sdbip(session, system, _book(tmp_path / "sdbip.xlsx", rows), OPTIONS)
    assert report.written
    assert report.rows[-1]["flags"] == [
        "F (Annual target): the quarterly targets add up to 390, not the annual target 400, as an accumulative "
        "KPI's should",
        "no directorate or department: the KPI has no responsible unit, so no capturer can report on it; set "
        "one in the KPI editor"]


def test_a_close_unit_name_and_a_circular_88_indicator_type_are_read_and_shown_as_guesses(
        session, system, small_org, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["KPI Ref", "KPI", "Directorate", "Indicator type", "Annual target", "Q1 target"])
    sheet.append(["TS01", "Households connected to water", "Directorate: Technical Service", "Outcome", 400, 400])
    sheet.append(["TS02", "Water losses reduced", "Technical Services", "Compliance", 10, 10])
    book.save(tmp_path / "sdbip.xlsx")
    before_units = len(dump(session)["unit"])
    report = import_sdbip(session, system, tmp_path / "sdbip.xlsx", OPTIONS)

    assert report.written, [str(p) for p in report.errors]
    assert len(dump(session)["unit"]) == before_units  # no near-twin of Technical Services
    ts01 = next(row for row in report.rows if row.get("reference") == "TS01")
    assert ts01["guesses"]["unit"] == "'Directorate: Technical Service' read as the unit 'Technical Services'"
    assert ts01["guesses"]["kpi_concept"] == "'Outcome' under D (Indicator type) is a kpi concept"
    kpi = session.scalar(select(Kpi).where(Kpi.reference == "TS01"))
    assert (kpi.kpi_concept.value, kpi.kpi_type) == ("outcome", None)
    ts02 = next(row for row in report.rows if row.get("reference") == "TS02")
    assert any(flag.startswith("D (Indicator type): 'Compliance' is not a kpi type") for flag in ts02["flags"])


def test_a_blank_directorate_under_a_filled_one_is_taken_from_the_row_above(session, system, small_org, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["KPI Ref", "KPI", "Directorate", "Annual target", "Q1 target"])
    sheet.append(["TS01", "Households connected to water", "Technical Services", 400, 400])
    sheet.append(["TS02", "Water losses reduced", None, 10, 10])  # a merged-down cell, saved as CSV
    book.save(tmp_path / "sdbip.xlsx")
    report = import_sdbip(session, system, tmp_path / "sdbip.xlsx", OPTIONS)
    assert report.written, [str(p) for p in report.errors]
    ts01, ts02 = (session.scalar(select(Kpi).where(Kpi.reference == ref)) for ref in ("TS01", "TS02"))
    assert ts02.responsible_unit_id == ts01.responsible_unit_id is not None
    row = next(row for row in report.rows if row.get("reference") == "TS02")
    assert row["guesses"]["directorate"] == "blank, so 'Technical Services' from row 2 above"
    assert not any("no responsible unit" in flag for flag in row["flags"])
