"""Year-to-date target and actual for each SDBIP calculation type (SCORING.md section 1).

A year-to-date figure built from sums or averages (accumulative, zero,
stand-alone, reverse stand-alone) is only given when every period with a
target so far has been reported: a missing actual is never counted as zero.
Carry over and last value use what has been reported and list what has not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pmsdesk.kpi_types import CALCULATIONS, Aggregation, combined
from pmsdesk.models.enums import CalculationType, Direction

from .achievement import is_due
from .frozen import quick_init
from .kpi_inputs import PeriodFigure

#: Aggregations whose figure needs every period with a target reported.
NEEDS_EVERY_PERIOD = frozenset({Aggregation.SUM, Aggregation.AVERAGE})


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
    aggregation = CALCULATIONS[calculation_type].aggregation
    if aggregation is Aggregation.NONE:
        return Aggregate("not_applicable", note="calculation type is not applicable")
    reported = [f for f in figures if f.actual is not None]
    if aggregation is Aggregation.AVERAGE:
        due = [f for f in figures if f.target is not None and f.target > 0]
    else:
        due = [f for f in figures if is_due(f.target, direction)]
    if not due:
        return Aggregate("not_measured", note="no target was due so far")
    unreported = _numbers([f for f in due if f.actual is None])

    if aggregation in NEEDS_EVERY_PERIOD:
        if unreported:
            return Aggregate(
                "not_reported", unreported_periods=unreported,
                note="a sum or average needs every period with a target reported",
            )
        if aggregation is Aggregation.SUM:
            return Aggregate(
                "measured",
                target=combined(aggregation, _targets(due)),
                actual=combined(aggregation, _actuals(reported)),
                periods_used=_numbers_of_both(due, reported),
            )
        return Aggregate(
            "measured",
            target=combined(aggregation, _targets(due)),
            actual=combined(aggregation, _actuals(due)),
            periods_used=_numbers(due),
        )

    if not reported:
        return Aggregate("not_reported", unreported_periods=unreported)
    if aggregation is Aggregation.HIGHEST:
        return Aggregate(
            "measured",
            target=combined(aggregation, _targets(due)),
            actual=combined(aggregation, _actuals(reported)),
            periods_used=_numbers_of_both(due, reported),
            unreported_periods=unreported,
        )
    # The latest target and actual above zero.
    last_target = next((f for f in reversed(due) if (f.target or 0) > 0), due[-1])
    last_actual = next((f for f in reversed(reported) if (f.actual or 0) > 0), reported[-1])
    return Aggregate(
        "measured",
        target=last_target.target,
        actual=last_actual.actual,
        periods_used=tuple(sorted({last_target.period_number, last_actual.period_number})),
        unreported_periods=unreported,
    )


def _targets(figures: Sequence[PeriodFigure]) -> list[float]:
    return [f.target for f in figures if f.target is not None]


def _actuals(figures: Sequence[PeriodFigure]) -> list[float]:
    return [f.actual for f in figures if f.actual is not None]
