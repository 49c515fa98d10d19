"""The core's sentences on screen in the reader's language: the dashboard's lead, chart titles and at-risk reasons."""

from __future__ import annotations

import pytest

from pmsdesk.ui.dashboard import DashboardView
from pmsdesk.ui.translation import apply_language
from pmsdesk.ui.widgets.chart_view import ChartView
from tests.i18n_support import catalogues  # noqa: F401 - a fixture
from tests.ui.test_dashboard import TODAY, reported  # noqa: F401 - a fixture


@pytest.fixture
def kiswahili(catalogues):  # noqa: F811
    apply_language("sw")
    yield
    apply_language("en")


def test_the_dashboard_leads_charts_and_at_risk_reasons_read_in_kiswahili(qtbot, kiswahili, seeded_year, operations,
                                                                           actor_named, reported):  # noqa: F811
    view = DashboardView(operations, actor_named("approver"), today=TODAY)
    qtbot.addWidget(view)
    view.resize(1210, 640)
    view.show()
    view.show_year(seeded_year)

    headline = view.ui.headline.text()
    assert headline.startswith("Shabaha zilizofikiwa 0 kati ya 1 (0.0%)") and "4 zinasubiri kuripotiwa" in headline
    assert view.ui.directorate_targets.text().startswith("Shabaha zilizofikiwa kwa idara: ")
    assert view.ui.figures.itemText(0) == "Robo hii"
    titles = [chart.chart().title for chart in view.findChildren(ChartView) if chart.chart() is not None]
    assert "Kwa idara, Q2" in titles
    reasons = [view.ui.model.row_at(row).reason for row in range(view.ui.model.rowCount())]
    assert reasons and all("Hatarini" in reason for reason in reasons)
    assert not any("At risk" in reason or "against target" in reason for reason in reasons)
