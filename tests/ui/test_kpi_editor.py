"""The KPI editor, opened from the register: all fields, quarterly targets, one save or nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from pmsdesk.models import Kpi, KpiTarget, MeasureType
from pmsdesk.ui.kpi_editor import KpiEditorDialog
from pmsdesk.ui.kpi_editor.targets_grid import FINANCIAL, PROBLEM

from .helpers import click_row
from .register.screens import register_for  # noqa: F401 - a fixture


def kpi_count(database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Kpi))


def choose(box, text: str) -> None:
    box.setCurrentIndex(box.findText(text))


def fill_new_kpi(qtbot, dialog: KpiEditorDialog, *, name: str = "Number of new water meters installed",
                 target: str = "1 200") -> None:
    qtbot.keyClicks(dialog.ui.lines["reference"], "TS 99")
    qtbot.keyClicks(dialog.ui.texts["name"], name)
    choose(dialog.ui.links["kpa_id"], "KPA1 Basic Service Delivery")
    choose(dialog.ui.links["responsible_unit_id"], "TS Technical Services")
    qtbot.keyClicks(dialog.ui.lines["unit_of_measure"], "meters")
    qtbot.keyClicks(dialog.ui.lines["annual_target"], target)
    qtbot.keyClicks(dialog.ui.lines["weight"], "4")
    for row, value in enumerate(("300", "300", "300", "300")):
        dialog.ui.targets.item(row, 1).setText(value)


def test_a_new_kpi_with_its_targets_appears_in_the_register(qtbot, register_for, seeded_database):
    view = register_for("admin")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.findChild(KpiEditorDialog)
    assert dialog is not None and dialog.isVisible()
    fill_new_kpi(qtbot, dialog)
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert view.selected_row().reference == "TS 99"
    assert view.count_label.text() == "31 KPIs"
    with seeded_database.session() as session:
        kpi = session.scalar(select(Kpi).where(Kpi.reference == "TS 99"))
        assert (kpi.annual_target, kpi.weight, kpi.unit_of_measure) == (1200, 4, "meters")
        assert sorted(target.value for target in kpi.targets) == [300, 300, 300, 300]


def test_financial_targets_are_saved_beside_the_deliverable_targets(qtbot, register_for, seeded_database):
    view = register_for("admin")
    dialog = view.new_kpi()
    fill_new_kpi(qtbot, dialog)
    dialog.ui.targets.item(0, FINANCIAL).setText("R 250 000")
    dialog.ui.targets.item(1, FINANCIAL).setText("soon")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.ui.targets.item(1, PROBLEM).text() == "Must be a number, got 'soon'"

    dialog.ui.targets.item(1, FINANCIAL).setText("400 000")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with seeded_database.session() as session:
        kpi = session.scalar(select(Kpi).where(Kpi.reference == "TS 99"))
        money = {t.period.label: t.budget_projection for t in kpi.targets}
        assert money == {"Q1": 250_000, "Q2": 400_000, "Q3": None, "Q4": None}
    assert view.selected_row().reference == "TS 99"
    again = view.edit_kpi(view.table.currentIndex())
    qtbot.waitUntil(lambda: again.ui.targets.item(0, FINANCIAL) is not None
                    and again.ui.targets.item(0, FINANCIAL).text() != "")
    assert again.ui.targets.item(0, FINANCIAL).text() == "250,000"


def test_a_bad_annual_target_and_no_name_are_named_beside_their_fields(qtbot, register_for, seeded_database):
    view = register_for("admin")
    before = kpi_count(seeded_database)
    dialog = view.new_kpi()
    fill_new_kpi(qtbot, dialog, name="", target="about twelve")
    dialog.ui.targets.item(1, 1).setText("lots")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    messages = dialog.ui.form.messages
    assert messages.text_of("name") == "Is required."
    assert messages.text_of("annual_target") == "Must be a number, got 'about twelve'."
    assert dialog.ui.targets.item(1, PROBLEM).text() == "Must be a number, got 'lots'"
    assert "Check the target of Q2." in messages.general.text()
    assert kpi_count(seeded_database) == before


def test_changing_a_q2_target_needs_a_reason_and_keeps_the_first_value(qtbot, register_for, seeded_database):
    view = register_for("admin")
    click_row(qtbot, view.table, "KPI 1")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    dialog = view.findChild(KpiEditorDialog)
    assert dialog.ui.targets.item(1, 1).text() == "300"
    dialog.ui.targets.item(1, 1).setText("320")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)
    assert dialog.ui.form.messages.text_of("reason").startswith("Changing the Q2 target of KPI 1 needs a reason")

    qtbot.keyClicks(dialog.ui.reason, "Adjustment budget, February")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert view.selected_row().reference == "KPI 1"
    with seeded_database.session() as session:
        target = session.scalar(select(KpiTarget).join(Kpi).where(Kpi.reference == "KPI 1",
                                                                Kpi.financial_year_id == view._year.id))
        assert (target.value, target.original_value, target.revision_reason) == (320, 300,
                                                                                 "Adjustment budget, February")


@pytest.mark.parametrize("answer", ["Cancel", "Discard", "Save"])
def test_closing_with_unsaved_edits_asks_first(qtbot, register_for, seeded_database, monkeypatch, answer):
    view = register_for("admin")
    click_row(qtbot, view.table, "KPI 3")
    dialog = view.edit_kpi(view.table.currentIndex())
    assert dialog.unsaved_changes() is None
    dialog.ui.lines["weight"].setText("7")
    assert dialog.unsaved_changes() == "Unsaved changes to KPI 3"
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or
                        getattr(QMessageBox.StandardButton, answer))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert asked == ["Unsaved changes to KPI 3. Save them before closing?"]
    assert dialog.isVisible() == (answer == "Cancel")
    with seeded_database.session() as session:
        weight = session.scalar(select(Kpi.weight).where(Kpi.reference == "KPI 3", Kpi.financial_year_id
                                                         == view._year.id))
    assert weight == (7 if answer == "Save" else 4)


def test_a_milestone_kpi_reads_its_targets_as_dates(qtbot, register_for, seeded_database):
    view = register_for("admin")
    click_row(qtbot, view.table, "KPI 7")
    dialog = view.edit_kpi(view.table.currentIndex())
    assert dialog.ui.choices["measure_type"].currentData() == MeasureType.DATE.value
    assert dialog.ui.lines["annual_target"].text() == "31 Mar 2026"
    assert dialog.ui.targets.item(1, 1).text() == "15 Dec 2025"
    dialog.ui.targets.item(3, 1).setText("2026-06-30")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with seeded_database.session() as session:
        dates = session.scalars(select(KpiTarget.value_date).join(Kpi).where(Kpi.reference == "KPI 7"))
        assert sorted(str(day) for day in dates) == ["2025-12-15", "2026-06-30"]


def test_tab_goes_through_the_fields_in_reading_order(qtbot, register_for):
    dialog = register_for("admin").new_kpi()
    visited, widget = [], dialog.ui.lines["reference"]
    while len(visited) < 5:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
            visited.append(widget)
    assert visited == [dialog.ui.texts["name"], dialog.ui.texts["definition"], dialog.ui.links["kpa_id"],
                       dialog.ui.lines["national_kpa"], dialog.ui.links["strategic_objective_id"]]


def test_the_sdbips_descriptive_words_are_edited_beside_the_fields_they_belong_to(qtbot, register_for,
                                                                                  seeded_database):
    view = register_for("admin")
    click_row(qtbot, view.table, "KPI 1")
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    dialog = view.findChild(KpiEditorDialog)
    form = dialog.ui.form.columns[0]
    captions = [form.itemAt(row, form.ItemRole.LabelRole).widget().text() for row in range(form.rowCount())]
    assert captions.index("Custodian (as &written):") == captions.index("Responsible o&fficial:") + 1
    assert captions.index("Focus area:") == captions.index("IDP strate&gy:") + 1
    qtbot.keyClicks(dialog.ui.lines["custodian"], "Director: Technical Services")
    qtbot.keyClicks(dialog.ui.lines["strategy"], "Replace ageing pipes")
    qtbot.keyClicks(dialog.ui.lines["focus_area"], "Water")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with seeded_database.session() as session:
        kpi = session.scalar(select(Kpi).where(Kpi.reference == "KPI 1", Kpi.financial_year_id == view._year.id))
        assert (kpi.custodian, kpi.strategy, kpi.focus_area, kpi.project) == (
            "Director: Technical Services", "Replace ageing pipes", "Water", None)

    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    again = [d for d in view.findChildren(KpiEditorDialog) if d.isVisible()][-1]
    qtbot.waitUntil(lambda: again.ui.lines["custodian"].text() == "Director: Technical Services")
    again.ui.lines["custodian"].setText("x" * 201)
    qtbot.mouseClick(again.ui.save, Qt.MouseButton.LeftButton)
    assert again.isVisible() and "200" in again.ui.form.messages.text_of("custodian")


def test_a_kpi_deleted_meanwhile_is_named_and_the_editor_can_still_be_closed(qtbot, operations, actor_named,
                                                                             seeded_year):
    dialog = KpiEditorDialog(operations, actor_named("admin"), seeded_year, "no-such-kpi")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.form.messages.general.text() == "No KPI with id no-such-kpi."
    assert not dialog.ui.save.isEnabled() and dialog.ui.cancel.isEnabled()
    qtbot.mouseClick(dialog.ui.cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_negative_targets_are_refused_like_negative_actuals(qtbot, register_for, seeded_database):
    view = register_for("admin")
    before = kpi_count(seeded_database)
    dialog = view.new_kpi()
    fill_new_kpi(qtbot, dialog, target="-1 200")
    dialog.ui.targets.item(2, 1).setText("-5")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.ui.form.messages.text_of("annual_target") == "A number target cannot be negative."
    annual = dialog.ui.lines["annual_target"]
    annual.clear()
    qtbot.keyClicks(annual, "1 200")
    qtbot.mouseClick(dialog.ui.save, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.ui.targets.item(2, PROBLEM).text() == "A number target cannot be negative"
    assert kpi_count(seeded_database) == before
