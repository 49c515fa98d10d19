"""The scorecard's fast paths give what scoring each KPI on its own gives, on the demo.

``score_year`` skips work the plain engine calls would repeat (later actuals
that are already empty, a projection's second full scoring), and reports
convert already-plain content a second time for the data hash. These tests
score the demo both ways, every quarter of both years, and compare.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from enum import StrEnum

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.models import FinancialYear
from pmsdesk.models.enums import Direction
from pmsdesk.scorecard import load_year, score_year
from pmsdesk.scoring import (
    FigureStatus,
    default_rule_set,
    project_year_end,
    score_kpi,
    to_jsonable,
)
from pmsdesk.vocabulary import vocabulary_for

RULES = default_rule_set("za_sdbip")


@pytest.fixture(scope="module")
def demo_years(tmp_path_factory, migrated_file):
    """The ZA demo's two years, loaded once (2024/25 complete, 2025/26 to Q3)."""
    target = tmp_path_factory.mktemp("scorecard-batch") / "demo.sqlite"
    shutil.copyfile(migrated_file, target)
    database = open_database(target)
    build_demo(database, profile="za-municipality", orgs=1, seed=1)
    with database.session() as session:
        years = [load_year(session, year) for year in
                 session.scalars(select(FinancialYear).order_by(FinancialYear.start_date))]
    database.dispose()
    assert [len(year.kpis) for year in years] == [250, 250]
    return years


def known_by(periods, period):
    """The periods as reported by ``period``: every later figure loses its actual."""
    return [f if f.period_number <= period else replace(f, actual=None, actual_date=None)
            for f in periods]


@pytest.mark.parametrize("period", [1, 2, 3, 4])
def test_every_scorecard_line_equals_the_engine_scoring_that_kpi_alone(demo_years, period):
    for inputs in demo_years:
        card = score_year(inputs, RULES, period)
        assert not card.problems
        for kpi, line in zip(inputs.kpis, card.lines, strict=True):
            known = known_by(kpi.periods, period)
            assert line.reference == kpi.definition.reference
            assert line.result == score_kpi(kpi.definition, known, period, RULES,
                                            awaiting=card.awaiting_periods,
                                            held=kpi.held_periods)
            assert line.projection == project_year_end(
                kpi.definition, known, 4, RULES, previous_year=kpi.previous_year,
                as_of_period=period, money=vocabulary_for(inputs.country).money.amount)


def test_a_projection_of_a_complete_year_is_that_years_scoring(demo_years):
    """Every quarter reported, nothing is projected: the year-end figure is Q4's year to date."""
    compared = 0
    for kpi in demo_years[0].kpis:
        direction = kpi.definition.effective_direction
        if direction is Direction.MILESTONE or any(f.actual is None for f in kpi.periods) \
                or len(kpi.periods) != 4:
            continue
        year = score_kpi(kpi.definition, kpi.periods, 4, RULES).year_to_date
        projection = project_year_end(kpi.definition, kpi.periods, 4, RULES,
                                      previous_year=kpi.previous_year, as_of_period=4)
        if year.status is FigureStatus.MEASURED:
            assert (projection.projected_actual, projection.annual_target,
                    projection.projected_achievement, projection.projected_met) == (
                year.actual, year.target, year.achievement, year.met)
            compared += 1
    assert compared > 100


def test_content_converted_twice_is_what_it_was_after_once(demo_years):
    card = score_year(demo_years[1], RULES, 2)
    once = to_jsonable(card)
    assert to_jsonable(once) == once
    assert to_jsonable({"card": once}) == {"card": once}


class Light(StrEnum):
    GREEN = "green"


def test_plain_values_pass_through_but_floats_are_still_rounded_and_enums_unwrapped():
    converted = to_jsonable({"a": [1.23456789, 2.0, True, None, "x"], 3: (Light.GREEN,)})
    assert converted == {"a": [1.234568, 2, True, None, "x"], "3": ["green"]}
    assert type(converted["3"][0]) is str
    assert type(converted["a"][1]) is int and converted["a"][2] is True
    assert to_jsonable([0.1234567], decimals=None) == [0.1234567]
