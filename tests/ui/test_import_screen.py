"""The SDBIP import screen: a preview lists every problem by cell, then the import writes the KPIs."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel
from sqlalchemy import select

from pmsdesk.models import ImportTemplate, Kpi
from pmsdesk.ui.importing import SdbipImportView

HEADER = ["KPI Ref", "Key Performance Indicator", "Unit of Measurement", "Annual Target",
          "Quarter 1 Target", "Quarter 2 Target", "Quarter 3 Target", "Quarter 4 Target"]
ROWS = [
    ["WS 1", "Number of new water connections", "Number", 400, 100, 100, 100, 100],
    ["WS 2", "Kilometres of water pipe replaced", "Number", 12, 3, 3, 3, 3],
    ["WS 3", "Number of boreholes drilled", "Number", 8, "lots", 2, 2, 2],
    ["WS 4", None, "Number", 5, 1, 1, 1, 2],
]


def write_workbook(path: Path, rows: list[list] = ROWS, header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "SDBIP"
    sheet.append(["Mkhondo SDBIP 2026/27"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def open_import_view(qtbot, operations, actor_named, monkeypatch, workbook: Path) -> SdbipImportView:
    """The screen as the administrator opens it, ``workbook`` chosen in the file dialog, year 2026/27 typed."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(workbook), ""))
    view = SdbipImportView(operations, actor_named("admin"))
    qtbot.addWidget(view)
    view.ui.choose.click()
    view.ui.year.setText("2026/27")
    return view


@pytest.fixture
def import_view(qtbot, operations, actor_named, monkeypatch, tmp_path):
    return open_import_view(qtbot, operations, actor_named, monkeypatch, write_workbook(tmp_path / "sdbip.xlsx"))


def kpi_references(database) -> set[str]:
    with database.session() as session:
        return set(session.scalars(select(Kpi.reference)))


def problems_shown(view) -> list[tuple[str, int, str, str]]:
    model = view.model
    return [(p.kind, p.row, p.column, p.reason) for p in (model.row_at(r) for r in range(model.total_count()))]


def test_the_preview_lists_every_problem_with_its_cell_and_writes_nothing(import_view, seeded_database):
    import_view.ui.preview.click()

    outcome = import_view.previewed
    assert (outcome.created, outcome.failed, outcome.flags, outcome.errors) == (3, 1, 4, 1)  # 3 without a unit
    shown = problems_shown(import_view)
    [(flag_kind, flag_row, flag_column, flag_reason), error] = [p for p in shown if p[0] in ("Flag", "Error")
                                                                and "no responsible unit" not in p[3]]
    guesses = [p for p in shown if p[0] == "Guess"]
    assert ("Guess", 3, None, "calculation type: the quarterly targets add up to the annual target") in guesses
    assert (flag_kind, flag_row, flag_column) == ("Flag", 5, "E (Quarter 1 Target)")
    assert "'lots' is not a number target" in flag_reason
    assert error == ("Error", 6, "B (Key Performance Indicator)", "no KPI name; type the indicator")
    assert "3 KPIs to create" in import_view.ui.summary.text()
    assert import_view.ui.problems.model().rowCount() == len(shown)
    assert "Read from the workbook: quarterly targets: 4 of 4 KPIs, 16 cells." in import_view.ui.summary.text()
    assert not kpi_references(seeded_database) & {"WS 1", "WS 2", "WS 3"}


def test_importing_the_valid_rows_writes_them_and_skips_the_row_with_errors(import_view, seeded_database):
    import_view.ui.preview.click()
    assert import_view.ui.accept_valid_rows.isVisibleTo(import_view)
    assert not import_view.ui.import_button.isEnabled()

    import_view.ui.accept_valid_rows.setChecked(True)
    import_view.ui.import_button.click()

    references = kpi_references(seeded_database)
    assert {"WS 1", "WS 2", "WS 3"} <= references
    assert "WS 4" not in references
    assert import_view.ui.summary.text().startswith("Imported sdbip.xlsx")
    assert not import_view.ui.import_button.isEnabled()


def test_a_clean_workbook_imports_without_the_valid_rows_choice(import_view, seeded_database, tmp_path):
    write_workbook(Path(import_view.path), ROWS[:2])
    import_view.ui.preview.click()
    assert not import_view.ui.accept_valid_rows.isVisibleTo(import_view)

    import_view.ui.import_button.click()

    assert {"WS 1", "WS 2"} <= kpi_references(seeded_database)


