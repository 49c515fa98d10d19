"""Chart definitions are built from the data once: numbers, order, colours and legend."""

from __future__ import annotations

import copy

import pytest

from pmsdesk import charts
from pmsdesk.charts import QuarterValue
from pmsdesk.models import CalculationType, Direction, MeasureType
from pmsdesk.scorecard import KpiInputs, YearInputs, score_year
from pmsdesk.scoring import KpiDefinition, PeriodFigure, default_rule_set

RULES = default_rule_set("za_sdbip")
LEGEND = charts.traffic_light_legend(RULES)
QUARTERS = {1: "Q1", 2: "Q2", 3: "Q3", 4: "Q4"}


def _kpi(reference: str, directorate: str | None, kpa: str, *figures: PeriodFigure) -> KpiInputs:
    definition = KpiDefinition(reference, CalculationType.ACCUMULATIVE, MeasureType.NUMBER,
                               Direction.HIGHER_IS_BETTER, f"KPI {reference}", None)
    groups = {"kpa": kpa, "objective": "(none)", "directorate": directorate or "(none)"}
    return KpiInputs(definition, groups, figures, None, ())


def _card():
    kpis = (
        _kpi("A1", "Technical Services", "Basic Service Delivery", PeriodFigure(1, target=100, actual=50)),
        _kpi("A2", "Technical Services", "Basic Service Delivery", PeriodFigure(1, target=100, actual=100)),
        _kpi("B1", "Budget and Treasury", "Financial Viability", PeriodFigure(1, target=100, actual=160)),
        _kpi("C1", None, "Financial Viability", PeriodFigure(1, target=100)),
        _kpi("A3", "Technical Services", "Basic Service Delivery", PeriodFigure(1, target=100, actual=80)),
    )
    return score_year(YearInputs("ZA", "Test", "2025/26", QUARTERS, kpis, {}, None), RULES, 1)


def test_the_legend_is_the_rule_sets_bands_in_order_with_short_names():
    assert [(e.key, e.label, e.colour) for e in LEGEND] == [
        ("not_met", "Not met", "#c0392b"), ("almost_met", "Almost met", "#e67e22"), ("met", "Met", "#82e0aa"),
        ("well_met", "Well met", "#1e8449"), ("extremely_well_met", "Extremely well met", "#2471a3"),
        ("not_reported", "Not reported", "#922b21"), ("held_for_checking", "Held for checking", "#8e44ad"),
        ("awaiting", "Awaiting report", "#bdc3c7"),
        ("not_yet_measured", "Not yet measured", "#7f8c8d")]


def test_colours_follow_the_rule_set_when_an_organisation_changes_them():
    rules = copy.deepcopy(RULES)
    rules["body"]["bands"][0]["colour"] = "#ff00ff"
    chart = charts.stacked_bars("t", [("X", {"not_met": 2})], charts.traffic_light_legend(rules))
    assert chart.colour_of("not_met") == "#ff00ff"


def test_lights_by_directorate_counts_each_kpi_once_in_name_order_without_a_group_last():
    chart = charts.lights_by(_card(), "directorate", LEGEND, year_to_date=False, title="By directorate, Q1")
    assert [bar.label for bar in chart.bars] == ["Budget and Treasury", "Technical Services", "(none)"]
    technical = chart.bars[1]
    assert [segment.key for segment in technical.segments] == [entry.key for entry in LEGEND]
    assert {s.key: s.count for s in technical.segments if s.count} == {"not_met": 1, "almost_met": 1, "met": 1}
    assert technical.total == 3
    assert {s.key: s.count for s in chart.bars[0].segments if s.count} == {"extremely_well_met": 1}
    assert {s.key: s.count for s in chart.bars[2].segments if s.count} == {"not_reported": 1}
    assert chart.legend == LEGEND and chart.value_label == "Number of KPIs"


def test_lights_by_kpa_groups_by_the_kpa():
    chart = charts.lights_by(_card(), "kpa", LEGEND, year_to_date=True, title="By KPA")
    assert [(bar.label, bar.total) for bar in chart.bars] == [("Basic Service Delivery", 3),
                                                               ("Financial Viability", 2)]


def test_stacked_bars_keep_the_given_order_and_drop_unknown_lights():
    chart = charts.stacked_bars("t", [("Z", {"met": 1, "bogus": 9}), ("A", {})], LEGEND)
    assert [(bar.label, bar.total) for bar in chart.bars] == [("Z", 1), ("A", 0)]


@pytest.mark.parametrize(("top", "axis"), [(0, (1, 1)), (7, (7, 1)), (45, (50, 10)), (128, (140, 20)),
                                           (4650, (5000, 1000)), (0.5, (0.5, 0.1))])
def test_axes_end_on_a_round_number_with_at_most_eight_steps(top, axis):
    assert charts.nice_axis(top) == pytest.approx(axis)


def test_a_trend_colours_each_actual_by_its_light_and_names_only_the_lights_used():
    chart = charts.trend("TS01 Households", [QuarterValue("Q1", 100, 80, "almost_met"),
                                             QuarterValue("Q2", 100, 120, "well_met"),
                                             QuarterValue("Q3", 100, None), QuarterValue("Q4", None, None)], LEGEND)
    assert [(p.label, p.target, p.actual, p.colour) for p in chart.points] == [
        ("Q1", 100, 80, "#e67e22"), ("Q2", 100, 120, "#1e8449"), ("Q3", 100, None, charts.NO_LIGHT_COLOUR),
        ("Q4", None, None, charts.NO_LIGHT_COLOUR)]
    assert [(e.label, e.mark) for e in chart.legend] == [("Target", "line"), ("Almost met", "box"),
                                                         ("Well met", "box")]
    assert chart.axis() == (120, 20)


def test_the_text_alternative_reads_every_bar_and_quarter():
    bars = charts.stacked_bars("By directorate, Q1", [("Technical Services", {"not_met": 3, "met": 1})], LEGEND)
    assert charts.describe(bars) == ("By directorate, Q1 (Number of KPIs):\n"
                                     "Technical Services: 4 KPIs — 3 not met, 1 met.")
    trend = charts.trend("TS01", [QuarterValue("Q1", 100, 80, "almost_met"), QuarterValue("Q2", 100, None)],
                         LEGEND)
    assert charts.describe(trend) == ("TS01:\nQ1: target 100, actual 80 (Almost met).\n"
                                      "Q2: target 100, actual not reported.")
    assert charts.describe(charts.trend("D", [QuarterValue("Q1", None, None)], LEGEND)) == (
        "D: no numeric targets or actuals to show.")


def test_the_legend_wraps_onto_a_new_row_when_the_next_entry_would_not_fit():
    rows = charts.legend_rows(LEGEND[:3], 200, lambda text: 10 * len(text), mark_width=10, gap=5)
    assert [[(x, entry.label) for x, entry in row] for row in rows] == [
        [(0, "Not met"), (85, "Almost met")], [(0, "Met")]]


def _lightness(colour: str) -> float:
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def test_met_and_well_met_are_told_apart_even_in_grey_print():
    """'Met' and 'Well met' were two nearly identical greens (lightness 0.49 and 0.37)."""
    colour = {entry.key: entry.colour for entry in LEGEND}
    assert abs(_lightness(colour["met"]) - _lightness(colour["well_met"])) >= 0.3
