"""The engine's fast paths answer exactly as the plain calls they stand in for.

A scorecard reads its rule set once (:class:`SdbipRules`), scores and projects
each KPI with one check of its figures (:func:`score_and_project`) and rolls
its lines up four ways at once (:func:`roll_up_each`).
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import FrozenInstanceError, dataclass, field, replace

import pytest

from pmsdesk.models.enums import CalculationType, Direction, MeasureType
from pmsdesk.scoring import (
    FigureStatus,
    KpiDefinition,
    PeriodFigure,
    RollupEntry,
    ScoringInputError,
    SdbipRules,
    default_rule_set,
    project_year_end,
    roll_up,
    roll_up_each,
    score_and_project,
    score_kpi,
    traffic_light,
)
from pmsdesk.scoring.bands import BandTable, find_band
from pmsdesk.scoring.frozen import quick_init
from pmsdesk.scoring.kpi_inputs import check_kpi_inputs

RULES = default_rule_set("za_sdbip")
EDGES = [-1.0, 0.0, 74.999, 75.0, 99.9999, 100.0, 100.0000001, 149.99, 150.0, 1e9,
         math.inf, -math.inf, math.nan]


@pytest.mark.parametrize("code", ["za_sdbip", "ke_spas"])
def test_a_band_table_finds_the_band_find_band_finds(code):
    bands = default_rule_set(code)["body"]["bands"]
    table = BandTable(bands)
    for value in [*EDGES, *(random.Random(1).uniform(-10, 300) for _ in range(500))]:
        assert table.find(value) is find_band(bands, value), value


def test_sdbip_rules_light_every_achievement_as_traffic_light_does():
    rules = SdbipRules(RULES)
    for value in [None, *EDGES]:
        band = traffic_light(RULES, value)
        light = rules.light(value)
        assert (light.code, light.name, light.colour) == (
            band["code"], band.get("name", band["code"]), band.get("colour"))


def test_sdbip_rules_refuse_another_kind_of_rule_set():
    with pytest.raises(ScoringInputError, match="za_s56"):
        SdbipRules(default_rule_set("za_s56"))


def _cases():
    """KPIs of every type with figures reported, missing, zero, revised and out of order."""
    values = random.Random(7)
    for number, (calculation, measure, direction) in enumerate(itertools.product(
            CalculationType, [MeasureType.NUMBER, MeasureType.PERCENTAGE, MeasureType.YES_NO],
            Direction)):
        kpi = KpiDefinition(f"K{number}", calculation, measure, direction, weight=1.0)
        milestone = measure is MeasureType.YES_NO
        figures = []
        for period in (3, 1, 4, 2):
            target = values.choice([None, 0.0, 1.0] if milestone else [None, 0.0, 40.0, 100.0])
            actual = values.choice([None, 0.0, 1.0] if milestone else [None, 0.0, 35.0, 120.0])
            original = None if milestone else values.choice([None, 50.0])
            figures.append(PeriodFigure(period, target, actual, original_target=original))
        previous = [PeriodFigure(n, actual=float(n * 10)) for n in (1, 2, 3, 4)]
        yield kpi, figures, values.choice([None, previous])


@pytest.mark.parametrize("period", [1, 2, 3, 4])
def test_score_and_project_equals_score_kpi_and_project_year_end(period):
    compared = 0
    for kpi, figures, previous in _cases():
        result, projection = score_and_project(kpi, figures, period, 4, SdbipRules(RULES),
                                               previous_year=previous)
        assert result == score_kpi(kpi, figures, period, RULES)
        assert projection == project_year_end(kpi, figures, 4, RULES, previous_year=previous,
                                              as_of_period=period)
        compared += 1
    assert compared == 7 * 3 * 3


def test_score_and_project_refuses_what_score_kpi_refuses_first():
    kpi = KpiDefinition("P1", CalculationType.ACCUMULATIVE, MeasureType.PERCENTAGE,
                        Direction.HIGHER_IS_BETTER)
    bad = [PeriodFigure(1, -5.0, 1.0)]
    for call in (lambda: score_kpi(kpi, bad, 0, RULES),
                 lambda: score_and_project(kpi, bad, 0, 0, RULES)):
        with pytest.raises(ScoringInputError, match=r"periods\[0\].target: cannot be negative"):
            call()
    with pytest.raises(ScoringInputError, match="period: must be 1 or more, got 0"):
        score_and_project(kpi, [PeriodFigure(1, 5.0)], 0, 0, RULES)
    with pytest.raises(ScoringInputError, match="periods_in_year: must be 1 or more"):
        score_and_project(kpi, [PeriodFigure(1, 5.0)], 1, 0, RULES)


def test_a_target_that_is_not_a_number_is_refused_like_a_negative_one():
    kpi = KpiDefinition("P1", CalculationType.ZERO, MeasureType.NUMBER, Direction.LOWER_IS_BETTER)
    figures = [PeriodFigure(1, 1.0), PeriodFigure(2, 1.0, original_target=math.nan)]
    with pytest.raises(ScoringInputError, match=r"periods\[1\].original_target: cannot be neg"):
        check_kpi_inputs(kpi, figures)


def _entries():
    values = random.Random(3)
    statuses = list(FigureStatus)
    for number in range(60):
        status = values.choice(statuses)
        measured = status is FigureStatus.MEASURED
        yield RollupEntry(f"K{values.randrange(20):02d}", status,
                          values.uniform(0, 250) if measured else None,
                          values.choice([None, 1.0, 2.5]),
                          {"kpa": values.choice(["A", "B", ""]), "unit": f"U{number % 4}"})


def test_roll_up_each_equals_one_roll_up_per_grouping():
    entries = list(_entries())
    groupings = (None, "kpa", "unit", "missing", lambda entry: entry.reference[:2])
    each = roll_up_each(entries, RULES, groupings)
    assert each == [roll_up(entries, RULES, by=by) for by in groupings]
    assert each[0] == roll_up(list(reversed(entries)), SdbipRules(RULES))


def test_roll_up_each_refuses_a_bad_weight_by_its_place():
    entries = [RollupEntry("A", FigureStatus.MEASURED, 90.0, 1.0),
               RollupEntry("B", FigureStatus.MEASURED, 90.0, math.inf)]
    with pytest.raises(ScoringInputError, match=r"kpis\[1\].weight: must not be negative"):
        roll_up_each(entries, RULES, (None, "kpa"))


@quick_init
@dataclass(frozen=True)
class Sample:
    number: int
    label: str = "x"
    tags: list = field(default_factory=list)


def test_quick_init_keeps_arguments_defaults_factories_and_frozenness():
    first, second = Sample(1), Sample(2, "y", ["a"])
    assert (first.number, first.label, first.tags) == (1, "x", [])
    assert Sample(1).tags is not first.tags
    assert second == Sample(number=2, label="y", tags=["a"])
    assert replace(second, label="z") == Sample(2, "z", ["a"])
    with pytest.raises(FrozenInstanceError):
        first.number = 3
    with pytest.raises(TypeError):
        Sample()
    with pytest.raises(TypeError):
        Sample(1, "x", [], "extra")


def test_quick_init_refuses_what_it_cannot_copy():
    @dataclass
    class Plain:
        number: int

    @dataclass(frozen=True)
    class Checked:
        number: int

        def __post_init__(self) -> None:
            pass

    for kind in (Plain, Checked):
        with pytest.raises(TypeError):
            quick_init(kind)
