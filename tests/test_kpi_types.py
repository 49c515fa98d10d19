"""One table per KPI type: every calculation type and measure type is described once, and every part of
pmsdesk that checks, scores or words a KPI agrees with that description."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pmsdesk.kpi_types import (
    CALCULATIONS,
    MEASURES,
    Aggregation,
    Projection,
    ValueKind,
    combined,
    implied_annual_target,
)
from pmsdesk.models import KpiTarget, PeriodActual
from pmsdesk.models.enums import CalculationType, Direction, MeasureType
from pmsdesk.scoring import KpiDefinition, PeriodFigure
from pmsdesk.scoring.projection import project_year_end
from pmsdesk.scoring.rules import default_rule_set
from pmsdesk.scoring.year_to_date import numeric_year_to_date
from pmsdesk.services.data_quality import TARGETS_MISMATCH, _targets_mismatch
from pmsdesk.services.kpis import kpi_consistency_problems, negative_refused
from pmsdesk.wording import CALCULATION_LABELS, CALCULATION_METHODS, MEASURE_LABELS, plain_number

RULES = default_rule_set("za_sdbip")
QUARTER_TARGETS = [10.0, 20.0, 0.0, 40.0]


def test_every_type_has_exactly_one_entry():
    assert set(CALCULATIONS) == set(CalculationType)
    assert set(MEASURES) == set(MeasureType)
    assert CALCULATION_LABELS == {kind: rule.label for kind, rule in CALCULATIONS.items()}
    assert CALCULATION_METHODS == {kind: rule.method for kind, rule in CALCULATIONS.items()}
    assert MEASURE_LABELS == {kind: rule.label for kind, rule in MEASURES.items()}
    assert len({rule.label for rule in CALCULATIONS.values()}) == len(CALCULATIONS)


def _direction(kind: CalculationType) -> Direction:
    return Direction.LOWER_IS_BETTER if CALCULATIONS[kind].lower_is_better else Direction.HIGHER_IS_BETTER


def _targets(kind: CalculationType) -> list[float]:
    return [0.0] * 4 if CALCULATIONS[kind].target_is_zero else QUARTER_TARGETS


@pytest.mark.parametrize("kind", list(CalculationType))
def test_the_year_to_date_at_year_end_is_the_annual_target_the_quarters_imply(kind):
    """Scoring and the data-quality check combine quarters by the same rule."""
    rule = CALCULATIONS[kind]
    targets = _targets(kind)
    figures = [PeriodFigure(number, target=target, actual=target) for number, target in enumerate(targets, 1)]
    aggregate = numeric_year_to_date(kind, _direction(kind), figures)
    if not rule.scored:
        assert aggregate.status == "not_applicable"
        return
    assert aggregate.status == "measured"
    assert aggregate.target == pytest.approx(implied_annual_target(rule.aggregation, targets))
    assert aggregate.actual == pytest.approx(aggregate.target)


@pytest.mark.parametrize("kind", [kind for kind, rule in CALCULATIONS.items() if rule.scored])
def test_the_data_quality_check_accepts_the_implied_annual_target_and_names_another(kind):
    rule = CALCULATIONS[kind]
    targets = _targets(kind)
    implied = implied_annual_target(rule.aggregation, targets)
    kpi = SimpleNamespace(annual_target=implied, measure_type=MeasureType.NUMBER, calculation_type=kind)
    assert _targets_mismatch(kpi, list(targets)) is None
    kpi.annual_target = implied + 7
    message = _targets_mismatch(kpi, list(targets))
    assert message is not None and "annual target" in message
    if rule.aggregation is not Aggregation.HIGHEST:  # carry over says 'should reach' when below
        assert message == TARGETS_MISMATCH[rule.aggregation].format(quarters=plain_number(implied),
                                                                     annual=plain_number(implied + 7))


@pytest.mark.parametrize("kind", list(CalculationType))
def test_direction_and_target_rules_follow_the_table(kind):
    rule = CALCULATIONS[kind]
    values = {"calculation_type": kind, "direction": Direction.HIGHER_IS_BETTER, "measure_type": MeasureType.NUMBER,
              "annual_target": 5.0}
    problems = kpi_consistency_problems(values)
    assert ("direction" in problems) is rule.lower_is_better
    assert ("annual_target" in problems) is rule.target_is_zero
    assert negative_refused(MeasureType.NUMBER, kind) is rule.scored


@pytest.mark.parametrize("kind", list(CalculationType))
def test_each_type_projects_the_way_the_table_says(kind):
    rule = CALCULATIONS[kind]
    kpi = KpiDefinition("K1", kind, MeasureType.NUMBER, _direction(kind))
    targets = [0.0] * 4 if rule.target_is_zero else [10.0, 20.0, 30.0, 40.0]
    figures = [PeriodFigure(1, target=targets[0], actual=targets[0]), PeriodFigure(2, target=targets[1], actual=targets[1]),
               PeriodFigure(3, target=targets[2]), PeriodFigure(4, target=targets[3])]
    projection = project_year_end(kpi, figures, 4, RULES, as_of_period=2)
    expected = {Projection.NONE: {"none"}, Projection.LAST_VALUE: {"last_value"},
                Projection.PLAN_OR_TREND: {"plan", "trend"},
                Projection.PLAN_SEASONAL_OR_RUN_RATE: {"plan", "seasonal", "run_rate"}}[rule.projection]
    assert projection.method in expected, (kind, projection.method, projection.reason)


def test_combining_quarters():
    assert combined(Aggregation.SUM, [1, 2, 3]) == 6
    assert combined(Aggregation.HIGHEST, [1, 5, 3]) == 5
    assert combined(Aggregation.AVERAGE, [2, 4]) == 3
    assert combined(Aggregation.LAST, [4, 7, 0]) == 7
    assert combined(Aggregation.NONE, [1]) is None and combined(Aggregation.SUM, []) is None
    assert implied_annual_target(Aggregation.AVERAGE, [10, 0, 20]) == 15


@pytest.mark.parametrize("kind", list(MeasureType))
def test_every_measure_type_is_held_checked_and_directed_as_the_table_says(kind):
    rule = MEASURES[kind]
    for model in (KpiTarget, PeriodActual):
        assert rule.value_kind.value in model.__table__.c, (model, rule.value_kind)
    assert negative_refused(kind, CalculationType.ACCUMULATIVE) is rule.counted
    values = {"calculation_type": CalculationType.ACCUMULATIVE, "direction": Direction.HIGHER_IS_BETTER,
              "measure_type": kind, "annual_target": 1.0}
    assert ("direction" in kpi_consistency_problems(values)) is rule.milestone
    assert rule.deadline is (rule.milestone and rule.value_kind is ValueKind.DATE)
    assert rule.numeric is (not rule.milestone)
