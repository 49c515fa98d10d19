"""Hidden rows and columns, and formulas saved without a result, in every format that can hold them.

What an official expects: a hidden row is a withdrawn KPI (or one filtered away) and a hidden column a
working column, so both are left out and named in the report, unless they ask for them; a formula cell
whose result was never saved is unknown, not an empty target, and is named with its sheet, cell and KPI.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.importers import ImportOptions, import_sdbip
from pmsdesk.importers.problems import WARNING
from pmsdesk.importers.workbook import read_sheets
from pmsdesk.models import Kpi

from .formats import Book, Formula, save

HEADINGS = ["KPI Ref", "Key Performance Indicator", "Working notes", "Annual target", "Q1 target", "Q2 target",
            "Q3 target", "Q4 target"]


def _book(*, formulas: bool = False) -> Book:
    book = Book()
    sheet = book.sheet("SDBIP")
    sheet.append(["Top layer SDBIP 2025/26"])
    sheet.append(HEADINGS)
    sheet.append(["WS 1", "New water connections", "check with finance", 400, 100, 100, 100, 100])
    sheet.append(["WS 2", "Withdrawn indicator", None, 12, 3, 3, 3, 3])  # row 4: hidden
    sheet.append(["WS 3", "Kilometres of pipe replaced", None, 12, 3,
                  Formula("=SUM(E3:E4)") if formulas else 4, 4, 1])
    sheet.hidden_rows = {4}
    sheet.hidden_columns = {3}
    return book


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_the_reading_layer_says_what_is_hidden(tmp_path, suffix):
    grid = read_sheets(save(_book(), tmp_path / f"plan.{suffix}"), None)[0]
    assert grid.hidden_rows == {4} and grid.hidden_columns == {3}
    assert grid.rows[3][:2] == ["WS 2", "Withdrawn indicator"]  # the values are there all the same


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_the_reading_layer_names_formulas_without_a_result(tmp_path, suffix):
    grid = read_sheets(save(_book(formulas=True), tmp_path / f"plan.{suffix}"), None)[0]
    assert grid.formulas == {(5, 6): "=SUM(E3:E4)"}
    assert grid.value(5, 6) is None


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_hidden_rows_and_columns_are_left_out_and_named(session, system, municipality, tmp_path, suffix):
    path = save(_book(), tmp_path / f"plan.{suffix}")
    report = import_sdbip(session, system, path, ImportOptions(organisation_code="MP303", year_label="2025/26"))

    assert report.written and not report.errors
    assert set(session.scalars(select(Kpi.reference))) == {"WS 1", "WS 3"}
    warnings = {(p.row, p.column): p.message for p in report.problems if p.severity == WARNING}
    assert "hidden row not imported (WS 2 — Withdrawn indicator)" in warnings[(4, None)]
    assert any(row["action"] == "hidden" and row["row"] == 4 for row in report.rows)
    assert warnings[(2, "C (Working notes)")] == "not imported: hidden column, heading not recognised"


def test_a_hidden_column_of_a_known_field_is_named_with_the_field(session, system, municipality, tmp_path):
    book = _book()
    book.sheets[0].hidden_columns = {6}  # Q2 target
    report = import_sdbip(session, system, save(book, tmp_path / "plan.xlsx"),
                          ImportOptions(organisation_code="MP303", year_label="2025/26", dry_run=True))
    message = next(p.message for p in report.problems if p.column == "F (Q2 target)")
    assert message.startswith("not imported: hidden column (it would be Q2 target)") and "--include-hidden" in message
    assert report.recovered["quarterly targets"]["cells"] == 2 * 3  # Q1, Q3, Q4 of WS 1 and WS 3


def test_include_hidden_reads_them_and_says_so(session, system, municipality, tmp_path):
    book = _book()
    book.sheets[0].hidden_columns = {6}
    report = import_sdbip(session, system, save(book, tmp_path / "plan.xlsx"),
                          ImportOptions(organisation_code="MP303", year_label="2025/26", include_hidden=True))
    assert report.written and not report.errors
    assert set(session.scalars(select(Kpi.reference))) == {"WS 1", "WS 2", "WS 3"}
    messages = {(p.row, p.column): p.message for p in report.problems}
    assert messages[(4, None)].startswith("read from a hidden row")
    assert messages[(2, "F (Q2 target)")].startswith("read from a hidden column")
    assert report.recovered["quarterly targets"]["cells"] == 12


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_a_formula_without_a_result_is_named_never_read_as_blank(session, system, municipality, tmp_path, suffix):
    path = save(_book(formulas=True), tmp_path / f"plan.{suffix}")
    before = session.scalar(select(Kpi.id).limit(1))
    report = import_sdbip(session, system, path, ImportOptions(organisation_code="MP303", year_label="2025/26"))

    assert not report.written and before is None and session.scalar(select(Kpi.id).limit(1)) is None
    (problem,) = report.errors
    assert (problem.sheet, problem.row, problem.column) == ("SDBIP", 5, "F (Q2 target)")
    assert problem.message.startswith("KPI WS 3: cell F5 holds the formula =SUM(E3:E4) with no saved result")
    assert "open the workbook in Excel or LibreOffice Calc" in problem.message
    failed = next(row for row in report.rows if row["action"] == "failed")
    assert failed["reference"] == "WS 3"


def test_a_row_of_formulas_only_is_not_silently_blank(session, system, municipality, tmp_path):
    book = _book()
    book.sheets[0].hidden_rows = set()
    book.sheets[0].append([None, None, None, Formula("=E6*4"), Formula("=E3")])
    report = import_sdbip(session, system, save(book, tmp_path / "plan.xlsx"),
                          ImportOptions(organisation_code="MP303", year_label="2025/26", dry_run=True))
    warning = next(p for p in report.problems if p.row == 6)
    assert warning.severity == WARNING and "D6 (=E6*4), E6 (=E3)" in warning.message
