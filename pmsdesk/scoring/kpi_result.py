"""Score one KPI for one period: the period figure and the year-to-date figure.

The entry point is :func:`score_kpi`. Results are frozen dataclasses that say
which targets were used (revised or original), which periods were missing and
which rule set produced the traffic light.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from pmsdesk.models.enums import CalculationType, Direction, MeasureType

from .achievement import achievement_percent, meets_target
from .bands import find_band
from .errors import ScoringInputError
from .frozen import quick_init
from .kpi_inputs import KpiDefinition, PeriodFigure, TargetBasis, check_kpi_inputs, in_force
from .milestones import milestone_period, milestone_year_to_date
from .sdbip_rules import SdbipRules
from .year_to_date import Aggregate, numeric_year_to_date


class FigureStatus(StrEnum):
    MEASURED = "measured"
    NOT_MEASURED = "not_measured"  # no target due
    NOT_REPORTED = "not_reported"  # target due, period closed, no actual: counts as not achieved
    AWAITING = "awaiting"  # target due, the reporting deadline has not passed yet
    HELD = "held_for_checking"  # the actual is implausible and waits for a PMS officer
    NOT_APPLICABLE = "not_applicable"


class Outcome(StrEnum):
    """What an auditor reads from a figure: the words of "targets achieved X of Y"."""

    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NOT_REPORTED = "not_reported"
    AWAITING = "awaiting"
    HELD = "held_for_checking"
    NOT_MEASURED = "not_measured"


#: Outcomes that have a target in the period and count in "X of Y".
WITH_TARGET = frozenset({Outcome.ACHIEVED, Outcome.NOT_ACHIEVED, Outcome.NOT_REPORTED})


def outcome_of(status: FigureStatus, met: bool | None) -> Outcome:
    """The outcome of a figure's status and met flag."""
    if status is FigureStatus.MEASURED:
        return Outcome.ACHIEVED if met else Outcome.NOT_ACHIEVED
    if status is FigureStatus.NOT_APPLICABLE:
        return Outcome.NOT_MEASURED
    return Outcome(status.value)


@quick_init
@dataclass(frozen=True)
class Figure:
    """Target against actual over a span of periods, with its traffic light.

    ``achievement`` and ``met`` are None unless ``status`` is measured; the
    category is then the rule set's "not yet measured" one. For milestones
    ``target``/``actual`` count milestones due and met.
    """

    status: FigureStatus
    target: float | None
    actual: float | None
    achievement: float | None
    met: bool | None
    category: str
    category_name: str
    colour: str | None = None
    target_date: date | None = None
    actual_date: date | None = None
    periods_used: tuple[int, ...] = ()
    unreported_periods: tuple[int, ...] = ()
    note: str | None = None

    @property
    def outcome(self) -> Outcome:
        return outcome_of(self.status, self.met)


@quick_init
@dataclass(frozen=True)
class KpiResult:
    """A KPI's result for one period, as reports and roll-ups use it."""

    reference: str
    period_number: int
    calculation_type: CalculationType
    measure_type: MeasureType
    direction: Direction
    weight: float | None
    period: Figure
    year_to_date: Figure
    target_basis: TargetBasis
    revised_periods: tuple[int, ...]
    rule_set: Mapping[str, Any]


def traffic_light(rules: Mapping[str, Any], achievement: float | None) -> Mapping[str, Any]:
    """The band of ``achievement`` in the rule set, or its "not yet measured" category."""
    body = rules["body"]
    if achievement is None:
        return body["not_measured"]
    band = find_band(body["bands"], achievement)
    return band if band is not None else body["not_measured"]


def measure(aggregate: Aggregate, direction: Direction) -> tuple[float | None, bool | None]:
    """Achievement % and met / not met of a measured aggregate; (None, None) otherwise."""
    target, actual = aggregate.target, aggregate.actual
    if aggregate.status != FigureStatus.MEASURED or target is None or actual is None:
        return None, None
    if direction is Direction.MILESTONE:
        return round(actual / target * 100.0, 9), actual >= target
    return achievement_percent(target, actual, direction), meets_target(target, actual, direction)


def _figure(
    aggregate: Aggregate, direction: Direction, rules: SdbipRules,
    dates: tuple[date | None, date | None] = (None, None),
) -> Figure:
    achievement, met = measure(aggregate, direction)
    light = (rules.light(achievement) if aggregate.status == FigureStatus.MEASURED
             else rules.status_light(aggregate.status))
    return Figure(
        status=FigureStatus(aggregate.status),
        target=aggregate.target,
        actual=aggregate.actual,
        achievement=achievement,
        met=met,
        category=light.code,
        category_name=light.name,
        colour=light.colour,
        target_date=dates[0],
        actual_date=dates[1],
        periods_used=aggregate.periods_used,
        unreported_periods=aggregate.unreported_periods,
        note=aggregate.note,
    )


