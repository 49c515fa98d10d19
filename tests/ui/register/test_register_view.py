"""The register screen: editing or history on a double-click by role, and filters that can be remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pmsdesk.ui.history import KpiHistoryDialog
from pmsdesk.ui.kpi_editor import KpiEditorDialog

from ..helpers import click_row
from .screens import register_for  # noqa: F401 - a fixture


def choose(box, text: str) -> None:
    box.setCurrentIndex(box.findText(text))


def test_double_click_edits_for_editors_and_shows_history_for_readers(qtbot, register_for):
    for username, editor in (("admin", True), ("viewer", False)):
        view = register_for(username)
        assert view.new_button.isVisible() == editor
        click_row(qtbot, view.table, "KPI 2")
        index = view.table.currentIndex()
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=view.table.visualRect(index).center())
        assert (view.findChild(KpiEditorDialog) is not None) == editor
        assert (view.findChild(KpiHistoryDialog) is not None) != editor


def test_the_filter_state_survives_a_new_register(qtbot, register_for):
    view = register_for("viewer")
    qtbot.keyClicks(view.search, "water")
    choose(view.unit_filter, "Technical Services")
    view.unit_filter.activated.emit(view.unit_filter.currentIndex())
    view.table.sortByColumn(view.model.TARGET, Qt.SortOrder.DescendingOrder)
    state = view.filter_state()
    shown = [view.table.model().index(row, 0).data() for row in range(view.table.model().rowCount())]
    assert state["search"] == "water" and state["unit"] == "Technical Services" and state["descending"]

    again = register_for("viewer")
    again.restore_filter_state(state)
    assert again.filter_state() == state
    assert [again.table.model().index(row, 0).data() for row in range(again.table.model().rowCount())] == shown
    assert again.count_label.text() == f"{len(shown)} of 30 KPIs"


def test_the_register_exports_to_excel_for_whole_organisation_readers_only(qtbot, register_for, monkeypatch, tmp_path):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    assert register_for("capturer").export_bar is None, "a directorate's capturer exports from the Reports screen"
    view = register_for("viewer")
    assert not view.export_bar.print_button.isVisible()
    out = tmp_path / "register"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), args[-1]))

    qtbot.mouseClick(view.export_bar.save_button, Qt.MouseButton.LeftButton)

    saved = tmp_path / "register.xlsx"
    assert view.export_bar.message.text().startswith("Saved register.xlsx in "), view.export_bar.message.text()
    references = {cell for row in load_workbook(saved).worksheets[0].iter_rows(values_only=True) for cell in row}
    assert {"KPI 1", "KPI 30"} <= references
