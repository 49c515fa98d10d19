"""How figures and names read on screen: money with the organisation's currency, names cut without losing
the ward, figure columns wide enough for their widest figure, percentages on trend charts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from pmsdesk import charts
from pmsdesk.charts import QuarterValue
from pmsdesk.models import CalculationType, Direction, MeasureType
from pmsdesk.services.register import KpiRegisterRow
from pmsdesk.ui.register.model import KpiRegisterModel
from pmsdesk.ui.widgets.tables import ReadOnlyTable, elide_keeping_end
from pmsdesk.wording import amount_in, currency_symbol, measured_value, money


@pytest.mark.parametrize(("country", "symbol"), [("ZA", "R"), ("KE", "KSh"), ("tz", "TSh"), ("", ""), (None, "")])
def test_each_country_has_its_currency(country, symbol):
    assert currency_symbol(country) == symbol


def test_money_reads_as_officials_write_it():
    assert amount_in(110_825_000, "R") == "R 110,825,000"
    assert amount_in(12.5, "KSh") == "KSh 12.50"
    assert amount_in(-3000, "TSh") == "-TSh 3,000"
    assert amount_in(1250, "") == "1,250"
    assert money(236_370_104.0, "ZA") == "R 236,370,104" and money(5, "XX") == "5"
    assert measured_value(2_400_000_000, MeasureType.CURRENCY, "TSh") == "TSh 2,400,000,000"
    assert measured_value(95, MeasureType.PERCENTAGE, "R") == "95%", "only money gets the symbol"


def row(reference: str, target: float, measure: MeasureType = MeasureType.CURRENCY) -> KpiRegisterRow:
    return KpiRegisterRow(f"id-{reference}", reference, "Rand value of revenue collected", None, None, measure,
                          CalculationType.ACCUMULATIVE, Direction.HIGHER_IS_BETTER, "Rand", target, None, None)


def test_the_register_writes_the_currency_and_its_column_shows_the_whole_figure(qtbot):
    model = KpiRegisterModel()
    model.set_currency("R")
    table = ReadOnlyTable(model, model.columns, KpiRegisterModel.NAME)
    qtbot.addWidget(table)
    model.set_rows([row("BTO 1", 110_825_000), row("BTO 2", 12, MeasureType.NUMBER)])
    table.resize(900, 300)
    table.show()

    shown = "R 110,825,000"
    assert {model.index(n, KpiRegisterModel.TARGET).data() for n in range(2)} == {shown, "12"}
    assert table.columnWidth(KpiRegisterModel.TARGET) >= table.fontMetrics().horizontalAdvance(shown) + 8


def test_a_long_name_keeps_its_start_and_its_ward():
    metrics = QFontMetrics(QFont())
    name = "Number of households with access to basic water in Ward 1"
    width = metrics.horizontalAdvance(name) * 2 // 3
    cut = elide_keeping_end(name, metrics, width)
    assert cut.startswith("Number of households") and cut.endswith("… in Ward 1")
    assert metrics.horizontalAdvance(cut) <= width
    assert elide_keeping_end(name, metrics, metrics.horizontalAdvance(name)) == name


def test_a_name_without_a_distinguishing_ending_is_cut_at_the_end():
    metrics = QFontMetrics(QFont())
    name = "Percentage of the capital budget actually spent on capital projects"
    cut = elide_keeping_end(name, metrics, metrics.horizontalAdvance(name) // 2)
    assert cut.startswith("Percentage of") and cut.endswith("…")
    assert cut == metrics.elidedText(name, Qt.TextElideMode.ElideRight, metrics.horizontalAdvance(name) // 2)


def test_a_percentage_trend_writes_percent_signs():
    chart = charts.trend("BTO01 % of capital budget spent", [QuarterValue("Q1", 25, 24.97), QuarterValue("Q2", 50, 46.81)],
                         (), suffix="%")
    assert chart.figure(46.81) == "46.81%" and chart.figure(None) == "–"
    assert "Q2: target 50%, actual 46.81%" in charts.describe(chart)
