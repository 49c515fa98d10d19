"""The top-layer mark as officials use it: ticked in the KPI editor, shown and searched in the register, read
from an SDBIP workbook's layer column (an unreadable cell named, nothing written), never typed by a reader."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from sqlalchemy import select

from pmsdesk.importers.sdbip import ImportOptions, import_sdbip
from pmsdesk.models import Kpi
from pmsdesk.services.actor import Actor
from pmsdesk.ui.kpi_editor import KpiEditorDialog
from pmsdesk.ui.register.model import KpiRegisterModel

from .helpers import click_row
from .register.screens import register_for  # noqa: F401 - a fixture


def top_layer_of(database, reference: str) -> bool | None:
    with database.session() as session:
        return session.scalar(select(Kpi.top_layer).where(Kpi.reference == reference))


def layer_shown(view, reference: str) -> str:
    for row in range(view.filter.rowCount()):
        index = view.filter.index(row, KpiRegisterModel.LAYER)
        if view.selected_row(index).reference == reference:
            return index.data()
    raise AssertionError(f"{reference} is not shown")


def test_a_kpi_ticked_top_layer_in_the_editor_shows_in_the_register(qtbot, register_for, seeded_database):
    view = register_for("admin")
    assert layer_shown(view, "KPI 3") == "Departmental"
    click_row(qtbot, view.table, "KPI 3")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    dialog = view.findChild(KpiEditorDialog)
    assert not dialog.ui.top_layer.isChecked()
    dialog.ui.top_layer.setFocus()
    qtbot.keyClick(dialog.ui.top_layer, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert top_layer_of(seeded_database, "KPI 3") is True
    assert layer_shown(view, "KPI 3") == "Top layer"
    qtbot.keyClicks(view.search, "top layer")
    assert view.filter.rowCount() == 1 and view.selected_row(view.filter.index(0, 0)).reference == "KPI 3"


def test_a_reader_sees_the_layer_but_opens_no_editor(qtbot, register_for):
    view = register_for("viewer")
    assert layer_shown(view, "KPI 1") == "Departmental"
    click_row(qtbot, view.table, "KPI 1")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    assert view.findChild(KpiEditorDialog) is None


def _workbook(path, layers: list[object]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "KPI", "Unit of measure", "Annual target", "Top layer"])
    for number, layer in enumerate(layers, 1):
        sheet.append([f"TL{number}", f"Number of stands serviced ({number})", "Stands", 100, layer])
    book.save(path)


@pytest.fixture
def year_label(seeded_database, seeded):
    from pmsdesk.models import FinancialYear

    with seeded_database.session() as session:
        return session.get(FinancialYear, seeded.year_id).label


def test_an_sdbip_layer_column_marks_top_layer_kpis_and_a_wrong_cell_is_named(tmp_path, seeded_database, year_label):
    wrong = tmp_path / "wrong.xlsx"
    _workbook(wrong, ["Top layer", "maybe"])
    with seeded_database.session() as session:
        report = import_sdbip(session, Actor.system("tester"), wrong, ImportOptions("MP303", year_label))
    assert [(problem.row, problem.column, problem.message) for problem in report.errors] == [
        (3, "E (Top layer)", "'maybe' is not Yes, No, Top layer or Departmental")]
    assert not report.written
    assert top_layer_of(seeded_database, "TL1") is None and top_layer_of(seeded_database, "TL2") is None

    right = tmp_path / "right.xlsx"
    _workbook(right, ["Top layer", "Departmental", "Yes", None])
    with seeded_database.session() as session:
        assert import_sdbip(session, Actor.system("tester"), right, ImportOptions("MP303", year_label)).written
    assert [top_layer_of(seeded_database, f"TL{n}") for n in (1, 2, 3, 4)] == [True, None, True, None]


def test_a_workbook_without_the_layer_column_leaves_the_marks_as_they_were(tmp_path, seeded_database, year_label):
    marked = tmp_path / "marked.xlsx"
    _workbook(marked, ["Yes", "No"])
    plain = tmp_path / "plain.xlsx"
    book = Workbook()
    book.active.append(["Ref", "KPI", "Unit of measure", "Annual target"])
    for number in (1, 2):
        book.active.append([f"TL{number}", f"Number of stands serviced ({number})", "Stands", 120])
    book.save(plain)
    with seeded_database.session() as session:
        assert import_sdbip(session, Actor.system("tester"), marked, ImportOptions("MP303", year_label)).written
        again = import_sdbip(session, Actor.system("tester"), plain,
                             ImportOptions("MP303", year_label, update_existing=True))
        assert again.written and again.count("updated") == 2
    assert [top_layer_of(seeded_database, f"TL{n}") for n in (1, 2)] == [True, None]
