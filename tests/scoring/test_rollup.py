"""Roll-ups by KPA, unit or organisation, and year-end projections."""

from __future__ import annotations

import pytest

from pmsdesk.models.enums import CalculationType as C
from pmsdesk.models.enums import Direction as D
from pmsdesk.models.enums import MeasureType as M
from pmsdesk.scoring import (
    FigureStatus,
    KpiDefinition,
    PeriodFigure,
    RollupEntry,
    default_rule_set,
    project_year_end,
    roll_up,
    score_kpi,
)

RULES = default_rule_set("za_sdbip")
MEASURED = FigureStatus.MEASURED


def test_weighted_mean_uses_kpi_weights_when_every_kpi_has_one():
    entries = [RollupEntry("A", MEASURED, 100.0, 3), RollupEntry("B", MEASURED, 60.0, 1)]
    whole = roll_up(entries, RULES)["organisation"]
    assert whole.score == pytest.approx(90.0)
    assert whole.weighting == "kpi_weights" and whole.category == "almost_met"


def test_equal_weights_when_some_kpis_have_none():
    entries = [RollupEntry("A", MEASURED, 100.0, 3), RollupEntry("B", MEASURED, 60.0)]
    whole = roll_up(entries, RULES)["organisation"]
    assert whole.score == pytest.approx(80.0) and whole.weighting == "equal"


def test_unmeasured_kpis_are_left_out_and_unreported_ones_count_as_not_achieved():
    entries = [
        RollupEntry("A", MEASURED, 120.0, 1, met=True),
        RollupEntry("B", FigureStatus.NOT_MEASURED, None, 5),
        RollupEntry("C", FigureStatus.NOT_REPORTED, None, 5),
        RollupEntry("D", FigureStatus.NOT_REPORTED, None, 5),
    ]
    whole = roll_up(entries, RULES)["organisation"]
    assert whole.score == pytest.approx(120.0 / 11)  # C and D count at 0% with their weights
    assert (whole.measured, whole.left_out) == (3, 1)
    assert whole.left_out_by_reason == {"not_measured": 1}
    assert (whole.achieved, whole.targets, whole.not_reported) == (1, 3, 2)


def test_groups_by_any_key():
    entries = [
        RollupEntry("A", MEASURED, 100.0, groups={"kpa": "Basic services", "unit": "Tech"}),
        RollupEntry("B", MEASURED, 50.0, groups={"kpa": "Basic services", "unit": "Finance"}),
        RollupEntry("C", MEASURED, 150.0, groups={"kpa": "Governance", "unit": "Finance"}),
    ]
    by_kpa = roll_up(entries, RULES, by="kpa")
    by_unit = roll_up(entries, RULES, by="unit")
    assert by_kpa["Basic services"].score == pytest.approx(75.0)
    assert by_kpa["Governance"].category == "extremely_well_met"
    assert by_unit["Finance"].score == pytest.approx(100.0)
    assert by_unit["Finance"].kpi_references == ("B", "C")


def test_a_group_with_nothing_measured_has_no_score():
    whole = roll_up([RollupEntry("A", FigureStatus.NOT_MEASURED, None)], RULES)["organisation"]
    assert whole.score is None and whole.category == "not_yet_measured"


def test_optional_cap_keeps_one_runaway_kpi_from_hiding_the_rest():
    rules = default_rule_set("za_sdbip")
    rules["body"]["rollup_achievement_cap"] = 200
    entries = [RollupEntry("A", MEASURED, 2420.0), RollupEntry("B", MEASURED, 0.0)]
    assert roll_up(entries, rules)["organisation"].score == pytest.approx(100.0)


def test_entries_come_straight_from_kpi_results():
    kpi = KpiDefinition("A", C.ACCUMULATIVE, M.NUMBER, D.HIGHER_IS_BETTER, weight=2)
    result = score_kpi(kpi, [PeriodFigure(1, 10, 5), PeriodFigure(2, 10, 15)], 2, RULES)
    period = RollupEntry.from_result(result, {"kpa": "x"})
    ytd = RollupEntry.from_result(result, year_to_date=True)
    assert (period.achievement, period.weight, period.groups) == (150.0, 2, {"kpa": "x"})
    assert ytd.achievement == pytest.approx(100.0)


def kpi(calc, measure=M.NUMBER, direction=D.HIGHER_IS_BETTER):
    return KpiDefinition("K", calc, measure, direction)


