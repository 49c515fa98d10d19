"""Roll-ups: a KPA's, unit's or organisation's score from its KPIs (SCORING.md section 6).

The score is the weighted mean of the KPIs' achievement %, with KPI weights
when every measured KPI in the group has one and equal weights otherwise.
KPIs without a measured figure are left out of the denominator and counted by
reason, so a report can say "3 KPIs not yet measured, 1 not reported".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ScoringInputError, format_number
from .frozen import quick_init
from .kpi_result import Figure, FigureStatus, KpiResult
from .sdbip_rules import SdbipRules

WHOLE_ORGANISATION = "organisation"


@quick_init
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


@quick_init
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


def _score(measured: list[RollupEntry], cap: float | None) -> tuple[float | None, str]:
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


Grouping = str | Callable[[RollupEntry], str] | None


def roll_up(
    entries: Iterable[RollupEntry],
    rules: Mapping[str, Any] | SdbipRules,
    *,
    by: Grouping = None,
) -> dict[str, Rollup]:
    """Group ``entries`` and score each group.

    ``by`` is a key of ``RollupEntry.groups`` (KPA, objective, unit …), a
    function of the entry, or None for one whole-organisation group. The
    result does not depend on the order of ``entries``.
    """
    return roll_up_each(entries, rules, (by,))[0]


def roll_up_each(entries: Iterable[RollupEntry], rules: Mapping[str, Any] | SdbipRules,
                 groupings: Sequence[Grouping]) -> list[dict[str, Rollup]]:
    """``roll_up(entries, rules, by=grouping)`` for each of ``groupings``, in that order.

    A scorecard rolls the same entries up four ways; they are checked and put
    in order once.
    """
    book = SdbipRules.of(rules)
    ordered = sorted(_checked(entries), key=_reference)
    return [_rollups(ordered, book, by) for by in groupings]


def _reference(entry: RollupEntry) -> str:
    return entry.reference


def _checked(entries: Iterable[RollupEntry]) -> list[RollupEntry]:
    checked = []
    for index, entry in enumerate(entries):
        if entry.status is FigureStatus.MEASURED and entry.achievement is None:
            raise ScoringInputError(f"kpis[{index}].achievement", "is needed for a measured KPI")
        if entry.weight is not None and (entry.weight < 0 or not math.isfinite(entry.weight)):
            raise ScoringInputError(f"kpis[{index}].weight",
                                    f"must not be negative, got {format_number(entry.weight)}")
        checked.append(entry)
    return checked


def _rollups(ordered: list[RollupEntry], rules: SdbipRules, by: Grouping) -> dict[str, Rollup]:
    """Roll-ups of ``ordered`` (entries sorted by reference) grouped ``by``."""
    grouped: dict[str, list[RollupEntry]] = {}
    for entry in ordered:
        if by is None:
            key = WHOLE_ORGANISATION
        elif callable(by):
            key = by(entry)
        else:
            key = entry.groups.get(by) or "(none)"
        grouped.setdefault(key, []).append(entry)
    if by is None:
        grouped.setdefault(WHOLE_ORGANISATION, [])  # an organisation with no KPIs still has a (empty) score

    return {key: _rollup(key, grouped[key], rules) for key in sorted(grouped)}


def _rollup(key: str, members: list[RollupEntry], rules: SdbipRules) -> Rollup:
    measured: list[RollupEntry] = []
    left_out: dict[str, int] = {}
    for entry in members:
        if entry.status is FigureStatus.MEASURED:
            measured.append(entry)
        else:
            reason = entry.status.value
            left_out[reason] = left_out.get(reason, 0) + 1
    score, weighting = _score(measured, rules.rollup_cap)
    light = rules.light(score)
    return Rollup(
        group=key,
        score=score,
        category=light.code,
        category_name=light.name,
        measured=len(measured),
        left_out=len(members) - len(measured),
        left_out_by_reason=dict(sorted(left_out.items())),
        weighting=weighting,
        kpi_references=tuple(e.reference for e in members),
        rule_set=dict(rules.reference),
    )
