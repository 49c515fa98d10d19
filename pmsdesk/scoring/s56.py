"""South African Section 56/57 managers' assessment (SCORING.md section 3).

Overall rating = Σ(component weight × component rating), by default
0.8 × KPA rating + 0.2 × CCR rating; score % = overall ÷ fully-effective
rating × 100; the bonus band comes from the rule set.

One rounding rule: the overall rating is rounded half up to the rule set's
``rounding.rating_decimals``, the score % is worked out from that printed
rating and rounded to ``rounding.score_decimals``, and the bonus band is
decided on exactly that printed score. Every printed figure can be
recomputed from the one before it, and a sheet can never print "130.0%"
beside "No performance bonus". A bonus band belongs to the final annual assessment
only; a mid-year review has none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .bands import band_summary, find_band, round_half_up
from .errors import ScoringInputError, format_number
from .ratings import ComponentScore, RatedItem, score_components
from .rules import ZA_S56, require_kind, rule_set_ref, setting


@dataclass(frozen=True)
class S56Assessment:
    """``score_percent`` is the decided (rounded) score; ``score_text`` and ``overall_rating_text``
    are how they print; ``bonus_band`` is None unless the assessment is the final annual one."""

    components: tuple[ComponentScore, ...]
    overall_rating: float
    score_percent: float
    bonus_band: Mapping[str, Any] | None
    bonus_min_amount: float | None
    bonus_max_amount: float | None
    rule_set: Mapping[str, Any]
    score_text: str = ""
    overall_rating_text: str = ""
    exact_score_percent: float | None = None
    is_final: bool = True
    rating_decimals: int = 2


def assess_s56(
    items_by_component: Mapping[str, Sequence[RatedItem]],
    rules: Mapping[str, Any],
    *,
    annual_package: float | None = None,
    final: bool = True,
) -> S56Assessment:
    """Assess a Section 56/57 manager from ``{"kpas": [...], "ccrs": [...]}``.

    ``final`` says this is the final annual assessment; otherwise (a mid-year
    review) no bonus band is given. When ``annual_package`` (the all-inclusive
    annual remuneration) is given, the bonus band's percentages are also
    turned into amounts.
    """
    require_kind(rules, ZA_S56)
    body = rules["body"]
    rounding = setting(rules, "rounding")
    score_decimals, rating_decimals = int(rounding["score_decimals"]), int(rounding["rating_decimals"])
    components, overall = score_components(body, items_by_component)
    exact = overall / float(body["fully_effective_rating"]) * 100.0
    printed_rating = round_half_up(overall, rating_decimals)
    score = round_half_up(printed_rating / float(body["fully_effective_rating"]) * 100.0,
                          score_decimals)
    band = find_band(body["bonus_bands"], score) if final else None
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
        score_text=f"{score:.{score_decimals}f}%",
        overall_rating_text=f"{printed_rating:.{rating_decimals}f}",
        exact_score_percent=exact,
        is_final=final,
        rating_decimals=rating_decimals,
    )
