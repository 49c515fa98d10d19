"""The import screen names hidden rows and columns and formulas saved without a result, and reads the hidden ones
when the official ticks the box (by keyboard, as a person would)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from sqlalchemy import select

from pmsdesk.models import Kpi

from .test_import_screen import HEADER, columns_shown, open_import_view, problems_shown
from .test_keyboard_cycle import mnemonics

ROWS = [["WS 1", "Number of new water connections", "Number", 400, 100, 100, 100, 100],
        ["WS 2", "Withdrawn: boreholes drilled", "Number", 8, 2, 2, 2, 2],
        ["WS 3", "Kilometres of water pipe replaced", "Number", 12, 3, "=E5+1", 3, 2]]


@pytest.fixture
def import_view(qtbot, operations, actor_named, monkeypatch, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "SDBIP"
    sheet.append(["Mkhondo SDBIP 2026/27"])
    sheet.append([*HEADER, "Old Q4"])
    for row in ROWS:
        sheet.append([*row, 99])
    sheet.row_dimensions[4].hidden = True  # WS 2, withdrawn
    sheet.column_dimensions["I"].hidden = True
    path = tmp_path / "sdbip.xlsx"
    book.save(path)  # openpyxl stores =E5+1 without a result, as programs that do not calculate do
    return open_import_view(qtbot, operations, actor_named, monkeypatch, path)


def test_the_preview_names_hidden_rows_columns_and_formulas_without_a_result(import_view, seeded_database):
    import_view.ui.preview.click()

    shown = problems_shown(import_view)
    assert ("Warning", 4, None, "hidden row not imported (WS 2 — Withdrawn: boreholes drilled); unhide it, or "
            "choose to read hidden rows and columns (--include-hidden), to import it") in shown
    [error] = [p for p in shown if p[0] == "Error"]
    assert error[1:3] == (5, "F (Quarter 2 Target)")
    assert error[3].startswith("KPI WS 3: cell F5 holds the formula =E5+1 with no saved result")
    assert columns_shown(import_view)["I (Old Q4)"][1] == "hidden column, heading not recognised"
    assert (import_view.previewed.created, import_view.previewed.failed) == (1, 1)
    assert not import_view.ui.import_button.isEnabled()  # the unknown target stops the import
    with seeded_database.session() as session:
        assert not set(session.scalars(select(Kpi.reference))) & {"WS 1", "WS 2", "WS 3"}


def test_ticking_read_hidden_brings_the_hidden_row_in_and_says_so(import_view, qtbot, seeded_database):
    import_view.ui.preview.click()
    assert import_view.ui.include_hidden.text() == "Read hidden ro&ws and columns"
    import_view.ui.include_hidden.setFocus()
    qtbot.keyClick(import_view.ui.include_hidden, Qt.Key.Key_Space)  # the keyboard ticks it, as a person would
    assert import_view.ui.include_hidden.isChecked()
    assert import_view.previewed is None  # the old preview no longer holds

    import_view.ui.preview.click()
    shown = problems_shown(import_view)
    assert ("Warning", 4, None, "read from a hidden row (as asked); unhide it to check it") in shown
    assert import_view.previewed.created == 2
    import_view.ui.accept_valid_rows.setChecked(True)
    import_view.ui.import_button.click()
    with seeded_database.session() as session:
        assert {"WS 1", "WS 2"} <= set(session.scalars(select(Kpi.reference)))
        assert "WS 3" not in set(session.scalars(select(Kpi.reference)))


def test_no_two_shortcuts_of_the_import_screen_share_a_letter(import_view):
    import_view.ui.preview.click()  # the valid-rows choice shows once there are errors
    letters = [letter for letter in mnemonics(import_view) if letter]
    assert "w" in letters and len(letters) == len(set(letters)), letters
