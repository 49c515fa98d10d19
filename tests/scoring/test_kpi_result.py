"""Period and year-to-date figures for every calculation type, measure type and direction."""

from __future__ import annotations

from datetime import date

import pytest

from pmsdesk.models.enums import CalculationType as C
from pmsdesk.models.enums import Direction as D
from pmsdesk.models.enums import MeasureType as M
from pmsdesk.scoring import (
    FigureStatus,
    KpiDefinition,
    PeriodFigure,
    TargetBasis,
    default_rule_set,
    score_kpi,
)
from pmsdesk.scoring.errors import ScoringInputError

RULES = default_rule_set("za_sdbip")


def kpi(calc=C.ACCUMULATIVE, measure=M.NUMBER, direction=D.HIGHER_IS_BETTER, weight=None):
    return KpiDefinition("K1", calc, measure, direction, weight=weight)


def quarters(*pairs):
    return [PeriodFigure(n, target, actual) for n, (target, actual) in enumerate(pairs, 1)]


def test_accumulative_sums_targets_and_actuals():
    result = score_kpi(kpi(C.ACCUMULATIVE), quarters((300, 280), (700, 800), (700, None)), 2, RULES)
    assert (result.year_to_date.target, result.year_to_date.actual) == (1000, 1080)
    assert result.year_to_date.achievement == pytest.approx(108.0)
    assert result.year_to_date.category == "well_met"
    assert result.period.target == 700 and result.period.achievement == pytest.approx(800 / 7)


def test_accumulative_counts_work_done_in_a_period_without_a_target():
    figures = quarters((None, 1), (None, None), (None, None), (1, 0))
    result = score_kpi(kpi(C.ACCUMULATIVE), figures, 4, RULES)
    assert result.year_to_date.met is True
    assert result.year_to_date.actual == 1
    assert result.period.met is False  # Q4 on its own reported nothing


def test_carry_over_uses_the_highest_target_and_actual_so_far():
    figures = quarters((25, 30), (50, 45), (75, 40))
    ytd = score_kpi(kpi(C.CARRY_OVER, M.PERCENTAGE), figures, 3, RULES).year_to_date
    assert (ytd.target, ytd.actual) == (75, 45)
    assert ytd.achievement == pytest.approx(60.0)
    assert ytd.category == "not_met"


def test_stand_alone_averages_over_periods_whose_target_is_above_zero():
    figures = quarters((100, 90), (0, 50), (100, 100))
    ytd = score_kpi(kpi(C.STAND_ALONE, M.PERCENTAGE), figures, 3, RULES).year_to_date
    assert (ytd.target, ytd.actual) == (100, 95)
    assert ytd.periods_used == (1, 3)
    assert ytd.category == "almost_met"


def test_last_value_takes_the_most_recent_target_and_actual_above_zero():
    figures = quarters((10, 8), (12, 12), (0, 0))
    ytd = score_kpi(kpi(C.LAST_VALUE), figures, 3, RULES).year_to_date
    assert (ytd.target, ytd.actual) == (12, 12)
    assert ytd.met is True and ytd.category == "met"


def test_reverse_stand_alone_is_lower_is_better():
    figures = quarters((10, 8), (10, 14))
    result = score_kpi(kpi(C.REVERSE_STAND_ALONE, direction=D.HIGHER_IS_BETTER), figures, 2, RULES)
    assert result.direction is D.LOWER_IS_BETTER
    assert (result.year_to_date.target, result.year_to_date.actual) == (10, 11)
    assert result.year_to_date.met is False
    assert result.year_to_date.achievement == pytest.approx(90.0)
    assert result.period.achievement == pytest.approx(60.0)


def test_zero_type_sums_and_meets_when_nothing_happened():
    figures = quarters((0, 0), (0, 0))
    result = score_kpi(kpi(C.ZERO), figures, 2, RULES)
    assert result.year_to_date.met is True
    assert result.year_to_date.achievement == 100.0
    assert result.year_to_date.category == "met"


def test_zero_type_with_incidents_is_not_met_and_more_incidents_score_lower():
    one = score_kpi(kpi(C.ZERO), quarters((0, 1)), 1, RULES).period
    three = score_kpi(kpi(C.ZERO), quarters((0, 3)), 1, RULES).period
    assert one.met is False and three.met is False
    assert one.achievement == pytest.approx(50.0)
    assert three.achievement == pytest.approx(25.0)


def test_actual_zero_on_lower_is_better_is_the_best_result():
    result = score_kpi(kpi(C.REVERSE_STAND_ALONE), quarters((10, 0)), 1, RULES)
    assert result.period.achievement == pytest.approx(200.0)
    assert result.period.category == "extremely_well_met"


def test_not_applicable_is_never_scored():
    result = score_kpi(kpi(C.NOT_APPLICABLE), quarters((10, 10)), 1, RULES)
    assert result.period.status is FigureStatus.NOT_APPLICABLE
    assert result.year_to_date.achievement is None
    assert result.year_to_date.category == "not_yet_measured"


def test_target_zero_on_higher_is_better_is_not_measured_and_never_divides_by_zero():
    result = score_kpi(kpi(C.ACCUMULATIVE), quarters((0, 5)), 1, RULES)
    assert result.period.status is FigureStatus.NOT_MEASURED
    assert result.year_to_date.status is FigureStatus.NOT_MEASURED


