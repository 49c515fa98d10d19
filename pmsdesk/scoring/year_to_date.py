"""Year-to-date target and actual for each SDBIP calculation type (SCORING.md section 1).

A year-to-date figure built from sums or averages (accumulative, zero,
stand-alone, reverse stand-alone) is only given when every period with a
target so far has been reported: a missing actual is never counted as zero.
Carry over and last value use what has been reported and list what has not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from pmsdesk.models.enums import CalculationType, Direction

from .achievement import is_due
from .frozen import quick_init
from .kpi_inputs import PeriodFigure

ACCUMULATING = frozenset({CalculationType.ACCUMULATIVE, CalculationType.ZERO})
AVERAGING = frozenset({CalculationType.STAND_ALONE, CalculationType.REVERSE_STAND_ALONE})


@quick_init
@dataclass(frozen=True)
class Aggregate:
    """Target and actual for a span of periods, or why there are none."""

    status: str  # a FigureStatus value
    target: float | None = None
    actual: float | None = None
    periods_used: tuple[int, ...] = ()
    unreported_periods: tuple[int, ...] = ()
    note: str | None = None
    extra: dict = field(default_factory=dict)


def _numbers(figures: Sequence[PeriodFigure]) -> tuple[int, ...]:
    return tuple(figure.period_number for figure in figures)


def _numbers_of_both(due: Sequence[PeriodFigure], reported: Sequence[PeriodFigure]) -> tuple[int, ...]:
    """Periods due or reported, in order (period numbers are unique: inputs are checked)."""
    return tuple(sorted({f.period_number for f in due} | {f.period_number for f in reported}))


def numeric_year_to_date(
    calculation_type: CalculationType, direction: Direction, figures: Sequence[PeriodFigure]
) -> Aggregate:
    """Aggregate ``figures`` (periods up to the one asked for, in order) by ``calculation_type``."""
    if calculation_type is CalculationType.NOT_APPLICABLE:
        return Aggregate("not_applicable", note="calculation type is not applicable")
    reported = [f for f in figures if f.actual is not None]
    if calculation_type in AVERAGING:
        due = [f for f in figures if f.target is not None and f.target > 0]
    else:
        due = [f for f in figures if is_due(f.target, direction)]
    if not due:
        return Aggregate("not_measured", note="no target was due so far")
    unreported = _numbers([f for f in due if f.actual is None])

    if calculation_type in ACCUMULATING or calculation_type in AVERAGING:
        if unreported:
            return Aggregate(
                "not_reported", unreported_periods=unreported,
                note="a sum or average needs every period with a target reported",
            )
        if calculation_type in ACCUMULATING:
            return Aggregate(
                "measured",
                target=math.fsum(f.target for f in due),
                actual=math.fsum(f.actual for f in reported),
                periods_used=_numbers_of_both(due, reported),
            )
        return Aggregate(
            "measured",
            target=math.fsum(f.target for f in due) / len(due),
            actual=math.fsum(f.actual for f in due) / len(due),
            periods_used=_numbers(due),
        )

    if not reported:
        return Aggregate("not_reported", unreported_periods=unreported)
    if calculation_type is CalculationType.CARRY_OVER:
        return Aggregate(
            "measured",
            target=max(f.target for f in due),
            actual=max(f.actual for f in reported),
            periods_used=_numbers_of_both(due, reported),
            unreported_periods=unreported,
        )
    # Last value: the most recent target and actual above zero.
    last_target = next((f for f in reversed(due) if f.target > 0), due[-1])
    last_actual = next((f for f in reversed(reported) if f.actual > 0), reported[-1])
    return Aggregate(
        "measured",
        target=last_target.target,
        actual=last_actual.actual,
        periods_used=tuple(sorted({last_target.period_number, last_actual.period_number})),
        unreported_periods=unreported,
    )
