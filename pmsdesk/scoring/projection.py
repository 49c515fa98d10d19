"""Year-end projection of a KPI from the periods reported so far, with an at-risk flag.

A KPI with phased targets (its quarterly targets differ: a plan that is
back-loaded, seasonal or a project's rising % complete) is projected on its
own plan: the rest of the year is delivered at the share of plan achieved so
far ("plan"). Otherwise accumulative and zero KPIs continue at their run-rate
over the periods with a target (or follow last year's seasonal pattern when
one is given); carry-over KPIs follow their trend; every other type assumes
the last reported value holds. ``method="run_rate"`` asks for the latter
methods even where targets are phased (the back-test compares the two). The
projected year is then scored with the same rules as a real one, so "at risk"
means exactly "the year-end figure would not be met".

The reason is a sentence in the current language (``pmsdesk.i18n``); a money KPI's figures
in it are written by the ``money`` function the caller passes (the organisation's currency).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pmsdesk.i18n import _
from pmsdesk.kpi_types import CALCULATIONS, MEASURES, Aggregation, Projection
from pmsdesk.models.enums import Direction

from .achievement import is_due
from .errors import ScoringInputError
from .frozen import quick_init
from .kpi_inputs import KpiDefinition, PeriodFigure, TargetBasis, check_kpi_inputs, in_force
from .kpi_result import (
    FigureStatus,
    KpiResult,
    check_period,
    measure,
    score_checked,
    year_to_date_aggregate,
)
from .milestones import milestone_due, milestone_met
from .sdbip_rules import SdbipRules, check_sdbip


@quick_init
@dataclass(frozen=True)
class YearEndProjection:
    reference: str
    method: str  # plan, run_rate, seasonal, trend, last_value, milestones, none
    projected_actual: float | None
    annual_target: float | None
    projected_achievement: float | None
    projected_met: bool | None
    at_risk: bool
    reason: str
    based_on_periods: tuple[int, ...]


def period_label(number: int, periods_in_year: int) -> str:
    return f"Q{number}" if periods_in_year == 4 else _("period {0}").format(number)


def _show(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _seasonal_shares(previous_year: Sequence[PeriodFigure] | None, periods_in_year: int
                     ) -> dict[int, float] | None:
    if not previous_year:
        return None
    actuals = {f.period_number: f.actual for f in previous_year if f.actual is not None}
    if len(actuals) < periods_in_year or any(a < 0 for a in actuals.values()):
        return None
    total = math.fsum(actuals.values())
    if total <= 0:
        return None
    return {n: actuals.get(n, 0.0) / total for n in range(1, periods_in_year + 1)}


#: Projection methods a caller may ask for: the plan where targets are phased, or never.
AUTO, RUN_RATE = "auto", "run_rate"


def has_phased_targets(kpi: KpiDefinition, figures: Sequence[PeriodFigure]) -> bool:
    """Whether the KPI's quarterly targets differ (more than one distinct target over the year)."""
    targets = [f.target for f in figures if f.target is not None]
    return CALCULATIONS[kpi.calculation_type].phased_plan and len(targets) > 1 and len(set(targets)) > 1


def _plan(kpi: KpiDefinition, figures: Sequence[PeriodFigure], reported: list[PeriodFigure],
          missing: list[int]) -> tuple[str, dict[int, float | None], str] | None:
    """The rest of the year at the share of plan achieved so far; None when no plan is due yet."""
    by_number = {f.period_number: f for f in figures}
    if CALCULATIONS[kpi.calculation_type].aggregation is Aggregation.HIGHEST:
        latest = max((f for f in reported if f.target), key=lambda f: f.period_number, default=None)
        if latest is None:
            return None
        share = max(f.actual for f in reported) / latest.target
        fill = {n: (by_number[n].target * share if n in by_number and by_number[n].target is not None
                    and n > latest.period_number else max(f.actual for f in reported))
                for n in missing}
        return "plan", fill, _("at {0}% of its phased plan, as so far").format(_show(share * 100))
    planned = math.fsum(f.target for f in reported if f.target is not None)
    if planned <= 0:
        return None
    share = math.fsum(f.actual for f in reported) / planned
    fill = {n: by_number[n].target * share
            if n in by_number and by_number[n].target is not None else None for n in missing}
    return "plan", fill, _("delivering {0}% of its phased plan, as so far").format(_show(share * 100))


