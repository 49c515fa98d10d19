"""Which reported values are held for checking: one rule for data quality and for scores.

A value many times its target is almost always a typing slip (a percentage
typed as 8500, a count with two zeros too many). Data quality lists it for
the capturer to fix; scores leave it out, printed "Held for checking", until
a PMS officer confirms it (audited) or it is corrected. The ratio comes from
the rule set (``held_for_checking_ratio``, 10 by default).
"""

from __future__ import annotations

from pmsdesk.kpi_types import NUMERIC_MEASURES
from pmsdesk.models.enums import MeasureType


def is_implausible(measure_type: MeasureType, target: float | None, actual: float | None,
                   ratio: float | None) -> bool:
    """Whether ``actual`` is ``ratio`` or more times a positive ``target`` of a numeric KPI."""
    return (ratio is not None and measure_type in NUMERIC_MEASURES and target is not None
            and actual is not None and target > 0 and actual >= ratio * target)
