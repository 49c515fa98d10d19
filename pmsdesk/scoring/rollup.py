"""Roll-ups: a KPA's, unit's or organisation's score from its KPIs (SCORING.md section 6).

The first figure is **targets achieved X of Y (Z%)**, as the Auditor-General
and annual performance reports state performance: Y counts every KPI with a
target in the span whose reporting deadline has passed, and a target not
reported counts as not achieved. The second figure is the weighted mean of
the KPIs' achievement %, with KPI weights when every counted KPI in the group
has one and equal weights otherwise; a KPI not reported counts at 0% in it.
KPIs awaiting their report, held for checking or not measured are left out
of both and counted by reason, so a report can say "2 awaiting, 1 held".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import headline
from .errors import ScoringInputError, format_number
from .frozen import quick_init
from .kpi_result import WITH_TARGET, Figure, FigureStatus, KpiResult, Outcome, outcome_of
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
    met: bool | None = None

    @classmethod
    def from_result(cls, result: KpiResult, groups: Mapping[str, str] | None = None, *,
                    year_to_date: bool = False) -> RollupEntry:
        figure: Figure = result.year_to_date if year_to_date else result.period
        return cls(result.reference, figure.status, figure.achievement, result.weight,
                   dict(groups or {}), figure.met)

    @property
    def outcome(self) -> Outcome:
        if self.status is FigureStatus.MEASURED and self.met is None:
            return Outcome.ACHIEVED if (self.achievement or 0) >= 100 else Outcome.NOT_ACHIEVED
        return outcome_of(self.status, self.met)


@quick_init
@dataclass(frozen=True)
class Rollup:
    """The figures of one group; ``score`` is None when no KPI in it had a target due.

    ``measured`` counts the KPIs in the score (achieved, not achieved and not
    reported); ``left_out_by_reason`` the others by status.
    """

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
    achieved: int = 0
    not_achieved: int = 0
    not_reported: int = 0
    awaiting: int = 0
    held: int = 0

    @property
    def targets(self) -> int:
        """Y of "targets achieved X of Y": achieved, not achieved and not reported."""
        return headline.counts(self)[1]

    @property
    def achieved_percent(self) -> float | None:
        """Z of "targets achieved X of Y (Z%)"; None when no target was due."""
        share = headline.achieved_percent(self)
        return None if share is None else round(share, 9)

    def rank_value(self, rank_on: str) -> float | None:
        """The figure a league table ranks on: "targets_achieved" or "weighted_achievement"."""
        return self.achieved_percent if rank_on == "targets_achieved" else self.score


def _score(measured: list[RollupEntry], cap: float | None) -> tuple[float | None, str]:
    if not measured:
        return None, "equal"
    use_weights = all(e.weight is not None for e in measured)
    weights = [float(e.weight or 0.0) for e in measured] if use_weights else [1.0] * len(measured)
    total = math.fsum(weights)
    if total <= 0:
        return None, "kpi_weights"
    values = [0.0 if e.achievement is None  # not reported: counted as not achieved, at 0%
              else min(e.achievement, cap) if cap is not None else e.achievement
              for e in measured]
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
    outcomes = {id(entry): entry.outcome for entry in ordered}  # once, not once per grouping
    return [_rollups(ordered, book, by, outcomes) for by in groupings]


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


def _rollups(ordered: list[RollupEntry], rules: SdbipRules, by: Grouping,
             outcomes: Mapping[int, Outcome]) -> dict[str, Rollup]:
    """Roll-ups of ``ordered`` (entries sorted by reference) grouped ``by``."""
    grouped: dict[str, list[RollupEntry]] = {}
    if by is None:  # an organisation with no KPIs still has a (empty) score
        grouped[WHOLE_ORGANISATION] = list(ordered)
    elif callable(by):
        for entry in ordered:
            grouped.setdefault(by(entry), []).append(entry)
    else:  # the grouping is decided once, not once per entry: scorecards roll up tens of thousands
        for entry in ordered:
            grouped.setdefault(entry.groups.get(by) or "(none)", []).append(entry)

    return {key: _rollup(key, grouped[key], rules, outcomes) for key in sorted(grouped)}


def _rollup(key: str, members: list[RollupEntry], rules: SdbipRules,
            outcome_of_entry: Mapping[int, Outcome]) -> Rollup:
    measured: list[RollupEntry] = []
    left_out: dict[str, int] = {}
    outcomes: dict[Outcome, int] = dict.fromkeys(Outcome, 0)
    for entry in members:
        outcome = outcome_of_entry[id(entry)]
        outcomes[outcome] += 1
        if outcome in WITH_TARGET:
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
        achieved=outcomes[Outcome.ACHIEVED],
        not_achieved=outcomes[Outcome.NOT_ACHIEVED],
        not_reported=outcomes[Outcome.NOT_REPORTED],
        awaiting=outcomes[Outcome.AWAITING],
        held=outcomes[Outcome.HELD],
    )