def _fill(kpi: KpiDefinition, figures: Sequence[PeriodFigure], reported: list[PeriodFigure],
          periods_in_year: int, previous_year: Sequence[PeriodFigure] | None,
          method: str = AUTO, show: Callable[[float], str] = _show) -> tuple[str, dict[int, float | None], str]:
    """Projected actuals for the periods not reported, the method, and how it was reached.

    ``reported`` are the ``figures`` with an actual (at least one); ``show`` writes a value of the KPI.
    """
    numbers = [f.period_number for f in reported]
    missing = [n for n in range(1, periods_in_year + 1) if n not in numbers]
    values = [f.actual for f in reported]
    latest = period_label(numbers[-1], periods_in_year)
    if method == AUTO and has_phased_targets(kpi, figures):
        planned = _plan(kpi, figures, reported, missing)
        if planned is not None:
            return planned
    projection = CALCULATIONS[kpi.calculation_type].projection
    if projection is Projection.PLAN_SEASONAL_OR_RUN_RATE:
        shares = _seasonal_shares(previous_year, periods_in_year)
        share_so_far = math.fsum(shares[n] for n in numbers) if shares else 0.0
        if shares and share_so_far > 0:
            year = math.fsum(values) / share_so_far
            span = f"{period_label(numbers[0], periods_in_year)}–{latest}"
            how = _("following last year's pattern ({0} held {1}% of the year's total)").format(
                span, _show(share_so_far * 100))
            return "seasonal", {n: year * shares[n] for n in missing}, how
        # The rate counts only periods with a target, and a past period that had no target
        # and no report stays empty: a quarter that planned nothing is not an idle quarter.
        direction = kpi.effective_direction
        due = {f.period_number for f in figures if is_due(f.target, direction)}
        paced = [f for f in reported if f.period_number in due] or reported
        rate = math.fsum(f.actual for f in paced) / len(paced)
        fill = {n: rate if n > numbers[-1] or n in due else None for n in missing}
        per = _("at the run-rate of {0} a period") if len(paced) == len(reported) \
            else _("at the run-rate of {0} a period with a target")
        return "run_rate", fill, per.format(show(rate))
    if projection is Projection.PLAN_OR_TREND:
        if len(reported) == 1:
            slope, start = values[0] / numbers[0], 0.0
        else:
            mean_x, mean_y = sum(numbers) / len(numbers), math.fsum(values) / len(values)
            slope = (math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(numbers, values))
                     / math.fsum((x - mean_x) ** 2 for x in numbers))
            start = mean_y - slope * mean_x
        best = max(values)
        cap = 100.0 if MEASURES[kpi.measure_type].percentage else math.inf
        fill = {n: min(max(best, start + slope * n), cap) if n > numbers[-1] else best
                for n in missing}
        sign = "+" if slope >= 0 else "-"
        return "trend", fill, _("on its trend of {0} a period").format(f"{sign}{show(abs(slope))}")
    last = values[-1]
    return "last_value", {n: last for n in missing}, (
        _("if the last reported value, {0} ({1}), holds").format(show(last), latest)
    )


def _milestones(kpi: KpiDefinition, figures: Sequence[PeriodFigure], periods_in_year: int,
                as_of: int | None) -> YearEndProjection:
    due = [f for f in figures if milestone_due(kpi, f)]
    missed = [f.period_number for f in due if milestone_met(kpi, f) is False]
    done = [f.period_number for f in due if milestone_met(kpi, f)]
    late = [f.period_number for f in due if milestone_met(kpi, f) is None
            and as_of is not None and f.period_number <= as_of]
    if missed:
        labels = ", ".join(period_label(n, periods_in_year) for n in missed)
        reason = _("At risk: the milestone due in {0} was not met.").format(labels)
    elif late:
        labels = ", ".join(period_label(n, periods_in_year) for n in late)
        reason = _("At risk: the milestone due in {0} has not been reported.").format(labels)
    elif not due:
        reason = _("On track: no milestone is due this year.")
    else:
        left = len(due) - len(done)
        reason = _("On track: {0} of {1} milestones met so far, {2} still to come.").format(len(done), len(due), left)
    at_risk = bool(missed or late)
    return YearEndProjection(kpi.reference, "milestones", float(len(done)), float(len(due)),
                             None, False if at_risk else None, at_risk, reason,
                             tuple(sorted(done + missed)))


