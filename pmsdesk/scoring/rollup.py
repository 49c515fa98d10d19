"""Roll-ups: a KPA's, unit's or organisation's score from its KPIs (SCORING.md section 6).

The score is the weighted mean of the KPIs' achievement %, with KPI weights
when every measured KPI in the group has one and equal weights otherwise.
KPIs without a measured figure are left out of the denominator and counted by
reason, so a report can say "3 KPIs not yet measured, 1 not reported".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ScoringInputError, format_number
from .kpi_result import Figure, FigureStatus, KpiResult, traffic_light
from .rules import SDBIP, require_kind, rule_set_ref

WHOLE_ORGANISATION = "organisation"


@dataclass(frozen=True)
class RollupEntry:
    """One KPI's part in a roll-up: its achievement and the groups it belongs to.

    ``groups`` maps a grouping name to this KPI's value, e.g.
    ``{"kpa": "Basic service delivery", "unit": "Technical services"}``.
    """

    reference: str
    status: FigureStatus
    achievement: float | None
    weight: float | None = None
    groups: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_result(cls, result: KpiResult, groups: Mapping[str, str] | None = None, *,
                    year_to_date: bool = False) -> RollupEntry:
        figure: Figure = result.year_to_date if year_to_date else result.period
        return cls(result.reference, figure.status, figure.achievement, result.weight,
                   dict(groups or {}))


@dataclass(frozen=True)
class Rollup:
    """The score of one group; ``score`` is None when no KPI in it was measured."""

    group: str
    score: float | None
    category: str
    category_name: str
    measured: int
    left_out: int
    left_out_by_reason: Mapping[str, int]
    weighting: str  # "kpi_weights" or "equal"
    kpi_references: tuple[str, ...]
    rule_set: Mapping[str, Any]


def _score(entries: list[RollupEntry], cap: float | None) -> tuple[float | None, str]:
    measured = [e for e in entries if e.status is FigureStatus.MEASURED]
    if not measured:
        return None, "equal"
    use_weights = all(e.weight is not None for e in measured)
    weights = [float(e.weight) if use_weights else 1.0 for e in measured]
    total = math.fsum(weights)
    if total <= 0:
        return None, "kpi_weights"
    values = [min(e.achievement, cap) if cap is not None else e.achievement for e in measured]
    score = math.fsum(w * v for w, v in zip(weights, values)) / total
    return round(score, 9), "kpi_weights" if use_weights else "equal"


def roll_up(
    entries: Iterable[RollupEntry],
    rules: Mapping[str, Any],
    *,
    by: str | Callable[[RollupEntry], str] | None = None,
) -> dict[str, Rollup]:
    """Group ``entries`` and score each group.

    ``by`` is a key of ``RollupEntry.groups`` (KPA, objective, unit …), a
    function of the entry, or None for one whole-organisation group. The
    result does not depend on the order of ``entries``.
    """
    require_kind(rules, SDBIP)
    cap = rules["body"].get("rollup_achievement_cap")
    grouped: dict[str, list[RollupEntry]] = {}
    for index, entry in enumerate(entries):
        if entry.status is FigureStatus.MEASURED and entry.achievement is None:
            raise ScoringInputError(f"kpis[{index}].achievement", "is needed for a measured KPI")
        if entry.weight is not None and (entry.weight < 0 or not math.isfinite(entry.weight)):
            raise ScoringInputError(f"kpis[{index}].weight",
                                    f"must not be negative, got {format_number(entry.weight)}")
        if by is None:
            key = WHOLE_ORGANISATION
        elif callable(by):
            key = by(entry)
        else:
            key = entry.groups.get(by) or "(none)"
        grouped.setdefault(key, []).append(entry)
    if by is None:
        grouped.setdefault(WHOLE_ORGANISATION, [])  # an organisation with no KPIs still has a (empty) score

    rollups: dict[str, Rollup] = {}
    for key in sorted(grouped):
        members = sorted(grouped[key], key=lambda e: e.reference)
        score, weighting = _score(members, cap)
        left_out = Counter(e.status.value for e in members if e.status is not FigureStatus.MEASURED)
        band = traffic_light(rules, score)
        rollups[key] = Rollup(
            group=key,
            score=score,
            category=band["code"],
            category_name=band.get("name", band["code"]),
            measured=len(members) - sum(left_out.values()),
            left_out=sum(left_out.values()),
            left_out_by_reason=dict(sorted(left_out.items())),
            weighting=weighting,
            kpi_references=tuple(e.reference for e in members),
            rule_set=rule_set_ref(rules),
        )
    return rollups
