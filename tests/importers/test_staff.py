"""The staff list: a template out, officials back in, every problem by row and column, all or nothing."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from pmsdesk.importers.problems import WorkbookError
from pmsdesk.importers.staff import StaffListRefused, import_staff_list, parse_staff_rows
from pmsdesk.models import AuditEvent, Person, Position
from pmsdesk.reports.excel.staff_template import export_staff_template
from pmsdesk.services import people

HEADINGS = ["Employee number", "Full name", "Position title", "Grade", "Senior manager", "Unit",
            "Supervisor's employee number", "E-mail"]


def written(session) -> tuple[int, int, int]:
    return tuple(session.scalar(select(func.count()).select_from(model)) for model in (Person, Position, AuditEvent))


def staff_file(tmp_path, rows, headings=HEADINGS, name="staff.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.title = "Staff"
    if headings:
        sheet.append(headings)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_the_exported_template_comes_back_with_two_officials(session, system, small_org, tmp_path):
    path = tmp_path / "template.xlsx"
    assert export_staff_template(session, small_org.organisation_id, path) == 0
    book = load_workbook(path)
    sheet = book["Staff"]
    sheet.append(["E1", "Sipho Nkosi", "Director: Technical Services", "S1", "Yes", "TS", None, "sipho@ngwathe.gov.za"])
    sheet.append([1002, "Lerato Dube", "Water engineer", "T12", "No", "Budget and Treasury", "E1", None])
    assert [cell.value for cell in sheet[4]] == HEADINGS
    assert [row[0].value for row in book["Units"].iter_rows(min_row=2)] == ["BTO", "TS"]
    book.save(path)

    result = import_staff_list(session, system, small_org.organisation_id, path)

    officials = {o.full_name: o for o in people.list_officials(session, small_org.organisation_id)}
    assert (result.added, result.updated) == (2, 0)
    assert officials["Lerato Dube"].employee_number == "1002", "a number typed as a number keeps its digits"
    assert (officials["Lerato Dube"].supervisor_name, officials["Lerato Dube"].unit_name) == \
        ("Sipho Nkosi", "Budget and Treasury")
    assert officials["Sipho Nkosi"].is_senior_manager and officials["Sipho Nkosi"].unit_name == "Technical Services"

    export_staff_template(session, small_org.organisation_id, path)
    again = load_workbook(path)["Staff"]
    again["C5"] = "Senior water engineer"  # Lerato, sorted by name
    again.parent.save(path)
    assert import_staff_list(session, system, small_org.organisation_id, path).updated == 2
    assert people.get_official(session, small_org.organisation_id, officials["Lerato Dube"].id).position_title == \
        "Senior water engineer"


def test_every_problem_is_located_and_nothing_is_written(session, system, small_org, tmp_path):
    path = staff_file(tmp_path, [
        ["E1", "Sipho Nkosi", "Director", None, "Yes", "TS", None, None],
        ["E2", None, "Clerk", None, "No", "TS", "E1", None],
        ["E1", "Thandi Zulu", "Clerk", None, "maybe", "Parks", "E9", None],
        ["E4", "Nomsa Khumalo", "Clerk", None, "No", None, "E4", None],
    ])
    before = written(session)

    with pytest.raises(StaffListRefused) as refused:
        import_staff_list(session, system, small_org.organisation_id, path)

    assert [str(problem) for problem in refused.value.problems] == [
        "sheet 'Staff', row 3, column B (Full name): the full name is empty; every official needs one",
        "sheet 'Staff', row 4, column A (Employee number): employee number E1 is also on row 2; "
        "each official needs their own",
        "sheet 'Staff', row 4, column E (Senior manager): write Yes or No, not 'maybe'",
        "sheet 'Staff', row 4, column F (Unit): no unit called 'Parks'; use a unit's code or name from the Plans screen",
        "sheet 'Staff', row 4, column G (Supervisor's employee number): no official with employee number E9 in "
        "this list or in pmsdesk",
        "sheet 'Staff', row 5, column G (Supervisor's employee number): an official cannot be their own supervisor",
    ]
    assert written(session) == before


def test_a_sheet_without_a_header_row_is_refused_by_name(session, system, small_org, tmp_path):
    path = staff_file(tmp_path, [["E1", "Sipho Nkosi", "Director"]], headings=None)

    with pytest.raises(WorkbookError, match="sheet 'Staff' has no header row: none of its first 10 rows has a "
                                            "'Full name' heading"):
        import_staff_list(session, system, small_org.organisation_id, path)
    assert written(session)[0] == 0


def test_a_refusal_while_writing_undoes_the_rows_before_it(session, system, small_org, tmp_path):
    path = staff_file(tmp_path, [["E1", "Sipho Nkosi", None, None, None, None, None, None],
                                 ["E2", "Lerato Dube", None, None, None, None, None, "x" * 300]])
    before = written(session)

    with pytest.raises(StaffListRefused) as refused:
        import_staff_list(session, system, small_org.organisation_id, path)

    assert str(refused.value.problems[0]) == ("sheet 'Staff', row 3, column H (E-mail): is 300 characters long; "
                                              "at most 200 allowed")
    assert written(session) == before


def test_parsing_needs_no_workbook():
    rows = [["Full name", "Unit"], ["Sipho Nkosi", "ts"], [None, None]]

    parsed, problems = parse_staff_rows(rows, "Sheet1", {"ts": "unit-1"}, set())

    assert problems == [] and [(row.row, row.values["unit_id"]) for row in parsed] == [(2, "unit-1")]
