"""The risk register screen: matrix counts, filtering by a cell, editing with messages next to the fields."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, Kpi, Risk
from pmsdesk.services import risks
from pmsdesk.services.actor import Actor
from pmsdesk.ui.risks import RisksView
from pmsdesk.ui.risks.model import RiskTableModel

#: title → (KPI reference, likelihood, impact)
RISKS = {"Floods wash away pipes": ("KPI 1", 4, 5), "Vandalism of pump stations": ("KPI 1", 4, 5),
         "Late audit file": ("KPI 2", 1, 2), "Strike": (None, 2, 3)}


@pytest.fixture
def risk_ids(seeded_database, seeded) -> dict[str, str]:
    with seeded_database.session() as session:
        in_year = select(Kpi.reference, Kpi.id).where(Kpi.financial_year_id == seeded.year_id)
        kpi_ids = dict(session.execute(in_year).all())
        return {title: risks.create_risk(session, Actor.system(), seeded.organisation_id,
                                         {"title": title, "kpi_id": kpi_ids.get(reference),
                                          "likelihood": likelihood, "impact": impact}).id
                for title, (reference, likelihood, impact) in RISKS.items()}


@pytest.fixture
def view_for(qtbot, seeded_year, operations, actor_named, risk_ids):
    def view_for(username: str = "admin") -> RisksView:
        view = RisksView(operations, actor_named(username))
        qtbot.addWidget(view)
        view.resize(1236, 768)
        view.show()
        view.show_year(seeded_year)
        return view

    return view_for


def listed_titles(view: RisksView) -> list[str]:
    return [view.model.row_at(row).title for row in range(view.model.rowCount())]


def choose(view: RisksView, title: str) -> None:
    row = listed_titles(view).index(title)
    view.table.selectRow(view.filter.mapFromSource(view.model.index(row, 0)).row())


def test_the_matrix_counts_risks_per_cell_and_band(view_for):
    view = view_for()
    assert view.matrix.count_at((4, 5)) == 2
    assert view.matrix.count_at((1, 2)) == 1 and view.matrix.count_at((2, 3)) == 1
    assert view.matrix.count_at((5, 5)) == 0 and view.matrix.cells[(5, 5)].text() == ""
    assert {band.value: label.text() for band, label in view.matrix.band_counts.items()} == {
        "extreme": "2 risks", "high": "0 risks", "medium": "1 risk", "low": "1 risk"}
    assert "2 risks with likelihood 4 (likely), impact 5" in view.matrix.cells[(4, 5)].accessibleName()
    assert listed_titles(view)[:2] == ["Floods wash away pipes", "Vandalism of pump stations"]
    assert view.count_label.text() == "4 risks"


def test_clicking_a_cell_lists_only_its_risks_and_clicking_again_lists_all(qtbot, view_for):
    view = view_for()
    qtbot.mouseClick(view.matrix.cells[(1, 2)], Qt.MouseButton.LeftButton)
    assert listed_titles(view) == ["Late audit file"]
    assert view.count_label.text() == "1 risk at likelihood 1, impact 2"
    qtbot.mouseClick(view.matrix.cells[(1, 2)], Qt.MouseButton.LeftButton)
    assert len(listed_titles(view)) == 4


def test_a_cell_is_chosen_from_the_keyboard(qtbot, view_for):
    view = view_for()
    view.matrix.cells[(4, 5)].setFocus()
    qtbot.keyClick(view.matrix.cells[(4, 5)], Qt.Key.Key_Space)
    assert sorted(listed_titles(view)) == ["Floods wash away pipes", "Vandalism of pump stations"]


def test_a_bad_likelihood_is_named_next_to_the_field_and_nothing_is_written(qtbot, view_for, seeded_database,
                                                                             risk_ids):
    view = view_for()
    choose(view, "Strike")
    with seeded_database.session() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    view.editor.ui.likelihood.clear()
    qtbot.keyClicks(view.editor.ui.likelihood, "7")
    view.editor.ui.save.click()
    assert view.editor.ui.messages.text_of("likelihood") == "Must be at most 5, got 7."
    assert view.editor.ui.messages.fields["likelihood"].isVisibleTo(view)
    assert view.unsaved_changes() == "changes to the risk 'Strike'"
    with seeded_database.session() as session:
        assert session.get(Risk, risk_ids["Strike"]).likelihood == 2
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_an_edit_is_saved_and_the_matrix_follows(qtbot, view_for, seeded_database, risk_ids):
    view = view_for()
    choose(view, "Strike")
    view.editor.ui.impact.setText("5")
    view.editor.ui.mitigation.setPlainText("Agree a minimum service level with the union")
    view.editor.ui.save.click()
    assert view.matrix.count_at((2, 5)) == 1 and view.matrix.count_at((2, 3)) == 0
    assert view.editor.risk.title == "Strike" and view.editor.risk.impact == 5
    assert view.unsaved_changes() is None
    with seeded_database.session() as session:
        risk = session.get(Risk, risk_ids["Strike"])
        assert (risk.impact, risk.mitigation) == (5, "Agree a minimum service level with the union")


def test_a_new_risk_is_linked_to_a_kpi_of_the_year(qtbot, view_for, seeded_database, seeded):
    view = view_for()
    qtbot.mouseClick(view.editor.ui.new, Qt.MouseButton.LeftButton)
    assert view.unsaved_changes() is None
    qtbot.keyClicks(view.editor.ui.title, "Drought")
    view.editor.ui.kpi.setCurrentIndex(view.editor.ui.kpi.findText("KPI 3", Qt.MatchFlag.MatchStartsWith))
    view.editor.ui.likelihood.setText("3")
    view.editor.ui.impact.setText("4")
    assert view.unsaved_changes() == "a new risk not saved yet"
    view.editor.ui.save.click()
    assert view.editor.risk.title == "Drought" and view.editor.risk.kpi_reference == "KPI 3"
    assert view.matrix.count_at((3, 4)) == 1


def test_closing_needs_a_reason_and_keeps_the_risk_in_sight(qtbot, view_for):
    view = view_for()
    choose(view, "Late audit file")
    view.editor.ui.close_or_reopen.click()
    assert view.editor.ui.messages.text_of("reason") == "Say why the risk is closed."
    qtbot.keyClicks(view.editor.ui.reason, "Audit file submitted")
    view.editor.ui.close_or_reopen.click()
    assert view.status.currentText() == "All risks"
    assert view.editor.risk.title == "Late audit file" and not view.editor.risk.is_open
    assert view.editor.ui.close_or_reopen.text() == "R&eopen risk"
    view.status.setCurrentIndex(0)
    assert "Late audit file" not in listed_titles(view)


def test_a_read_only_user_sees_the_register_but_cannot_edit(view_for):
    view = view_for("viewer")
    assert len(listed_titles(view)) == 4
    choose(view, "Strike")
    assert not view.editor.ui.save.isEnabled() and not view.editor.ui.close_or_reopen.isEnabled()


def test_the_columns_are_those_officials_read(view_for):
    view = view_for()
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert headers == ["Risk", "KPI", "Owner", "L", "I", "Rating", "Status"]
    row = listed_titles(view).index("Floods wash away pipes")
    assert view.model.index(row, RiskTableModel.RATING).data() == "20 extreme"



@pytest.fixture
def strike_edited(view_for) -> RisksView:
    """The register with 'Strike' in the form and its impact changed, not saved."""
    view = view_for()
    choose(view, "Strike")
    view.editor.ui.impact.setText("4")
    return view


def test_picking_another_risk_asks_before_dropping_edits_and_go_back_keeps_them(strike_edited, answers):
    view, (queued, asked) = strike_edited, answers
    queued.append("Go back")
    choose(view, "Late audit file")
    assert "If you open another risk now, they are lost." in asked[-1]
    assert "changes to the risk 'Strike'" in asked[-1]
    assert view.editor.risk.title == "Strike" and view.editor.ui.impact.text() == "4"
    selected = view.table.selectionModel().selectedRows()
    assert [view.filter.index(index.row(), RiskTableModel.TITLE).data() for index in selected] == ["Strike"]
    queued.append("Discard")
    choose(view, "Late audit file")
    assert view.editor.risk.title == "Late audit file" and view.unsaved_changes() is None
    assert len(asked) == 2


def test_changing_the_filter_asks_before_dropping_edits(qtbot, strike_edited, answers):
    view, (queued, asked) = strike_edited, answers
    queued.append("Go back")
    qtbot.mouseClick(view.matrix.cells[(1, 2)], Qt.MouseButton.LeftButton)
    assert "If you list other risks now" in asked[-1]
    assert view.matrix.chosen() is None and not view.matrix.cells[(1, 2)].isChecked()
    assert len(listed_titles(view)) == 4 and view.editor.ui.impact.text() == "4"
    queued.append("Go back")
    view.status.setCurrentIndex(2)
    assert view.status.currentIndex() == 0 and view.editor.risk.title == "Strike"
    queued.append("Discard")
    qtbot.mouseClick(view.matrix.cells[(1, 2)], Qt.MouseButton.LeftButton)
    assert listed_titles(view) == ["Late audit file"] and view.editor.risk is None
    assert len(asked) == 3


def test_a_new_risk_is_not_started_over_unsaved_edits_without_asking(qtbot, strike_edited, answers):
    view, (queued, asked) = strike_edited, answers
    queued.append("Go back")
    qtbot.mouseClick(view.editor.ui.new, Qt.MouseButton.LeftButton)
    assert "If you start a new risk now" in asked[-1]
    assert view.editor.risk.title == "Strike" and view.editor.ui.impact.text() == "4"
