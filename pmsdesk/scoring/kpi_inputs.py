"""What the engine needs to score a KPI: its definition and one figure per period.

Plain frozen dataclasses, so a database adapter, an importer or the ``calc``
command can build them without the engine knowing where they came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pmsdesk.kpi_types import LOWER_IS_BETTER_TYPES, MILESTONE_MEASURES
from pmsdesk.models.enums import CalculationType, Direction, MeasureType

from .errors import ScoringInputError, format_number
from .frozen import quick_init


class TargetBasis(StrEnum):
    """Which target a result used after an adjustment budget revised some of them."""

    REVISED = "revised"
    ORIGINAL = "original"


@quick_init
@dataclass(frozen=True)
class KpiDefinition:
    """The parts of a KPI that decide how it is scored."""

    reference: str
    calculation_type: CalculationType
    measure_type: MeasureType
    direction: Direction
    name: str = ""
    weight: float | None = None

    @property
    def effective_direction(self) -> Direction:
        """Milestone measures are met or not; reverse and zero types are lower-is-better."""
        if self.measure_type in MILESTONE_MEASURES:
            return Direction.MILESTONE
        if self.calculation_type in LOWER_IS_BETTER_TYPES:
            return Direction.LOWER_IS_BETTER
        return self.direction


@quick_init
@dataclass(frozen=True)
class PeriodFigure:
    """Target and actual of one KPI in one reporting period.

    ``target`` None means the period is not measured ("-", "N/A" in a
    workbook); ``actual`` None means not reported, never zero. Yes/no and text
    milestones use 1 (done) and 0 (not done); a date deadline uses
    ``target_date`` and ``actual_date``. ``target``/``target_date`` hold the
    current (revised) value; ``original_target``/``original_target_date`` the
    value before an adjustment budget, when there was one.
    """

    period_number: int
    target: float | None = None
    actual: float | None = None
    target_date: date | None = None
    actual_date: date | None = None
    target_text: str | None = None
    original_target: float | None = None
    original_target_date: date | None = None
    revised_on: date | None = None

    @property
    def is_revised(self) -> bool:
        return (self.original_target is not None and self.original_target != self.target) or (
            self.original_target_date is not None and self.original_target_date != self.target_date
        )

    def with_basis(self, basis: TargetBasis) -> PeriodFigure:
        """This figure with the original target in force when ``basis`` asks for it."""
        if basis is TargetBasis.REVISED or not self.is_revised:
            return self
        return PeriodFigure(
            period_number=self.period_number,
            target=self.original_target if self.original_target is not None else self.target,
            actual=self.actual,
            target_date=self.original_target_date or self.target_date,
            actual_date=self.actual_date,
            target_text=self.target_text,
        )

    def with_actual(self, actual: float | None, actual_date: date | None) -> PeriodFigure:
        """This figure with another actual: ``dataclasses.replace`` without its cost per call."""
        return PeriodFigure(self.period_number, self.target, actual, self.target_date, actual_date,
                            self.target_text, self.original_target, self.original_target_date,
                            self.revised_on)


def _number(figure: PeriodFigure) -> int:
    return figure.period_number


def in_force(periods: Sequence[PeriodFigure], basis: TargetBasis) -> list[PeriodFigure]:
    """``periods`` in period order, each with the target ``basis`` puts in force."""
    if basis is TargetBasis.REVISED:
        return sorted(periods, key=_number)
    return sorted((figure.with_basis(basis) for figure in periods), key=_number)


_NO_NEGATIVE_TARGET = frozenset(MeasureType) - {MeasureType.NUMBER}


def check_kpi_inputs(kpi: KpiDefinition, periods: Sequence[PeriodFigure]) -> None:
    """Refuse figures that cannot be right, naming ``periods[i].field``.

    Negative targets are impossible for percentages, money, milestones and
    lower-is-better types; yes/no actuals must be 0 or 1; period numbers unique.
    """
    if kpi.weight is not None and kpi.weight < 0:
        raise ScoringInputError("weight", f"must not be negative, got {format_number(kpi.weight)}")
    no_negative = (kpi.measure_type in _NO_NEGATIVE_TARGET
                   or kpi.calculation_type in LOWER_IS_BETTER_TYPES)
    yes_or_no = kpi.measure_type in (MeasureType.YES_NO, MeasureType.TEXT_MILESTONE)
    deadline = kpi.measure_type is MeasureType.DATE
    seen: set[int] = set()
    for index, figure in enumerate(periods):
        if figure.period_number < 1:
            raise ScoringInputError(f"periods[{index}].period", "must be 1 or more")
        if figure.period_number in seen:
            raise ScoringInputError(
                f"periods[{index}].period", f"period {figure.period_number} is given twice"
            )
        seen.add(figure.period_number)
        if no_negative:
            for name, value in (("target", figure.target),
                                ("original_target", figure.original_target)):
                if value is not None and not value >= 0:  # NaN is refused too
                    raise ScoringInputError(
                        f"periods[{index}].{name}",
                        f"cannot be negative for a {kpi.measure_type.value} KPI "
                        f"({kpi.calculation_type.value}), got {format_number(value)}",
                    )
        if yes_or_no:
            for name, value in (("target", figure.target), ("actual", figure.actual)):
                if value is not None and value not in (0, 1):
                    raise ScoringInputError(
                        f"periods[{index}].{name}",
                        f"must be yes (1) or no (0), got {format_number(value)}")
        if deadline and figure.actual == 1 and figure.actual_date is None:
            raise ScoringInputError(
                f"periods[{index}].actual_date",
                "is needed to tell whether a done deadline was met on time"
            )
