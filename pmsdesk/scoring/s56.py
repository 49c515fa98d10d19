"""South African Section 56/57 managers' assessment (SCORING.md section 3).

Overall rating = Σ(component weight × component rating), by default
0.8 × KPA rating + 0.2 × CCR rating; score % = overall ÷ fully-effective
rating × 100; the bonus band comes from the rule set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .bands import band_summary, find_band
from .errors import ScoringInputError, format_number
from .ratings import ComponentScore, RatedItem, score_components
from .rules import ZA_S56, require_kind, rule_set_ref


@dataclass(frozen=True)
class S56Assessment:
    components: tuple[ComponentScore, ...]
    overall_rating: float
    score_percent: float
    bonus_band: Mapping[str, Any] | None
    bonus_min_amount: float | None
    bonus_max_amount: float | None
    rule_set: Mapping[str, Any]


def assess_s56(
    items_by_component: Mapping[str, Sequence[RatedItem]],
    rules: Mapping[str, Any],
    *,
    annual_package: float | None = None,
) -> S56Assessment:
    """Assess a Section 56/57 manager from ``{"kpas": [...], "ccrs": [...]}``.

    When ``annual_package`` (the all-inclusive annual remuneration) is given,
    the bonus band's percentages are also turned into amounts.
    """
    require_kind(rules, ZA_S56)
    body = rules["body"]
    components, overall = score_components(body, items_by_component)
    score = overall / float(body["fully_effective_rating"]) * 100.0
    band = find_band(body["bonus_bands"], round(score, 9))
    low_amount = high_amount = None
    if annual_package is not None:
        if annual_package < 0:
            raise ScoringInputError("annual_package", f"must not be negative, got "
                                    f"{format_number(annual_package)}")
        if band is not None:
            low_amount = annual_package * float(band["bonus_min_percent"]) / 100.0
            high_amount = annual_package * float(band["bonus_max_percent"]) / 100.0
    return S56Assessment(
        components=components,
        overall_rating=overall,
        score_percent=score,
        bonus_band=band_summary(band),
        bonus_min_amount=low_amount,
        bonus_max_amount=high_amount,
        rule_set=rule_set_ref(rules),
    )
