"""A scorecard line as compact JSON and back, exactly: what the stored scored results hold.

Only what a line's scoring produced is written (figures, projection, unverified
quarters, the engine's refusal); the KPI's reference, name and groups are read
live when the line is read back, so renaming a KPA needs no re-scoring. Floats
go through JSON's shortest round-trip form, so a line read back equals the line
scored (a test checks it, and ``pmsdesk db check`` compares them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from pmsdesk.models.enums import CalculationType, Direction, MeasureType
from pmsdesk.scoring import Figure, FigureStatus, KpiResult, TargetBasis, YearEndProjection

from .scorecard_lines import ScorecardLine

#: Enum members by value: a dictionary look-up instead of an Enum call, for tens of thousands of lines.
_STATUS = {member.value: member for member in FigureStatus}
_CALCULATION = {member.value: member for member in CalculationType}
_MEASURE = {member.value: member for member in MeasureType}
_DIRECTION = {member.value: member for member in Direction}
_BASIS = {member.value: member for member in TargetBasis}
_parse = date.fromisoformat


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _figure(figure: Figure) -> list:
    return [figure.status.value, figure.target, figure.actual, figure.achievement, figure.met, figure.category,
            figure.category_name, figure.colour, _day(figure.target_date), _day(figure.actual_date),
            list(figure.periods_used), list(figure.unreported_periods), figure.note]


def _read_figure(row: list) -> Figure:
    (status, target, actual, achievement, met, category, name, colour, target_date, actual_date,
     used, unreported, note) = row
    return Figure(_STATUS[status], target, actual, achievement, met, category, name, colour,
                  target_date and _parse(target_date), actual_date and _parse(actual_date), tuple(used),
                  tuple(unreported), note)


def _result(result: KpiResult) -> list:
    return [result.reference, result.period_number, result.calculation_type.value, result.measure_type.value,
            result.direction.value, result.weight, _figure(result.period), _figure(result.year_to_date),
            result.target_basis.value, list(result.revised_periods), dict(result.rule_set)]


def _read_result(row: list) -> KpiResult:
    (reference, number, calculation, measure, direction, weight, period, year_to_date, basis, revised,
     rule_set) = row
    return KpiResult(reference, number, _CALCULATION[calculation], _MEASURE[measure], _DIRECTION[direction],
                     weight, _read_figure(period), _read_figure(year_to_date), _BASIS[basis],
                     tuple(revised), rule_set)


def _projection(projection: YearEndProjection) -> list:
    return [projection.reference, projection.method, projection.projected_actual, projection.annual_target,
            projection.projected_achievement, projection.projected_met, projection.at_risk, projection.reason,
            list(projection.based_on_periods)]


def _read_projection(row: list) -> YearEndProjection:
    reference, method, projected, annual, achievement, met, at_risk, reason, based_on = row
    return YearEndProjection(reference, method, projected, annual, achievement, met, at_risk, reason,
                             tuple(based_on))


def encode_line(line: ScorecardLine) -> str:
    """The scored part of ``line`` as JSON text."""
    return json.dumps([list(line.unverified_periods), line.problem,
                       None if line.result is None else _result(line.result),
                       None if line.projection is None else _projection(line.projection)],
                      separators=(",", ":"))


def decode_line(text: str, reference: str, name: str, groups: Mapping[str, str]) -> ScorecardLine:
    """The line ``encode_line`` wrote, for the KPI ``reference`` as it is named and grouped now."""
    unverified, problem, result, projection = json.loads(text)
    return ScorecardLine(reference, name, groups,
                         None if result is None else _read_result(result),
                         None if projection is None else _read_projection(projection),
                         tuple(unverified), problem)


def figures_of(line: ScorecardLine) -> dict[str, Any]:
    """The columns kept beside the JSON, so league tables and checks can read them in SQL."""
    result = line.result
    period = result.period if result is not None else None
    year = result.year_to_date if result is not None else None
    return {
        "weight": None if result is None else result.weight,
        "period_status": None if period is None else period.status.value,
        "period_achievement": None if period is None else period.achievement,
        "period_met": None if period is None else period.met,
        "ytd_status": None if year is None else year.status.value,
        "ytd_achievement": None if year is None else year.achievement,
        "ytd_met": None if year is None else year.met,
        "at_risk": bool(line.projection is not None and line.projection.at_risk),
    }
