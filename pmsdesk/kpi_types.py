"""Every calculation type and measure type of a KPI, and what each one means, in one place.

A KPI's calculation type (SCORING.md section 1) decides how its quarters make a
year-to-date and annual figure, how the rest of the year is projected, which
direction it must have and what its target may be; its measure type decides
how a value is held, checked and shown. Scoring, the services' checks, data
quality, the importers, the reports and the KPI editor read these tables
instead of naming types, so a new type is one entry here (with a new
``Aggregation`` or ``Projection`` only if it combines quarters in a new way).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pmsdesk.i18n import N_
from pmsdesk.models.enums import CalculationType, MeasureType


class Aggregation(StrEnum):
    """How the quarters of a KPI make its year-to-date and annual figures."""

    SUM = "sum"  # the quarters add up
    HIGHEST = "highest"  # progress carries over: the highest so far
    AVERAGE = "average"  # each quarter stands alone: the average of quarters with a target above zero
    LAST = "last"  # the latest figure above zero
    NONE = "none"  # reported, never combined or scored


class Projection(StrEnum):
    """How the rest of the year is projected from the quarters reported (SCORING.md section 5)."""

    PLAN_SEASONAL_OR_RUN_RATE = "plan, seasonal or run rate"
    PLAN_OR_TREND = "plan or trend"
    LAST_VALUE = "last value"
    NONE = "none"


@dataclass(frozen=True)
class CalculationRule:
    """What one calculation type does, everywhere a KPI of that type is checked, scored or shown."""

    label: str
    #: How the type turns quarters into a year-to-date figure, in words (the technical indicator description).
    method: str
    aggregation: Aggregation
    projection: Projection
    #: The type is about doing less (SCORING.md: reverse stand-alone, zero): its direction must be 'lower'.
    lower_is_better: bool = False
    #: The annual target must be 0 (Zero type).
    target_is_zero: bool = False
    #: Each quarter is measured against a target of its own, so every quarter needs one (data quality).
    every_quarter: bool = False
    #: A milestone KPI of this type is judged on its latest due milestone only (a late completion counts).
    latest_milestone_only: bool = False

    @property
    def scored(self) -> bool:
        return self.aggregation is not Aggregation.NONE

    @property
    def phased_plan(self) -> bool:
        """Quarterly targets that differ are a plan the projection can follow."""
        return self.projection in (Projection.PLAN_SEASONAL_OR_RUN_RATE, Projection.PLAN_OR_TREND)


CALCULATIONS: dict[CalculationType, CalculationRule] = {
    CalculationType.ACCUMULATIVE: CalculationRule(
        N_("Accumulative"), "The quarters add up: the year-to-date target and actual are the sums of the quarters' "
        "targets and actuals.", Aggregation.SUM, Projection.PLAN_SEASONAL_OR_RUN_RATE),
    CalculationType.CARRY_OVER: CalculationRule(
        N_("Carry over"), "Progress carries over: the year-to-date target and actual are the highest reported so far "
        "(for example the percentage of a project complete).", Aggregation.HIGHEST, Projection.PLAN_OR_TREND,
        every_quarter=True, latest_milestone_only=True),
    CalculationType.STAND_ALONE: CalculationRule(
        N_("Stand-alone"), "Each quarter stands alone: the year-to-date target and actual are the averages over the "
        "quarters with a target above zero.", Aggregation.AVERAGE, Projection.LAST_VALUE, every_quarter=True),
    CalculationType.LAST_VALUE: CalculationRule(
        N_("Last value"), "The latest counts: the year-to-date target and actual are the most recent ones above zero.",
        Aggregation.LAST, Projection.LAST_VALUE, every_quarter=True, latest_milestone_only=True),
    CalculationType.REVERSE_STAND_ALONE: CalculationRule(
        N_("Reverse stand-alone"), "As stand-alone, but lower is better: met when the actual is at or below the target.",
        Aggregation.AVERAGE, Projection.LAST_VALUE, lower_is_better=True, every_quarter=True),
    CalculationType.ZERO: CalculationRule(
        N_("Zero"), "The target is zero and lower is better; the quarters add up.", Aggregation.SUM,
        Projection.PLAN_SEASONAL_OR_RUN_RATE, lower_is_better=True, target_is_zero=True, every_quarter=True),
    CalculationType.NOT_APPLICABLE: CalculationRule(
        N_("Not applicable"), "Not calculated: the indicator is reported, not scored.", Aggregation.NONE, Projection.NONE),
}


class ValueKind(StrEnum):
    """Where a measure's value is kept on a target or actual, and how it is typed in."""

    NUMBER = "value"
    DATE = "value_date"
    TEXT = "value_text"