def project_year_end(
    kpi: KpiDefinition,
    periods: Sequence[PeriodFigure],
    periods_in_year: int,
    rules: Mapping[str, Any] | SdbipRules,
    *,
    previous_year: Sequence[PeriodFigure] | None = None,
    target_basis: TargetBasis = TargetBasis.REVISED,
    as_of_period: int | None = None,
    method: str = AUTO,
    money: Callable[[float], str] | None = None,
) -> YearEndProjection:
    """Project ``kpi`` to the end of the year from the periods reported so far.

    ``previous_year`` holds last year's period actuals; when all are there and
    add up to more than 0, an accumulative KPI follows their seasonal pattern.
    ``as_of_period`` is the period being reported on: a target due by then
    with nothing reported makes the KPI at risk. Without it, any due target
    with no report at all does. ``money`` writes a money KPI's amounts in the reason (R, KSh, TSh).
    """
    check_kpi_inputs(kpi, periods)
    _check_periods_in_year(periods_in_year)
    return _project(kpi, in_force(periods, target_basis), periods_in_year, rules,
                    previous_year, as_of_period, method, money)


def score_and_project(
    kpi: KpiDefinition,
    periods: Sequence[PeriodFigure],
    period_number: int,
    periods_in_year: int,
    rules: Mapping[str, Any] | SdbipRules,
    *,
    previous_year: Sequence[PeriodFigure] | None = None,
    awaiting: Collection[int] = (),
    held: Collection[int] = (),
    method: str = AUTO,
    money: Callable[[float], str] | None = None,
) -> tuple[KpiResult, YearEndProjection]:
    """``score_kpi`` and ``project_year_end`` as of ``period_number``, on revised targets.

    The same results as the two calls, for a scorecard: the figures are
    checked and put in order once instead of twice. Refusals come in the
    same order too.
    """
    book = SdbipRules.of(rules)
    check_kpi_inputs(kpi, periods)
    check_period(period_number)
    _check_periods_in_year(periods_in_year)
    figures = in_force(periods, TargetBasis.REVISED)
    return (score_checked(kpi, periods, figures, period_number, book, TargetBasis.REVISED,
                          awaiting, held),
            _project(kpi, figures, periods_in_year, book, previous_year, period_number, method, money))


def _check_periods_in_year(periods_in_year: int) -> None:
    if periods_in_year < 1:
        raise ScoringInputError("periods_in_year", "must be 1 or more")


def _project(kpi: KpiDefinition, figures: list[PeriodFigure], periods_in_year: int,
             rules: Mapping[str, Any] | SdbipRules, previous_year: Sequence[PeriodFigure] | None,
             as_of_period: int | None, method: str = AUTO,
             money: Callable[[float], str] | None = None) -> YearEndProjection:
    """The projection of checked ``figures``, in period order with their targets in force."""
    if not CALCULATIONS[kpi.calculation_type].scored:
        return YearEndProjection(kpi.reference, "none", None, None, None, None, False,
                                 _("Not applicable: no calculation is done."), ())
    show = money if money is not None and MEASURES[kpi.measure_type].money else _show
    direction = kpi.effective_direction
    if direction is Direction.MILESTONE:
        return _milestones(kpi, figures, periods_in_year, as_of_period)
    reported = [f for f in figures if f.actual is not None]
    if not reported:
        due = [f.period_number for f in figures if is_due(f.target, direction)]
        if not due:
            return YearEndProjection(kpi.reference, "none", None, None, None, None, False,
                                     _("No target is set for this year."), ())
        if as_of_period is not None and min(due) > as_of_period:
            return YearEndProjection(
                kpi.reference, "none", None, None, None, None, False,
                _("On track: nothing is due before {0}.").format(period_label(min(due), periods_in_year)), (),
            )
        return YearEndProjection(
            kpi.reference, "none", None, None, None, None, True,
            _("At risk: nothing has been reported yet, so no projection can be made."), (),
        )
    method, fill, how = _fill(kpi, figures, reported, periods_in_year, previous_year, method, show)
    by_number = {f.period_number: f for f in figures}
    # The projected year, period by period; figures after its last period are not scored.
    projected = []
    for number in range(1, periods_in_year + 1):
        figure = by_number.get(number)
        if number in fill:
            figure = figure or PeriodFigure(number)
            figure = figure.with_actual(fill[number], figure.actual_date)
        projected.append(figure)
    check_sdbip(rules)
    year = year_to_date_aggregate(kpi, direction, projected)
    based_on = tuple(f.period_number for f in reported)
    if year.status != FigureStatus.MEASURED:
        return YearEndProjection(kpi.reference, method, year.actual, year.target, None, None,
                                 False, _("No target is set for this year."), based_on)
    achievement, met = measure(year, direction)
    verdict = _("On track: {0}, the year would end at {1} against a target of {2} ({3}%).") if met \
        else _("At risk: {0}, the year would end at {1} against a target of {2} ({3}%).")
    reason = verdict.format(how, show(year.actual), show(year.target), _show(achievement))
    return YearEndProjection(kpi.reference, method, year.actual, year.target, achievement,
                             met, not met, reason, based_on)
