"""One KPI's scorecard line, and scoring it: shared by fresh scorecards and the stored results."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from pmsdesk.scoring import (
    KpiResult,
    ScoringInputError,
    SdbipRules,
    YearEndProjection,
    score_and_project,
    score_kpi,
)
from pmsdesk.scoring.frozen import quick_init
from pmsdesk.scoring.kpi_inputs import PeriodFigure

from .scorecard_loading import KpiInputs


@quick_init
@dataclass(frozen=True)
class ScorecardLine:
    """One KPI on the scorecard; ``problem`` says why it could not be scored, if so."""

    reference: str
    name: str
    groups: Mapping[str, str]
    result: KpiResult | None
    projection: YearEndProjection | None
    unverified_periods: tuple[int, ...] = ()
    problem: str | None = None


def as_of(periods: Sequence[PeriodFigure], period_number: int) -> list[PeriodFigure]:
    """``periods`` as they stood when ``period_number`` was reported: later actuals removed."""
    return [f if f.period_number <= period_number or (f.actual is None and f.actual_date is None)
            else f.with_actual(None, None) for f in periods]


def score_line(kpi: KpiInputs, period: int, periods_in_year: int, book: SdbipRules,
               awaiting: Collection[int], projection_method: str = "auto",
               money: Callable[[float], str] | None = None) -> ScorecardLine:
    """``kpi``'s line as of ``period`` with the quarters in ``awaiting`` still open; ``money`` writes a money
    KPI's amounts in its projection sentence (the organisation's currency)."""
    known = as_of(kpi.periods, period)
    unverified_here = tuple(n for n in kpi.unverified_periods if n <= period)
    try:
        result, projection = score_and_project(
            kpi.definition, known, period, periods_in_year, book,
            previous_year=kpi.previous_year, awaiting=awaiting, held=kpi.held_periods,
            method=projection_method, money=money)
    except ScoringInputError as error:
        return ScorecardLine(kpi.definition.reference, kpi.definition.name, kpi.groups,
                             None, None, unverified_here, str(error))
    return ScorecardLine(kpi.definition.reference, kpi.definition.name, kpi.groups,
                         result, projection, unverified_here)


def with_awaiting(line: ScorecardLine, kpi: KpiInputs, period: int, book: SdbipRules,
                  awaiting: Collection[int]) -> ScorecardLine:
    """``line`` (scored with every deadline passed) scored again with ``awaiting`` open.

    Only the figures change: the projection does not read the calendar, so it is kept.
    Equal to :func:`score_line` with ``awaiting`` (a test compares them).
    """
    if line.result is None:  # refused figures stay refused, whatever the calendar
        return line
    result = score_kpi(kpi.definition, as_of(kpi.periods, period), period, book,
                       awaiting=awaiting, held=kpi.held_periods)
    return ScorecardLine(line.reference, line.name, line.groups, result, line.projection,
                         line.unverified_periods, line.problem)


def open_gaps(kpi: KpiInputs, period: int, awaiting: Collection[int]) -> bool:
    """Whether a quarter in ``awaiting`` up to ``period`` has a figure but no counted actual.

    Only then do open quarters change a KPI's line (an unreported open quarter waits);
    otherwise its line is the one scored with every deadline passed.
    """
    return any(f.period_number <= period and f.period_number in awaiting
               and f.actual is None and f.actual_date is None for f in kpi.periods)