def test_projection_of_an_accumulative_kpi_uses_the_run_rate():
    figures = [PeriodFigure(1, 300, 280), PeriodFigure(2, 700, 300), PeriodFigure(3, 700),
               PeriodFigure(4, 300)]
    projection = project_year_end(kpi(C.ACCUMULATIVE), figures, 4, RULES, method="run_rate")
    assert projection.method == "run_rate"
    assert projection.projected_actual == pytest.approx(1160)
    assert projection.annual_target == 2000
    assert projection.at_risk is True
    assert projection.reason == ("At risk: at the run-rate of 290 a period, the year would end "
                                 "at 1,160 against a target of 2,000 (58%).")


def test_projection_follows_last_years_seasonal_pattern():
    figures = [PeriodFigure(1, 300, 280), PeriodFigure(2, 700, 300), PeriodFigure(3, 700),
               PeriodFigure(4, 300)]
    previous = [PeriodFigure(n, actual=a) for n, a in ((1, 100), (2, 100), (3, 400), (4, 400))]
    projection = project_year_end(kpi(C.ACCUMULATIVE), figures, 4, RULES, previous_year=previous,
                                  method="run_rate")
    assert projection.method == "seasonal"
    assert projection.projected_actual == pytest.approx(2900)
    assert projection.at_risk is False and projection.reason.startswith("On track")


def test_projection_of_a_carry_over_kpi_follows_its_trend():
    figures = [PeriodFigure(1, 25, 10), PeriodFigure(2, 50, 30), PeriodFigure(3, 75),
               PeriodFigure(4, 100)]
    projection = project_year_end(kpi(C.CARRY_OVER, M.PERCENTAGE), figures, 4, RULES,
                                  method="run_rate")
    assert projection.method == "trend"
    assert projection.projected_actual == pytest.approx(70)
    assert projection.at_risk is True
    assert "trend of +20 a period" in projection.reason


def test_phased_targets_are_projected_on_their_own_plan():
    # A back-loaded plan: 100 in Q1, then 300, 600, 1,000. Q1 delivered its 100 exactly: on plan.
    figures = [PeriodFigure(1, 100, 100), PeriodFigure(2, 300), PeriodFigure(3, 600),
               PeriodFigure(4, 1000)]
    planned = project_year_end(kpi(C.ACCUMULATIVE), figures, 4, RULES, as_of_period=1)
    assert planned.method == "plan" and planned.projected_actual == pytest.approx(2000)
    assert planned.at_risk is False
    assert planned.reason.startswith("On track: delivering 100% of its phased plan")
    # The run-rate would call it at risk: 100 a quarter is 400 of 2,000.
    rate = project_year_end(kpi(C.ACCUMULATIVE), figures, 4, RULES, as_of_period=1,
                            method="run_rate")
    assert rate.method == "run_rate" and rate.at_risk is True


def test_even_targets_keep_the_run_rate_and_a_project_follows_its_plan():
    even = [PeriodFigure(n, 100, 90 if n == 1 else None) for n in range(1, 5)]
    assert project_year_end(kpi(C.ACCUMULATIVE), even, 4, RULES).method == "run_rate"
    project = [PeriodFigure(1, 25, 10), PeriodFigure(2, 50, 30), PeriodFigure(3, 75),
               PeriodFigure(4, 100)]
    planned = project_year_end(kpi(C.CARRY_OVER, M.PERCENTAGE), project, 4, RULES)
    assert planned.method == "plan" and planned.projected_actual == pytest.approx(60)


def test_projection_of_other_types_assumes_the_last_value_holds():
    figures = [PeriodFigure(1, 10, 8), PeriodFigure(2, 10, 9), PeriodFigure(3, 10),
               PeriodFigure(4, 10)]
    projection = project_year_end(kpi(C.REVERSE_STAND_ALONE), figures, 4, RULES)
    assert projection.method == "last_value"
    assert projection.projected_actual == pytest.approx(8.75)
    assert projection.at_risk is False


def test_projection_flags_a_missed_or_unreported_milestone():
    figures = [PeriodFigure(1, 1, 1), PeriodFigure(2, 1, 0), PeriodFigure(4, 1)]
    missed = project_year_end(kpi(C.ACCUMULATIVE, M.YES_NO), figures, 4, RULES)
    assert missed.at_risk and missed.reason == "At risk: the milestone due in Q2 was not met."
    late = project_year_end(kpi(C.ACCUMULATIVE, M.YES_NO), [PeriodFigure(2, 1)], 4, RULES,
                            as_of_period=2)
    assert late.at_risk and "not been reported" in late.reason


def test_projection_with_nothing_due_yet_is_not_at_risk():
    projection = project_year_end(kpi(C.ACCUMULATIVE), [PeriodFigure(4, 10)], 4, RULES,
                                  as_of_period=1)
    assert projection.at_risk is False
    assert projection.reason == "On track: nothing is due before Q4."
