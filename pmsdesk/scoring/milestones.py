"""Milestone KPIs (yes/no, text, date deadline): each due period is met or not met."""

from __future__ import annotations

from collections.abc import Sequence

from pmsdesk.kpi_types import CALCULATIONS, MEASURES

from .kpi_inputs import KpiDefinition, PeriodFigure
from .year_to_date import Aggregate


def milestone_due(kpi: KpiDefinition, figure: PeriodFigure) -> bool:
    """A milestone is due in a period with a deadline, a yes target or a target text."""
    if MEASURES[kpi.measure_type].deadline:
        return figure.target_date is not None
    if figure.target is not None:
        return figure.target > 0 or not MEASURES[kpi.measure_type].done_flag
    return bool(figure.target_text and figure.target_text.strip())


def milestone_met(kpi: KpiDefinition, figure: PeriodFigure) -> bool | None:
    """Met / not met for one due period; None when nothing was reported."""
    if MEASURES[kpi.measure_type].deadline:
        if figure.actual_date is not None:
            return figure.target_date is not None and figure.actual_date <= figure.target_date
        return None if figure.actual is None else False
    if figure.actual is None:
        return None
    if MEASURES[kpi.measure_type].done_flag:
        return figure.actual >= 1
    return figure.target is not None and figure.actual >= figure.target


def milestone_period(kpi: KpiDefinition, figure: PeriodFigure) -> Aggregate:
    """One period of a milestone KPI: 1 of 1 milestones met, or 0 of 1."""
    if not milestone_due(kpi, figure):
        return Aggregate("not_measured", note="no milestone was due in this period")
    met = milestone_met(kpi, figure)
    if met is None:
        return Aggregate("not_reported", unreported_periods=(figure.period_number,))
    return Aggregate("measured", target=1, actual=1 if met else 0,
                     periods_used=(figure.period_number,))


def milestone_year_to_date(kpi: KpiDefinition, figures: Sequence[PeriodFigure]) -> Aggregate:
    """Milestones met so far out of those due.

    Carry over and last value judge only the latest due milestone (a late
    completion still counts); every other type needs each due milestone met
    and reported.
    """
    if not CALCULATIONS[kpi.calculation_type].scored:
        return Aggregate("not_applicable", note="calculation type is not applicable")
    due = [figure for figure in figures if milestone_due(kpi, figure)]
    if not due:
        return Aggregate("not_measured", note="no milestone was due so far")
    if CALCULATIONS[kpi.calculation_type].latest_milestone_only:
        latest = due[-1]
        later_done = _done_later(kpi, latest, figures)
        if later_done:
            return Aggregate("measured", target=1, actual=1,
                             periods_used=(latest.period_number,))
        return milestone_period(kpi, latest)
    unreported = tuple(f.period_number for f in due if milestone_met(kpi, f) is None)
    if unreported:
        return Aggregate("not_reported", unreported_periods=unreported)
    met = sum(1 for figure in due if milestone_met(kpi, figure))
    return Aggregate("measured", target=len(due), actual=met,
                     periods_used=tuple(f.period_number for f in due))


def _done_later(kpi: KpiDefinition, due: PeriodFigure, figures: Sequence[PeriodFigure]) -> bool:
    """A yes/text milestone reported done in a later period without its own target."""
    if MEASURES[kpi.measure_type].deadline:
        return False
    return any(
        f.period_number > due.period_number and f.actual is not None and f.actual >= 1
        and not milestone_due(kpi, f)
        for f in figures
    )
