"""Achievement % and met / not met for one target and actual.

Higher is better: ``actual / target x 100``. Lower is better: ``100 + (target
- actual) / target x 100``, so meeting the target exactly is 100%, half the
allowed amount is 150% and a smaller actual always scores higher. A target of
0 on a lower-is-better KPI (the "zero" type) cannot be divided by: an actual
of 0 or less scores 100%, a positive actual ``100 / (1 + actual)``, which keeps
the order (more incidents, lower score) without pretending to be a ratio.
Achievement never goes below 0.
"""

from __future__ import annotations

import math

from pmsdesk.models.enums import Direction

PRECISION = 9  # decimal places kept, so 0.1 + 0.2 against 0.3 is exactly 100%


def is_due(target: float | None, direction: Direction) -> bool:
    """Whether a period target asks for something: None never, 0 only when lower is better."""
    if target is None:
        return False
    return direction is Direction.LOWER_IS_BETTER or target != 0


def meets_target(target: float, actual: float, direction: Direction) -> bool:
    """Met when actual reaches the target (higher) or stays within it (lower)."""
    if math.isclose(actual, target, rel_tol=1e-9, abs_tol=1e-12):
        return True
    if direction is Direction.LOWER_IS_BETTER:
        return actual < target
    return actual > target


def achievement_percent(target: float, actual: float, direction: Direction) -> float:
    """Achievement of a numeric target as a percentage; see the module text for the formulas."""
    if direction is Direction.LOWER_IS_BETTER:
        if target == 0:
            value = 100.0 if actual <= 0 else 100.0 / (1.0 + actual)
        else:
            value = 100.0 + (target - actual) / abs(target) * 100.0
    else:
        if target == 0:
            raise ValueError("a target of 0 on a higher-is-better KPI is not due")
        value = 100.0 + (actual - target) / abs(target) * 100.0
    value = round(max(value, 0.0), PRECISION)
    if meets_target(target, actual, direction) and value < 100:
        value = 100.0  # float noise must not turn a met target into "almost met"
    return value
