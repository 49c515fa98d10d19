"""The dashboard screen: counts, charts, the at-risk list and opening a KPI from it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from sqlalchemy import select

from pmsdesk import charts
from pmsdesk.models import Kpi
from pmsdesk.scoring import default_rule_set
from pmsdesk.services import actuals, years
from pmsdesk.services.actor import Actor
from pmsdesk.ui.dashboard import DashboardView
from pmsdesk.ui.widgets.chart_view import ChartView

TODAY = date(2026, 1, 20)  # Q2 of 2025/26 has ended: its reports are due


@pytest.fixture
def reported(seeded_database, seeded, actor_named) -> dict[str, str]:
    """Q2: KPI 1 reported 50 against 300 and verified; KPI 3 submitted; the other four due KPIs not reported."""
    capturer, verifier = actor_named("capturer"), actor_named("verifier")
    with seeded_database.session() as session:
        ids = dict(session.execute(select(Kpi.reference, Kpi.id).where(Kpi.financial_year_id == seeded.year_id)).all())
        q2 = years.quarters(session, seeded.year_id)[1].id
        made = {}
        for reference, value in (("KPI 1", 50), ("KPI 3", 3)):
            actual = actuals.save_actual(session, capturer, ids[reference], q2, {"value": value})
            actuals.submit_actual(session, capturer, actual.id)
            made[reference] = actual.id
        actuals.verify_actual(session, verifier, made["KPI 1"])
    return {"KPI 1": ids["KPI 1"], "KPI 3": ids["KPI 3"], "KPI 1 actual": made["KPI 1"]}


@pytest.fixture
def view(qtbot, seeded_year, operations, actor_named, reported) -> DashboardView:
    view = DashboardView(operations, actor_named("approver"), today=TODAY)
    qtbot.addWidget(view)
    view.resize(1210, 640)
    view.show()
    view.show_year(seeded_year)
    return view


def tile_counts(view: DashboardView) -> dict[str, str]:
    return {name: tile.count() for name, tile in view.ui.tiles.items()}


def listed(view: DashboardView) -> list[str]:
    return [view.ui.model.row_at(row).reference for row in range(view.ui.model.rowCount())]


def test_the_tiles_count_the_quarters_work(view):
    assert view.ui.periods.period().label == "Q2"
    assert tile_counts(view) == {"submission": "4", "verification": "1", "approval": "1",
                                 "at_risk": str(len(view.dashboard().at_risk))}
    assert view.ui.tiles["approval"].accessibleName() == "Awaiting approval in Q2: 1"


def test_the_at_risk_list_gives_the_reason(view):
    row = next(view.ui.model.row_at(r) for r in range(view.ui.model.rowCount())
               if view.ui.model.row_at(r).reference == "KPI 1")
    assert row.reason.startswith("Q2 actual 50 against target 300. At risk:")


def test_enter_or_double_click_on_an_at_risk_row_asks_to_open_that_kpi(qtbot, view, reported):
    row = listed(view).index("KPI 1")
    view.ui.table.setFocus()
    view.ui.table.selectRow(row)
    with qtbot.waitSignal(view.kpi_requested, timeout=1000) as opened:
        qtbot.keyClick(view.ui.table, Qt.Key.Key_Return)
    assert opened.args == [reported["KPI 1"]]
    rect = view.ui.table.visualRect(view.ui.model.index(row, 1))
    received = []
    view.kpi_requested.connect(received.append)
    qtbot.mouseClick(view.ui.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.ui.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert received == [reported["KPI 1"]]


def test_any_kpi_chosen_for_the_trend_can_be_opened(qtbot, view, reported):
    assert view.choose_kpi(reported["KPI 3"])
    assert view.ui.trend.chart().title.startswith("KPI 3 ")
    with qtbot.waitSignal(view.kpi_requested, timeout=1000) as opened:
        qtbot.mouseClick(view.ui.open_kpi, Qt.MouseButton.LeftButton)
    assert opened.args == [reported["KPI 3"]]


def test_choosing_an_at_risk_row_shows_its_trend(view, reported):
    view.ui.table.selectRow(listed(view).index("KPI 1"))
    trend = view.ui.trend.chart()
    assert trend.title.startswith("KPI 1 ")
    assert [(p.label, p.target, p.actual) for p in trend.points][1] == ("Q2", 300, 50)
    assert "Q2: target 300, actual 50 (Not met)." in view.ui.trend.accessibleDescription()


def test_a_bar_chosen_from_the_keyboard_lists_only_its_at_risk_kpis(qtbot, view):
    everything = listed(view)
    chart = view.ui.by_directorate
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    first = chart.current_bar()
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    shown = [view.ui.model.row_at(r) for r in range(view.ui.model.rowCount())]
    assert shown and {row.directorate for row in shown} == {first}
    assert len(shown) < len(everything)
    assert view.ui.filter_label.text().startswith(f"At-risk KPIs in {first}:")
    qtbot.mouseClick(view.ui.show_all, Qt.MouseButton.LeftButton)
    assert listed(view) == everything


def test_refresh_after_an_approval_shows_the_change(view, seeded_database, actor_named, reported):
    with seeded_database.session() as session:
        actuals.approve_actual(session, actor_named("approver"), reported["KPI 1 actual"])
    assert tile_counts(view)["approval"] == "1"
    view.refresh()
    assert tile_counts(view)["approval"] == "0"


def test_coming_back_to_the_dashboard_shows_an_approval_made_meanwhile(view, seeded_database, actor_named,
                                                                        reported):
    view.hide()
    with seeded_database.session() as session:
        actuals.approve_actual(session, actor_named("approver"), reported["KPI 1 actual"])
    view.show()
    assert tile_counts(view)["approval"] == "0"


def test_the_year_to_date_lights_replace_the_quarters(view):
    assert view.ui.by_kpa.chart().title == "By key performance area, Q2"
    view.ui.figures.setCurrentIndex(1)
    assert view.ui.by_kpa.chart().title == "By key performance area, year to Q2"
    assert view.ui.by_kpa.chart() == view.dashboard().year_to_date.by_kpa
    assert view.ui.figures.currentText() == "Year to date"


def test_at_the_last_quarter_the_year_to_date_is_called_the_whole_year(view):
    view.ui.figures.setCurrentIndex(1)
    assert view.ui.periods.select_label("Q4")
    assert view.ui.figures.currentText() == "Whole year"
    assert view.ui.by_kpa.chart().title == "By key performance area, whole year"
    assert view.ui.headline.text().endswith("(whole year)")
    assert view.ui.periods.select_label("Q3")
    assert view.ui.figures.currentText() == "Year to date"


def test_a_refusal_is_a_message_in_the_window(qtbot, seeded_year, operations):
    view = DashboardView(operations, Actor("nobody"), today=TODAY)
    qtbot.addWidget(view)
    view.show_year(seeded_year)
    assert view.ui.message.text() == "The dashboard could not be shown: nobody may not read."
    assert tile_counts(view)["approval"] == "–"


def test_the_chart_widget_paints_a_definition_and_reads_it_out(qtbot):
    legend = charts.traffic_light_legend(default_rule_set("za_sdbip"))
    chart = charts.stacked_bars("By directorate, Q2", [("Technical Services", {"not_met": 3, "met": 1})], legend)
    widget = ChartView("Traffic lights by directorate")
    qtbot.addWidget(widget)
    widget.resize(500, widget.heightForWidth(500))
    widget.set_chart(chart)
    image = widget.grab().toImage()
    not_met = QColor(legend[0].colour).rgb()
    assert any(image.pixel(x, y) == not_met for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))
    assert widget.accessibleName() == "Traffic lights by directorate"
    assert widget.accessibleDescription() == widget.text_alternative() == charts.describe(chart)
    widget.set_chart(None, "Nothing reported yet.")
    assert not widget.grab().isNull() and widget.text_alternative() == "Nothing reported yet."



def test_the_dashboard_leads_with_targets_achieved_and_counts_what_awaits_the_deadline(qtbot, view):
    # 20 January 2026: Q2's reports are due by 30 January (MFMA s52(d): 30 days), so the four
    # due KPIs without a counted value are awaiting, not missed.
    text = view.ui.headline.text()
    assert text.startswith("Targets achieved 0 of 1 (0.0%)") and "4 awaiting report" in text
    assert text.endswith("(Q2)")
    assert view.ui.second_figure.text().startswith("Weighted mean achievement ")
    assert "Targets achieved by directorate: " in view.ui.directorate_targets.text()
    view.ui.figures.setFocus()
    qtbot.keyClick(view.ui.figures, Qt.Key.Key_Down)
    assert view.ui.figures.currentIndex() == 1
    assert view.ui.headline.text().endswith("(year to Q2)")


def test_after_the_deadline_a_missing_value_is_not_reported(qtbot, seeded_year, operations,
                                                          actor_named, reported):
    late = DashboardView(operations, actor_named("approver"), today=date(2026, 2, 2))
    qtbot.addWidget(late)
    late.show()
    late.show_year(seeded_year)
    assert late.ui.headline.text().startswith("Targets achieved 0 of 5 (0.0%); 4 not reported")
