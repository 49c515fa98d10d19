"""The People screen: add, correct, retire; the staff list out to Excel and back, refused whole when wrong."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import func, select

from pmsdesk.models import Person
from pmsdesk.services import register
from pmsdesk.ui.people import PeopleView

from .helpers import click_row


@pytest.fixture
def screen(qtbot, seeded_database, operations, actor_named, seeded, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    view = PeopleView(operations, actor_named("admin"))
    qtbot.addWidget(view)
    view.show()
    with seeded_database.session() as session:
        view.show_year(register.list_financial_years(session, seeded.organisation_id)[0])
    return view


def names(view) -> list[str]:
    return [view.filter.index(row, 0).data() for row in range(view.filter.rowCount())]


def people_count(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Person))


def test_add_then_correct_then_retire(qtbot, screen, monkeypatch):
    qtbot.mouseClick(screen.add, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.form.save, Qt.MouseButton.LeftButton)
    assert screen.form.form.messages.text_of("full_name") == "Is required."

    qtbot.keyClicks(screen.form.full_name, "Sipho Nkosi")
    qtbot.keyClicks(screen.form.grade, "S1")
    qtbot.mouseClick(screen.form.save, Qt.MouseButton.LeftButton)
    assert screen.form.form.messages.text_of("position_title").startswith("Name the post")
    qtbot.keyClicks(screen.form.position_title, "Director: Technical Services")
    qtbot.mouseClick(screen.form.save, Qt.MouseButton.LeftButton)
    assert names(screen) == ["Sipho Nkosi"]

    click_row(qtbot, screen.table, "Sipho Nkosi")
    screen.form.email.setText("sipho@mkhondo.gov.za")
    assert screen.unsaved_changes() == "changes to Sipho Nkosi"
    qtbot.mouseClick(screen.form.save, Qt.MouseButton.LeftButton)
    assert screen.model.row_at(0).email == "sipho@mkhondo.gov.za"

    click_row(qtbot, screen.table, "Sipho Nkosi")
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Contract ended", True))
    qtbot.mouseClick(screen.form.retire, Qt.MouseButton.LeftButton)
    assert names(screen) == []
    screen.show_retired.setChecked(True)
    assert names(screen) == ["Sipho Nkosi"]
    assert screen.filter.index(0, screen.model.STATUS).data().startswith("Retired")


def test_a_staff_list_out_and_back_and_a_wrong_one_refused_whole(qtbot, screen, seeded_database, tmp_path):
    path = tmp_path / "staff.xlsx"
    screen.files.export(screen.organisation_id, str(path))
    book = load_workbook(path)
    sheet = book["Staff"]
    sheet.append(["E1", "Sipho Nkosi", "Director", None, "Yes", "TS", None, None])
    sheet.append(["E2", "Lerato Dube", "Clerk", None, "No", "TS", "E1", None])
    book.save(path)
    screen.files.import_list(screen.organisation_id, str(path))
    assert names(screen) == ["Lerato Dube", "Sipho Nkosi"]

    sheet.append(["E3", None, "Clerk", None, "No", "TS", "E1", None])
    sheet.append(["E2", "Thandi Zulu", "Clerk", None, "No", "TS", "E7", None])
    book.save(path)
    screen.files.import_list(screen.organisation_id, str(path))

    assert screen.files.last_problems == [
        "sheet 'Staff', row 8, column B (Full name): the full name is empty; every official needs one",
        "sheet 'Staff', row 9, column A (Employee number): employee number E2 is also on row 7; "
        "each official needs their own",
        "sheet 'Staff', row 9, column G (Supervisor's employee number): no official with employee number E7 in this "
        "list or in pmsdesk",
    ]
    assert people_count(seeded_database) == 2
