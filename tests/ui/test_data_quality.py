"""The data-quality screen: problems listed with counts, filtered, opened from the keyboard, flags resolved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from pmsdesk.models import DataQualityFlag, Kpi
from pmsdesk.services.data_quality import ProblemKind
from pmsdesk.ui.data_quality import DataQualityView
from pmsdesk.ui.data_quality.model import ProblemTableModel


@pytest.fixture
def kpi_ids(seeded_database, seeded) -> dict[str, str]:
    with seeded_database.session() as session:
        return dict(session.execute(select(Kpi.reference, Kpi.id).where(Kpi.financial_year_id == seeded.year_id)).all())


@pytest.fixture
def flag_on_kpi_2(seeded_database, kpi_ids) -> str:
    with seeded_database.session() as session:
        flag = DataQualityFlag(entity="kpi", entity_id=kpi_ids["KPI 2"], field="annual_target",
                               problem="'95% or more' is not a number", source="sdbip.xlsx, sheet 'TS', row 9")
        session.add(flag)
        session.commit()
        return flag.id


@pytest.fixture
def view_for(qtbot, seeded_year, operations, actor_named):
    def view_for(username: str = "admin") -> DataQualityView:
        view = DataQualityView(operations, actor_named(username), today=date(2025, 10, 1))
        qtbot.addWidget(view)
        view.resize(1236, 768)
        view.show()
        view.show_year(seeded_year)
        return view

    return view_for


def shown(view: DataQualityView) -> list[tuple[str, str]]:
    rows = [view.model.row_at(view.filter.mapToSource(view.filter.index(r, 0)).row())
            for r in range(view.filter.rowCount())]
    return [(row.kind.value, row.kpi_reference) for row in rows]


def select_problem(view: DataQualityView, kind: str, reference: str) -> None:
    row = shown(view).index((kind, reference))
    view.table.setCurrentIndex(view.filter.index(row, ProblemTableModel.REFERENCE))


def test_the_problems_are_listed_with_counts_per_kind_and_unit(view_for):
    view = view_for()
    kinds = [view.kinds.itemText(i) for i in range(view.kinds.count())]
    assert "No responsible unit (1)" in kinds and "No KPA (1)" in kinds
    total = view.model.total_count()
    assert kinds[0] == f"All kinds ({total})" and view.count_label.text() == f"{total} problems"
    units = [view.units.itemText(i) for i in range(view.units.count())]
    assert "No unit (3)" in units  # KPI 30 has no unit, no KPA and no targets

    view.kinds.setCurrentIndex(view.kinds.findData(ProblemKind.NO_KPA))
    assert shown(view) == [("No KPA", "KPI 30")]
    assert view.count_label.text() == "1 problem"


def test_a_search_narrows_the_list(qtbot, view_for):
    view = view_for()
    qtbot.keyClicks(view.search, "responsible unit")
    assert shown(view) == [("No responsible unit", "KPI 30")]
    assert view.count_label.text().startswith("1 of ")


def test_enter_opens_the_record_of_the_selected_problem(qtbot, view_for, kpi_ids):
    view = view_for()
    select_problem(view, "No responsible unit", "KPI 30")
    view.table.setFocus()
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == ["kpi", kpi_ids["KPI 30"]]


def test_a_double_click_opens_the_record_once(qtbot, view_for, kpi_ids):
    view = view_for()
    select_problem(view, "No KPA", "KPI 30")
    received = []
    view.open_requested.connect(lambda kind, record_id: received.append((kind, record_id)))
    view.table.scrollTo(view.table.currentIndex())
    rect = view.table.visualRect(view.table.currentIndex())
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert received == [("kpi", kpi_ids["KPI 30"])]


def test_an_import_flag_is_marked_resolved_with_a_note(qtbot, view_for, flag_on_kpi_2, seeded_database):
    view = view_for()
    select_problem(view, "Flagged on import", "KPI 2")
    assert view.resolve_button.isEnabled()
    dialog = view.mark_resolved()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert dialog.messages.text_of("note") == "Say what was done about the problem."
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.note, "Target set to 95 with the CFO")
    ok.click()
    assert not dialog.isVisible()
    assert ("Flagged on import", "KPI 2") not in shown(view)
    with seeded_database.session() as session:
        assert session.get(DataQualityFlag, flag_on_kpi_2).resolved_by == "admin"


def test_only_problems_from_import_can_be_marked_resolved(view_for, flag_on_kpi_2):
    view = view_for()
    select_problem(view, "No KPA", "KPI 30")
    assert view.open_button.isEnabled() and not view.resolve_button.isEnabled()
    select_problem(view, "Flagged on import", "KPI 2")
    assert view.resolve_button.isEnabled()
    viewer = view_for("viewer")
    select_problem(viewer, "Flagged on import", "KPI 2")
    assert viewer.open_button.isEnabled() and not viewer.resolve_button.isEnabled()


def test_a_capturer_sees_the_problems_of_their_own_directorate(view_for, kpi_ids, seeded_database):
    from pmsdesk.models import Unit

    view = view_for("capturer")

    assert view.message.isHidden() or not view.message.text(), view.message.text()
    listed = {reference for _kind, reference in shown(view)}
    assert listed, "the capturer's directorate has problems to fix"
    with seeded_database.session() as session:
        technical = session.scalar(select(Unit.id).where(Unit.code == "TS"))
        theirs = set(session.scalars(select(Kpi.reference).where(Kpi.id.in_(kpi_ids.values()),
                                                                  Kpi.responsible_unit_id == technical)))
    assert listed <= theirs


@pytest.fixture
def a_slip(seeded_database, seeded, kpi_ids, actor_named) -> str:
    """KPI 1's Q2 actual typed 100 times too large (30,000 against 300) and verified."""
    from pmsdesk.services import actuals, years

    capturer, verifier = actor_named("capturer"), actor_named("verifier")
    with seeded_database.session() as session:
        q2 = years.quarters(session, seeded.year_id)[1].id
        actual = actuals.save_actual(session, capturer, kpi_ids["KPI 1"], q2, {"value": 30_000})
        actuals.submit_actual(session, capturer, actual.id)
        actuals.verify_actual(session, verifier, actual.id)
        return actual.id


def test_a_value_held_for_checking_is_confirmed_with_a_note(qtbot, view_for, a_slip, seeded_database,
                                                            seeded):
    from pmsdesk.services.held_values import confirmed_values

    view = view_for()
    select_problem(view, "Implausible actual", "KPI 1")
    assert view.resolve_button.isEnabled() and view.resolve_button.text() == "&Confirm value…"
    dialog = view.mark_resolved()
    assert dialog.windowTitle() == "Confirm the value"
    qtbot.keyClicks(dialog.note, "Counted the 30,000 meters installed with the director")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert ("Implausible actual", "KPI 1") not in shown(view)
    with seeded_database.session() as session:
        assert confirmed_values(session, [seeded.year_id]) == {a_slip: 30_000}