@dataclass(frozen=True)
class MeasureRule:
    """What one measure type is: how its values are held, checked and shown."""

    label: str
    value_kind: ValueKind
    #: Met or not met rather than a quantity: the KPI's direction must be 'milestone'.
    milestone: bool = False
    #: A quantity counted from zero up: a negative target or actual is a typing mistake.
    counted: bool = False
    #: Values are percentages (0–100): projections stop at 100, figures print with '%'.
    percentage: bool = False
    #: Values are money: printed with the organisation's currency.
    money: bool = False

    @property
    def numeric(self) -> bool:
        """Quantities that add up, average and compare (the targets-and-annual checks apply)."""
        return not self.milestone and self.value_kind is ValueKind.NUMBER

    @property
    def deadline(self) -> bool:
        """A milestone met by a date: on time when the actual date is on or before the target date."""
        return self.milestone and self.value_kind is ValueKind.DATE

    @property
    def done_flag(self) -> bool:
        """A milestone reported as done (1) or not done (0)."""
        return self.milestone and not self.deadline


MEASURES: dict[MeasureType, MeasureRule] = {
    MeasureType.NUMBER: MeasureRule(N_("Number"), ValueKind.NUMBER, counted=True),
    MeasureType.PERCENTAGE: MeasureRule(N_("Percentage"), ValueKind.NUMBER, counted=True, percentage=True),
    MeasureType.CURRENCY: MeasureRule(N_("Currency"), ValueKind.NUMBER, counted=True, money=True),
    MeasureType.YES_NO: MeasureRule(N_("Yes/No"), ValueKind.NUMBER, milestone=True),
    MeasureType.DATE: MeasureRule(N_("Date"), ValueKind.DATE, milestone=True),
    MeasureType.TEXT_MILESTONE: MeasureRule(N_("Milestone"), ValueKind.TEXT, milestone=True),
}

#: The sets callers test membership in, derived from the tables above (never written out by hand).
MILESTONE_MEASURES = frozenset(measure for measure, rule in MEASURES.items() if rule.milestone)
NUMERIC_MEASURES = frozenset(measure for measure, rule in MEASURES.items() if rule.numeric)
COUNTED_MEASURES = frozenset(measure for measure, rule in MEASURES.items() if rule.counted)
LOWER_IS_BETTER_TYPES = frozenset(kind for kind, rule in CALCULATIONS.items() if rule.lower_is_better)


def combined(aggregation: Aggregation, values: Sequence[float]) -> float | None:
    """``values`` (the quarters chosen, in order) combined as ``aggregation`` says; None for none."""
    if not values or aggregation is Aggregation.NONE:
        return None
    if aggregation is Aggregation.SUM:
        return math.fsum(values)
    if aggregation is Aggregation.HIGHEST:
        return max(values)
    if aggregation is Aggregation.AVERAGE:
        return math.fsum(values) / len(values)
    return next((value for value in reversed(values) if value > 0), values[-1])


def implied_annual_target(aggregation: Aggregation, quarter_targets: Sequence[float]) -> float | None:
    """The annual target the quarterly targets imply: the year-to-date target at the year's end.

    An average counts the quarters with a target above zero, as the year-to-date figure does.
    """
    if aggregation is Aggregation.AVERAGE:
        quarter_targets = [value for value in quarter_targets if value > 0] or list(quarter_targets)
    return combined(aggregation, quarter_targets)
