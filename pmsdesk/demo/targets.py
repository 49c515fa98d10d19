"""How a demo KPI's annual target is spread over quarters, and what gets reported."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from pmsdesk.models import CalculationType, MeasureType

from .templates import KpiTemplate

#: Quarter in which milestone KPIs (dates, yes/no, text) fall due.
MILESTONE_QUARTER = {MeasureType.DATE: 3, MeasureType.YES_NO: 4, MeasureType.TEXT_MILESTONE: 4}
TEXT_MILESTONES = (
    "Terms of reference approved",
    "Draft presented to management",
    "Draft presented to council for public comment",
    "Final document adopted by council",
)


@dataclass(frozen=True)
class QuarterTarget:
    value: float | None = None
    value_date: date | None = None
    value_text: str | None = None

    @property
    def is_set(self) -> bool:
        return self.value is not None or self.value_date is not None or self.value_text is not None


def _round(value: float, whole: bool) -> float:
    return float(round(value)) if whole else round(value, 2)


def quarter_targets(
    template: KpiTemplate, annual: float, quarter_ends: list[date], rng: random.Random
) -> list[QuarterTarget]:
    """Four quarter targets that add up (or carry over) to ``annual`` as the calculation type says."""
    # A count is whole in every quarter (no 0.5 of a clinic); amounts and percentages are whole from 4 up.
    whole = float(annual).is_integer() and (template.measure == MeasureType.NUMBER or annual >= 4)
    measure, calculation = template.measure, template.calculation
    if measure == MeasureType.DATE:
        due = MILESTONE_QUARTER[measure]
        deadline = quarter_ends[due - 1] - timedelta(days=rng.choice((0, 15, 30)))
        return [QuarterTarget(value_date=deadline) if q == due else QuarterTarget() for q in range(1, 5)]
    if measure == MeasureType.YES_NO:
        return [QuarterTarget(value=1.0) if q == 4 else QuarterTarget() for q in range(1, 5)]
    if measure == MeasureType.TEXT_MILESTONE:
        return [QuarterTarget(value=1.0, value_text=text) for text in TEXT_MILESTONES]
    if calculation == CalculationType.ACCUMULATIVE:
        shares = rng.choice(((0.25, 0.25, 0.25, 0.25), (0.2, 0.3, 0.3, 0.2), (0.0, 0.3, 0.4, 0.3)))
        # Rounding the running total, not each quarter, keeps every quarter whole, none negative, and the sum exact.
        running = [_round(annual * sum(shares[:q]), whole) for q in range(1, 5)]
        values = [later - earlier for earlier, later in zip([0.0, *running[:-1]], running)]
        values[-1] = _round(annual - sum(values[:-1]), whole)
        return [QuarterTarget(value=v) if v > 0 else QuarterTarget() for v in values]
    if calculation == CalculationType.CARRY_OVER:
        return [QuarterTarget(value=_round(annual * share, whole)) for share in (0.25, 0.5, 0.75, 1.0)]
    return [QuarterTarget(value=annual) for _ in range(4)]


@dataclass(frozen=True)
class ReportedValue:
    value: float | None = None
    value_date: date | None = None
    value_text: str | None = None
    met: bool = True


def reported_value(
    template: KpiTemplate, target: QuarterTarget, tendency: float, rng: random.Random
) -> ReportedValue:
    """An actual near the target: ``tendency`` > 1 over-performs, < 1 under-performs."""
    factor = max(0.0, rng.gauss(tendency, 0.12))
    if template.measure == MeasureType.DATE:
        due = target.value_date
        if due is None:
            raise ValueError(f"{template.name}: a date target without its date")
        late_days = 0 if factor >= 0.95 else int((1 - factor) * 120)
        actual = due + timedelta(days=late_days - rng.randint(0, 10) * (late_days == 0))
        return ReportedValue(value_date=actual, met=actual <= due)
    if template.measure in (MeasureType.YES_NO, MeasureType.TEXT_MILESTONE):
        achieved = factor >= 0.9
        text = target.value_text if achieved else (f"Not achieved: {target.value_text.lower()}" if target.value_text else None)
        return ReportedValue(value=1.0 if achieved else 0.0, value_text=text, met=achieved)
    planned = target.value or 0.0
    if template.calculation == CalculationType.ZERO:
        value = 0.0 if factor >= 0.9 else float(rng.randint(1, 4))
        if template.measure == MeasureType.CURRENCY and value:
            value *= 125_000
        return ReportedValue(value=value, met=value <= planned)
    lower_is_better = template.calculation == CalculationType.REVERSE_STAND_ALONE
    value = planned / factor if lower_is_better and factor > 0 else planned * factor
    if template.measure == MeasureType.PERCENTAGE:
        value = min(value, 100.0)
    whole = template.measure == MeasureType.NUMBER and float(template.annual_target).is_integer()
    value = _round(value, whole)
    met = value <= planned if lower_is_better else value >= planned
    return ReportedValue(value=value, met=met)