def test_a_quarter_without_a_target_is_not_measured():
    result = score_kpi(kpi(C.STAND_ALONE), [PeriodFigure(1, 5, 5), PeriodFigure(2, None, 3)],
                       2, RULES)
    assert result.period.status is FigureStatus.NOT_MEASURED
    assert result.period.category == "not_yet_measured"
    assert result.year_to_date.target == 5


def test_a_missing_actual_is_not_reported_never_zero():
    result = score_kpi(kpi(C.ACCUMULATIVE), quarters((10, 10), (10, None)), 2, RULES)
    assert result.period.status is FigureStatus.NOT_REPORTED
    assert result.period.actual is None and result.period.achievement is None
    assert result.year_to_date.status is FigureStatus.NOT_REPORTED
    assert result.year_to_date.unreported_periods == (2,)


def test_carry_over_lists_unreported_periods_but_still_scores():
    result = score_kpi(kpi(C.CARRY_OVER), quarters((50, 60), (100, None)), 2, RULES)
    assert result.year_to_date.status is FigureStatus.MEASURED
    assert result.year_to_date.unreported_periods == (2,)
    assert result.year_to_date.achievement == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("actual", "category"),
    [(0, "not_met"), (74.9, "not_met"), (75, "almost_met"), (99.9, "almost_met"), (100, "met"),
     (100.1, "well_met"), (149.9, "well_met"), (150, "extremely_well_met")],
)
def test_traffic_light_bands(actual, category):
    assert score_kpi(kpi(), quarters((100, actual)), 1, RULES).period.category == category


def test_float_sums_that_equal_the_target_are_met_exactly():
    result = score_kpi(kpi(), quarters((0.1, 0.1), (0.2, 0.2)), 2, RULES)
    assert result.year_to_date.achievement == 100.0
    assert result.year_to_date.category == "met"


def test_revised_targets_are_used_and_reported():
    figures = [PeriodFigure(1, 100, 90, original_target=80, revised_on=date(2017, 2, 28))]
    revised = score_kpi(kpi(), figures, 1, RULES)
    original = score_kpi(kpi(), figures, 1, RULES, target_basis=TargetBasis.ORIGINAL)
    assert revised.target_basis is TargetBasis.REVISED and revised.revised_periods == (1,)
    assert revised.period.target == 100 and revised.period.met is False
    assert original.period.target == 80 and original.period.met is True
    assert original.target_basis is TargetBasis.ORIGINAL


def test_yes_no_milestones_are_met_or_not():
    figures = quarters((None, None), (1, 1), (1, 0))
    result = score_kpi(kpi(C.ACCUMULATIVE, M.YES_NO), figures, 3, RULES)
    assert result.direction is D.MILESTONE
    assert result.period.met is False and result.period.category == "not_met"
    assert (result.year_to_date.target, result.year_to_date.actual) == (2, 1)
    assert result.year_to_date.met is False


def test_text_milestone_with_carry_over_counts_a_late_completion():
    figures = [PeriodFigure(2, target_text="Approved SDBIP", actual=0), PeriodFigure(3, actual=1)]
    result = score_kpi(kpi(C.CARRY_OVER, M.TEXT_MILESTONE), figures, 3, RULES)
    assert result.year_to_date.met is True


@pytest.mark.parametrize(("done", "met"), [(date(2017, 5, 31), True), (date(2017, 6, 1), False)])
def test_date_deadline_is_met_on_or_before_the_date(done, met):
    figures = [PeriodFigure(4, target_date=date(2017, 5, 31), actual_date=done)]
    result = score_kpi(kpi(C.LAST_VALUE, M.DATE), figures, 4, RULES)
    assert result.period.met is met
    assert result.period.target_date == date(2017, 5, 31)


def test_date_deadline_without_a_report_is_not_reported():
    figures = [PeriodFigure(4, target_date=date(2017, 5, 31))]
    result = score_kpi(kpi(C.LAST_VALUE, M.DATE), figures, 4, RULES)
    assert result.period.status is FigureStatus.NOT_REPORTED


@pytest.mark.parametrize("measure", [M.PERCENTAGE, M.CURRENCY])
def test_negative_target_is_refused_where_impossible(measure):
    with pytest.raises(ScoringInputError, match=r"^periods\[1\]\.target: cannot be negative"):
        score_kpi(kpi(measure=measure), quarters((10, 5), (-5, 2)), 2, RULES)


def test_negative_target_is_allowed_for_a_plain_number():
    result = score_kpi(kpi(), quarters((-10, -5)), 1, RULES)
    assert result.period.met is True


def test_yes_no_values_must_be_0_or_1():
    with pytest.raises(ScoringInputError, match=r"periods\[0\]\.actual: must be yes \(1\) or no"):
        score_kpi(kpi(measure=M.YES_NO), quarters((1, 2)), 1, RULES)


def test_result_records_the_rule_set_that_produced_it():
    rules = default_rule_set("za_sdbip")
    rules["revision"] = 3
    assert score_kpi(kpi(), quarters((1, 1)), 1, rules).rule_set == {"code": "za_sdbip",
                                                                      "revision": 3}
