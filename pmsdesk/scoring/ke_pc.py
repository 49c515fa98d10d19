"""Kenyan Performance Contracting and SPAS staff appraisal (SCORING.md section 4).

Each indicator has five criteria values, best to worst (1 Excellent .. 5
Poor). The raw score interpolates the actual between neighbouring values and
is clamped to the scale; lower is better throughout, and the same formula
serves lower-is-better indicators because their criteria values rise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pmsdesk.models.enums import Direction

from .achievement import achievement_percent
from .bands import band_summary, find_band, round_half_up
from .errors import ScoringInputError, format_number
from .rules import KE_PC, KE_SPAS, require_kind, rule_set_ref, setting

WEIGHT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ContractIndicator:
    """One row of the performance contract matrix. ``weight`` is in percent."""

    name: str
    weight: float
    criteria: tuple[float, ...]
    actual: float
    category: str | None = None


@dataclass(frozen=True)
class IndicatorScore:
    name: str
    category: str | None
    weight: float
    target: float
    actual: float
    raw_score: float
    weighted_score: float
    grade: Mapping[str, Any] | None


@dataclass(frozen=True)
class ContractAssessment:
    indicators: tuple[IndicatorScore, ...]
    categories: Mapping[str, Mapping[str, float]]
    composite_score: float
    grade: Mapping[str, Any] | None
    rule_set: Mapping[str, Any]
    #: The composite as printed (rounded to the rule set's grade_decimals); the grade is decided on it.
    composite_text: str = ""


def check_criteria(field: str, criteria: Sequence[float], count: int) -> None:
    """Criteria values must be ``count`` numbers running strictly one way, best to worst."""
    if len(criteria) != count:
        raise ScoringInputError(field, f"must have {count} values (best to worst), "
                                f"got {len(criteria)}")
    steps = [b - a for a, b in zip(criteria, criteria[1:])]
    if not (all(step > 0 for step in steps) or all(step < 0 for step in steps)):
        shown = ", ".join(format_number(v) for v in criteria)
        raise ScoringInputError(field, "must rise or fall strictly from best to worst, "
                                f"got [{shown}]")


def raw_score(criteria: Sequence[float], actual: float, *, best: float = 1.0) -> float:
    """raw = k + (actual − v_k) ÷ (v_k+1 − v_k) between neighbours, clamped to the scale."""
    worst = best + len(criteria) - 1
    falling = criteria[1] < criteria[0]  # higher actual is better
    better_than_best = actual > criteria[0] if falling else actual < criteria[0]
    if better_than_best:
        return best
    for k, (here, there) in enumerate(zip(criteria, criteria[1:])):
        if min(here, there) <= actual <= max(here, there):
            return min(max(best + k + (actual - here) / (there - here), best), worst)
    return worst


def assess_performance_contract(
    indicators: Sequence[ContractIndicator], rules: Mapping[str, Any]
) -> ContractAssessment:
    """Raw, weighted and composite scores and the grade.

    Weights are percentages and must sum to the rule set's ``weights_total``.
    """
    require_kind(rules, KE_PC)
    body = rules["body"]
    best, worst = float(body["scale"]["best"]), float(body["scale"]["worst"])
    count = int(worst - best) + 1
    if not indicators:
        raise ScoringInputError("indicators", "at least one indicator is needed")
    total_expected = float(body["weights_total"])
    scores = []
    for index, indicator in enumerate(indicators):
        where = f"indicators[{index}]"
        if indicator.weight < 0 or not math.isfinite(indicator.weight):
            raise ScoringInputError(f"{where}.weight", f"must not be negative, got "
                                    f"{format_number(indicator.weight)}")
        check_criteria(f"{where}.criteria", indicator.criteria, count)
        raw = raw_score(indicator.criteria, indicator.actual, best=best)
        scores.append(IndicatorScore(
            name=indicator.name,
            category=indicator.category,
            weight=indicator.weight,
            target=indicator.criteria[int(body["target_point"] - best)],
            actual=indicator.actual,
            raw_score=raw,
            weighted_score=raw * indicator.weight / total_expected,
            grade=band_summary(find_band(body["grades"], round(raw, 9))),
        ))
    total = math.fsum(indicator.weight for indicator in indicators)
    if abs(total - total_expected) > WEIGHT_TOLERANCE:
        raise ScoringInputError("indicators[*].weight", f"must sum to "
                                f"{format_number(total_expected)}, got {format_number(total)}")
    composite = round(math.fsum(score.weighted_score for score in scores), 9)
    decimals = int(setting(rules, "grade_decimals"))
    shown = round_half_up(composite, decimals)
    categories: dict[str, dict[str, float]] = {}
    for score in scores:
        if score.category is not None:
            entry = categories.setdefault(score.category, {"weight": 0.0, "weighted_score": 0.0})
            entry["weight"] += score.weight
            entry["weighted_score"] += score.weighted_score
    return ContractAssessment(
        indicators=tuple(scores),
        categories=categories,
        composite_score=composite,
        grade=band_summary(find_band(body["grades"], shown)),
        rule_set=rule_set_ref(rules),
        composite_text=f"{shown:.{decimals}f}",
    )


@dataclass(frozen=True)
class AppraisalTarget:
    """A SPAS target: what was agreed and what was achieved."""

    name: str
    target: float
    actual: float
    weight: float | None = None
    direction: Direction = Direction.HIGHER_IS_BETTER


@dataclass(frozen=True)
class SpasAppraisal:
    percent_achieved: float
    band: Mapping[str, Any] | None
    target_achievements: tuple[float, ...]
    rule_set: Mapping[str, Any]
    #: The percentage as printed (rounded to percent_decimals); the band is decided on it.
    percent_shown: float | None = None
    percent_text: str = ""


def assess_spas(
    rules: Mapping[str, Any],
    *,
    targets: Sequence[AppraisalTarget] = (),
    percent_achieved: float | None = None,
) -> SpasAppraisal:
    """The SPAS band of the percentage achieved.

    Give ``percent_achieved`` directly, or ``targets`` for their weighted mean
    achievement (equal weights when none are given).
    """
    require_kind(rules, KE_SPAS)
    achievements: list[float] = []
    if percent_achieved is None:
        if not targets:
            raise ScoringInputError("targets", "give targets or percent_achieved")
        given = [t.weight is not None for t in targets]
        if any(given) and not all(given):
            raise ScoringInputError(f"targets[{given.index(False)}].weight",
                                    "is needed because other targets have weights")
        for index, item in enumerate(targets):
            if item.direction is Direction.HIGHER_IS_BETTER and item.target == 0:
                raise ScoringInputError(f"targets[{index}].target",
                                        "cannot be 0 when higher is better")
            if item.weight is not None and item.weight < 0:
                raise ScoringInputError(f"targets[{index}].weight", "must not be negative")
            achievements.append(achievement_percent(item.target, item.actual, item.direction))
        weights = [float(t.weight) if all(given) else 1.0 for t in targets]
        if math.fsum(weights) <= 0:
            raise ScoringInputError("targets[*].weight", "must not all be 0")
        weighted = math.fsum(w * a for w, a in zip(weights, achievements))
        percent_achieved = weighted / math.fsum(weights)
    elif percent_achieved < 0 or not math.isfinite(percent_achieved):
        raise ScoringInputError("percent_achieved", f"must be 0 or more, got "
                                f"{format_number(percent_achieved)}")
    decimals = int(setting(rules, "percent_decimals"))
    shown = round_half_up(percent_achieved, decimals)
    band = find_band(rules["body"]["bands"], shown)
    return SpasAppraisal(percent_achieved, band_summary(band), tuple(achievements),
                         rule_set_ref(rules), shown, f"{shown:.{decimals}f}%")