def test_a_revised_sdbip_updates_from_the_window_showing_each_change(import_view, seeded_database, qtbot):
    write_workbook(Path(import_view.path), ROWS[:2])
    import_view.ui.preview.click()
    import_view.ui.import_button.click()
    revised = [list(row) for row in ROWS[:2]]
    revised[0][5] = 130
    write_workbook(Path(import_view.path), revised)

    import_view.ui.preview.click()
    assert import_view.previewed.failed == 2
    assert "tick 'Update KPIs already imported'" in problems_shown(import_view)[0][3]
    import_view.ui.update_existing.setFocus()
    qtbot.keyClick(import_view.ui.update_existing, " ")  # the keyboard ticks it, as a person would
    assert import_view.ui.update_existing.isChecked() and import_view.previewed is None
    import_view.ui.preview.click()

    assert ("Change", 3, None, "WS 1: Q2 target: 100 → 130") in problems_shown(import_view)
    assert (import_view.previewed.updated, import_view.previewed.unchanged) == (1, 1)
    import_view.ui.import_button.click()
    with seeded_database.session() as session:
        kpi = session.scalar(select(Kpi).where(Kpi.reference == "WS 1"))
        q2 = next(t for t in kpi.targets if t.period.label == "Q2")
        assert (q2.value, q2.original_value) == (130, 100)


def test_an_unreadable_workbook_is_explained(qtbot, operations, actor_named, monkeypatch, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(junk), ""))
    view = SdbipImportView(operations, actor_named("admin"))
    qtbot.addWidget(view)
    view.ui.choose.click()

    view.ui.preview.click()

    assert view.ui.summary.text().startswith("The workbook cannot be imported")
    assert not view.ui.import_button.isEnabled()


def columns_shown(view) -> dict[str, tuple[str, str]]:
    """Column label → (field chosen in its combo box, note)."""
    table = view.ui.columns
    return {table.item(row, 0).text(): (table.cellWidget(row, 1).currentText(), table.item(row, 2).text())
            for row in range(table.rowCount())}


def test_a_corrected_column_mapping_previews_again_and_saves_as_a_template(
        qtbot, import_view, seeded_database, monkeypatch):
    header = [("Q1 Plan" if heading == "Quarter 1 Target" else heading) for heading in HEADER]
    write_workbook(Path(import_view.path), header=header)
    import_view.ui.preview.click()

    assert columns_shown(import_view)["E (Q1 Plan)"] == ("(ignore this column)", "heading not recognised")
    assert columns_shown(import_view)["D (Annual Target)"] == ("Annual target", "")
    assert "target_q1" not in {column.field for column in import_view.previewed.columns}
    assert not [p for p in problems_shown(import_view) if p[0] == "Flag" and p[2]]  # 'lots' in Q1 was not read

    combo = import_view.ui.columns.cellWidget(4, 1)
    combo.setCurrentIndex(combo.findData("target_q1"))
    assert import_view.corrections == {"Q1 Plan": "target_q1"}
    qtbot.waitUntil(lambda: import_view.previewed is not None and
                    "target_q1" in {column.field for column in import_view.previewed.columns})

    assert columns_shown(import_view)["E (Q1 Plan)"] == ("Q1 target", "")
    [(kind, row, column, reason)] = [p for p in problems_shown(import_view) if p[0] == "Flag" and p[2]]
    assert (row, column) == (5, "E (Q1 Plan)") and "'lots' is not a number target" in reason
    assert import_view.previewed.dry_run and not kpi_references(seeded_database) & {"WS 1", "WS 2"}

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Our SDBIP", True))
    import_view.ui.save_template.click()

    with seeded_database.session() as session:
        template = session.scalar(select(ImportTemplate).where(ImportTemplate.name == "Our SDBIP"))
        assert template is not None and template.mapping["q1 plan"] == "target_q1"
    assert import_view.ui.template.currentText() == "Our SDBIP"
    import_view.corrections.clear()  # the template alone now maps the column
    import_view.ui.preview.click()
    assert columns_shown(import_view)["E (Q1 Plan)"] == ("Q1 target", "")


def test_the_template_label_is_a_mnemonic_not_a_literal_ampersand(import_view, qtbot):
    labels = [label for label in import_view.findChildren(QLabel) if "template" in label.text().lower()]
    assert [label.text() for label in labels] == ["Column &template:"] and labels[0].buddy() is import_view.ui.template
