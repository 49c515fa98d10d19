"""How numbers, dates and closed vocabularies read on screen.

Formatting is fixed (comma thousands separators, "30 Jun 2026") rather than
taken from the system locale, so every office prints and reads the same figures.
"""

from __future__ import annotations

from datetime import date

from pmsdesk.i18n import N_
from pmsdesk.models import CalculationType, Direction, MeasureType

MEASURE_LABELS = {
    MeasureType.NUMBER: N_("Number"),
    MeasureType.PERCENTAGE: N_("Percentage"),
    MeasureType.CURRENCY: N_("Currency"),
    MeasureType.YES_NO: N_("Yes/No"),
    MeasureType.DATE: N_("Date"),
    MeasureType.TEXT_MILESTONE: N_("Milestone"),
}
CALCULATION_LABELS = {
    CalculationType.ACCUMULATIVE: N_("Accumulative"),
    CalculationType.CARRY_OVER: N_("Carry over"),
    CalculationType.STAND_ALONE: N_("Stand-alone"),
    CalculationType.LAST_VALUE: N_("Last value"),
    CalculationType.REVERSE_STAND_ALONE: N_("Reverse stand-alone"),
    CalculationType.ZERO: N_("Zero"),
    CalculationType.NOT_APPLICABLE: N_("Not applicable"),
}
#: How each calculation type turns quarters into a year-to-date figure, in words (SCORING.md section 1), as the
#: technical indicator description prints it under "method of calculation".
CALCULATION_METHODS = {
    CalculationType.ACCUMULATIVE: "The quarters add up: the year-to-date target and actual are the sums of the "
                                  "quarters' targets and actuals.",
    CalculationType.CARRY_OVER: "Progress carries over: the year-to-date target and actual are the highest "
                                "reported so far (for example the percentage of a project complete).",
    CalculationType.STAND_ALONE: "Each quarter stands alone: the year-to-date target and actual are the averages "
                                 "over the quarters with a target above zero.",
    CalculationType.LAST_VALUE: "The latest counts: the year-to-date target and actual are the most recent "
                                "ones above zero.",
    CalculationType.REVERSE_STAND_ALONE: "As stand-alone, but lower is better: met when the actual is at or "
                                         "below the target.",
    CalculationType.ZERO: "The target is zero and lower is better; the quarters add up.",
    CalculationType.NOT_APPLICABLE: "Not calculated: the indicator is reported, not scored.",
}
DIRECTION_LABELS = {
    Direction.HIGHER_IS_BETTER: N_("↑ Higher"),
    Direction.LOWER_IS_BETTER: N_("↓ Lower"),
    Direction.MILESTONE: N_("Milestone"),
}
DIRECTION_TOOLTIPS = {
    Direction.HIGHER_IS_BETTER: N_("Higher is better"),
    Direction.LOWER_IS_BETTER: N_("Lower is better"),
    Direction.MILESTONE: N_("Milestone: met or not met"),
}


def plain_number(value: float) -> str:
    """1250000 → '1,250,000'; 12.5 → '12.5' (at most two decimals, no trailing zeros)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def percent(value: float | None) -> str:
    return "" if value is None else f"{plain_number(value)}%"


def a_date(value: date) -> str:
    return value.strftime("%d %b %Y").lstrip("0")


def measured_value(value: float | date | str | None, measure: MeasureType) -> str:
    """A target, baseline or actual as an official expects to read it for its measure type."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return a_date(value)
    if measure is MeasureType.PERCENTAGE:
        return percent(value)
    if measure is MeasureType.YES_NO:
        return "Yes" if value else "No"
    if measure is MeasureType.CURRENCY and not float(value).is_integer():
        return f"{value:,.2f}"
    return plain_number(value)


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """'1 KPI', '250 KPIs', '12,345 KPIs'."""
    word = noun if count == 1 else (plural or f"{noun}s")
    return f"{count:,} {word}"
