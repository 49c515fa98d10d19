"""Saving and printing that cannot finish end in one clear sentence and leave no half-written file;
the actuals template comes back with every problem located, or is saved whole."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import func, select

from pmsdesk.models import IssuedDocument, PeriodActual
from pmsdesk.reports import files
from pmsdesk.reports.pdf import issue
from pmsdesk.ui.widgets.field_messages import ERROR_STYLE

from .test_reports_screen import choose, print_to, save_to


@pytest.fixture
def out_folder(tmp_path) -> Path:
    """Where files are saved: apart from the test's database, so a leftover file shows."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def issued_count(screen) -> int:
    with screen.database.session() as session:
        return session.scalar(select(func.count()).select_from(IssuedDocument))


def click_save(qtbot, screen) -> None:
    qtbot.mouseClick(screen.view.save_button, Qt.MouseButton.LeftButton)


def test_a_folder_that_cannot_be_written_is_named_and_nothing_is_registered(reports_screen, monkeypatch, out_folder,
                                                                            qtbot):
    screen = reports_screen("za")
    choose(screen, "scorecard")
    locked = out_folder / "locked"
    locked.mkdir()
    before = issued_count(screen)

    def refuse(*_args, dir=None, **_kwargs):  # noqa: A002 - mkstemp's name
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    save_to(monkeypatch, locked / "scorecard.pdf")
    click_save(qtbot, screen)

    text = screen.view.message.text()
    assert text.startswith("Cannot save scorecard.pdf: the folder ") and str(locked) in text
    assert "choose another folder" in text and screen.view.message.styleSheet() == ERROR_STYLE
    assert list(locked.iterdir()) == [] and issued_count(screen) == before


def test_a_full_disk_while_writing_a_pdf_leaves_no_file(reports_screen, monkeypatch, out_folder, qtbot):
    screen = reports_screen("za")
    choose(screen, "quarterly")
    real_build = issue.build_pdf
    before = issued_count(screen)

    def half_then_full(out, *args, **kwargs):
        if not isinstance(out, (str, Path)):  # the on-screen preview draws into memory
            return real_build(out, *args, **kwargs)
        Path(out).write_bytes(b"%PDF-1.4 half a report")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pmsdesk.reports.pdf.issue.build_pdf", half_then_full)
    save_to(monkeypatch, out_folder / "quarterly.pdf")
    click_save(qtbot, screen)

    assert "the disk holding" in screen.view.message.text() and "is full" in screen.view.message.text()
    assert list(out_folder.glob("*.pdf")) == [] and list(out_folder.glob(".pmsdesk-*")) == []
    assert issued_count(screen) == before


def test_a_full_disk_while_writing_a_workbook_leaves_no_file(reports_screen, monkeypatch, out_folder, qtbot):
    from openpyxl import Workbook

    screen = reports_screen("za")
    choose(screen, "register")

    def half_then_full(book, path):
        Path(path).write_bytes(b"PK half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", half_then_full)
    save_to(monkeypatch, out_folder / "register.xlsx")
    click_save(qtbot, screen)

    assert "is full" in screen.view.message.text()
    assert [p.name for p in out_folder.iterdir() if p.suffix == ".xlsx" or p.name.startswith(".pmsdesk")] == []


def test_a_workbook_open_in_excel_is_kept_and_the_message_says_to_close_it(reports_screen, monkeypatch, out_folder,
                                                                           qtbot):
    screen = reports_screen("za")
    choose(screen, "register")
    target = out_folder / "register.xlsx"
    target.write_bytes(b"the copy open in Excel")
    real_replace = os.replace

    def in_use(source, destination):
        if Path(destination) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(source), None, str(destination))
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", in_use)
    save_to(monkeypatch, target)
    click_save(qtbot, screen)

    text = screen.view.message.text()
    assert text.startswith("Cannot save register.xlsx: the file is open in another program"), text
    assert target.read_bytes() == b"the copy open in Excel"
    assert [p.name for p in out_folder.iterdir()] == ["register.xlsx"]


def test_a_printer_that_cannot_start_says_so(reports_screen, monkeypatch, out_folder, qtbot):
    screen = reports_screen("za")
    choose(screen, "scorecard")
    print_to(monkeypatch, out_folder / "printed.pdf")
    monkeypatch.setattr(QPainter, "begin", lambda painter, device: False)

    qtbot.mouseClick(screen.view.print_button, Qt.MouseButton.LeftButton)

    assert "could not be started" in screen.view.message.text()
    assert "Nothing was printed" in screen.view.message.text()
    assert list(out_folder.iterdir()) == []


def test_a_printer_that_stops_halfway_leaves_no_printed_file(reports_screen, monkeypatch, out_folder, qtbot):
    screen = reports_screen("za")
    choose(screen, "quarterly")
    print_to(monkeypatch, out_folder / "printed.pdf")
    monkeypatch.setattr(QPrinter, "newPage", lambda printer: False)

    qtbot.mouseClick(screen.view.print_button, Qt.MouseButton.LeftButton)

    text = screen.view.message.text()
    assert "stopped after page 1 of" in text and "print again" in text
    assert list(out_folder.iterdir()) == []


def fill(path: Path, values: dict[int, object]) -> None:
    """Type ``values`` (row → actual) into a template as an official would in Excel."""
    book = load_workbook(path)
    sheet = book["Actuals"]
    for row, value in values.items():
        sheet.cell(row, 7, value)
    book.save(path)


def open_rows(path: Path) -> list[int]:
    """Rows of number KPIs still open for capture."""
    sheet = load_workbook(path)["Actuals"]
    return [row for row in range(1, sheet.max_row + 1)
            if sheet.cell(row, 5).value == "number" and sheet.cell(row, 11).value in ("not reported", "draft")]


def test_the_actuals_template_comes_back_with_its_problems_located_then_saves(reports_screen, monkeypatch, out_folder,
                                                                              qtbot, answers):
    screen = reports_screen("za", "capturer")
    choose(screen, "actuals-template")
    template = out_folder / "template.xlsx"
    save_to(monkeypatch, template)
    click_save(qtbot, screen)
    first, second = open_rows(template)[:2]
    fill(template, {first: "about forty", second: 12})
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *_args: (str(template), "Excel workbooks (*.xlsx)"))

    qtbot.mouseClick(screen.view.import_button, Qt.MouseButton.LeftButton)

    assert screen.view.pages.currentWidget() is screen.view.problems
    [problem] = [screen.view.problems_model.row_at(r) for r in range(screen.view.problems_model.rowCount())]
    assert (problem.sheet, problem.row, problem.column) == ("Actuals", first, "G (Actual)")
    assert "'about forty' is not a number" in problem.reason
    assert "nothing saved" in screen.view.message.text()

    fill(template, {first: 40})
    queued, asked = answers
    queued.append("Save the actuals")
    with screen.database.session() as session:
        before = session.scalar(select(func.count()).select_from(PeriodActual))
    qtbot.mouseClick(screen.view.import_button, Qt.MouseButton.LeftButton)

    assert asked and "Save 2 actuals from template.xlsx" in asked[0]
    assert "saved 2 actuals" in screen.view.message.text()
    with screen.database.session() as session:
        assert session.scalar(select(func.count()).select_from(PeriodActual)) >= before