def _period_aggregate(kpi: KpiDefinition, direction: Direction, figure: PeriodFigure | None,
                      number: int) -> Aggregate:
    if kpi.calculation_type is CalculationType.NOT_APPLICABLE:
        return Aggregate("not_applicable", note="calculation type is not applicable")
    if figure is None:
        return Aggregate("not_measured", note=f"no target due in period {number}")
    if direction is Direction.MILESTONE:
        return milestone_period(kpi, figure)
    # One period on its own: the accumulative rule reduces to its own target and actual.
    aggregate = numeric_year_to_date(CalculationType.ACCUMULATIVE, direction, [figure])
    if aggregate.status == FigureStatus.NOT_MEASURED:
        return replace(aggregate, note=f"no target due in period {number}")
    return aggregate


def year_to_date_aggregate(kpi: KpiDefinition, direction: Direction,
                           so_far: Sequence[PeriodFigure]) -> Aggregate:
    """The year-to-date aggregate of ``so_far`` (checked figures, in period order)."""
    if direction is Direction.MILESTONE:
        return milestone_year_to_date(kpi, so_far)
    return numeric_year_to_date(kpi.calculation_type, direction, so_far)


def check_period(period_number: int) -> None:
    """Refuse a period number below 1."""
    if period_number < 1:
        raise ScoringInputError("period", f"must be 1 or more, got {period_number}")


def _unreported(figure: PeriodFigure) -> bool:
    return figure.actual is None and figure.actual_date is None


def _why_missing(aggregate: Aggregate, awaiting: Collection[int], held: Collection[int]) -> Aggregate:
    """A not-reported aggregate relabelled held (a held value is missing) or awaiting (all open)."""
    if aggregate.status != FigureStatus.NOT_REPORTED:
        return aggregate
    missing = set(aggregate.unreported_periods)
    if missing & set(held):
        return replace(aggregate, status=FigureStatus.HELD.value,
                       note="an implausible actual is held until a PMS officer checks it")
    if missing and missing <= set(awaiting):
        return replace(aggregate, status=FigureStatus.AWAITING.value,
                       note="the reporting deadline has not passed")
    return aggregate


def _year_to_date(kpi: KpiDefinition, direction: Direction, so_far: Sequence[PeriodFigure],
                  awaiting: Collection[int], held: Collection[int]) -> Aggregate:
    """The year to date over closed periods and reported open ones: an open quarter waits."""
    open_gaps = {f.period_number for f in so_far if f.period_number in awaiting and _unreported(f)}
    if not open_gaps:
        return _why_missing(year_to_date_aggregate(kpi, direction, so_far), awaiting, held)
    closed = [f for f in so_far if f.period_number not in open_gaps]
    aggregate = year_to_date_aggregate(kpi, direction, closed)
    if aggregate.status == FigureStatus.NOT_MEASURED:
        whole = year_to_date_aggregate(kpi, direction, so_far)
        if whole.status == FigureStatus.NOT_REPORTED:
            return _why_missing(whole, awaiting, held)
    return _why_missing(aggregate, awaiting, held)


def score_checked(kpi: KpiDefinition, periods: Sequence[PeriodFigure],
                  figures: Sequence[PeriodFigure], period_number: int, rules: SdbipRules,
                  target_basis: TargetBasis, awaiting: Collection[int] = (),
                  held: Collection[int] = ()) -> KpiResult:
    """:func:`score_kpi` for checked ``periods``; ``figures`` are the same put :func:`in_force`."""
    direction = kpi.effective_direction
    so_far = [f for f in figures if f.period_number <= period_number]
    this_period = next((f for f in so_far if f.period_number == period_number), None)

    period_aggregate = _why_missing(_period_aggregate(kpi, direction, this_period, period_number),
                                    awaiting, held)
    ytd_aggregate = _year_to_date(kpi, direction, so_far, awaiting, held)
    dates = (this_period.target_date, this_period.actual_date) if this_period else (None, None)
    revised = tuple(f.period_number for f in periods
                    if f.is_revised and f.period_number <= period_number)
    return KpiResult(
        reference=kpi.reference,
        period_number=period_number,
        calculation_type=kpi.calculation_type,
        measure_type=kpi.measure_type,
        direction=direction,
        weight=kpi.weight,
        period=_figure(period_aggregate, direction, rules, dates),
        year_to_date=_figure(ytd_aggregate, direction, rules),
        target_basis=target_basis,
        revised_periods=tuple(sorted(revised)),
        rule_set=dict(rules.reference),
    )


def score_kpi(
    kpi: KpiDefinition,
    periods: Sequence[PeriodFigure],
    period_number: int,
    rules: Mapping[str, Any] | SdbipRules,
    *,
    target_basis: TargetBasis = TargetBasis.REVISED,
    awaiting: Collection[int] = (),
    held: Collection[int] = (),
) -> KpiResult:
    """Score ``kpi`` for ``period_number`` and for the year up to and including it.

    ``periods`` may be in any order and need not include periods without a
    target. ``rules`` is an ``sdbip`` rule set (see :mod:`.rules`). A due
    target with no actual is *not reported* (counted as not achieved) unless
    its period is in ``awaiting`` (its reporting deadline has not passed:
    left out) or in ``held`` (its actual was taken out as implausible until
    a PMS officer checks it: left out). Raises :class:`ScoringInputError`
    for impossible figures.
    """
    book = SdbipRules.of(rules)
    check_kpi_inputs(kpi, periods)
    check_period(period_number)
    return score_checked(kpi, periods, in_force(periods, target_basis), period_number, book,
                         target_basis, awaiting, held)
