"""Tanzanian OPRAS appraisal (SCORING.md section 5): 1 is the best rating, 5 the worst.

Overall = the rule set's weighted mean of the objectives' mean rating and the
attributes' mean rating (50/50 by default, common practice).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .bands import band_summary, find_band, round_half_up
from .ratings import ComponentScore, RatedItem, score_components
from .rules import TZ_OPRAS, require_kind, rule_set_ref, setting


@dataclass(frozen=True)
class OprasAppraisal:
    components: tuple[ComponentScore, ...]
    overall_rating: float
    overall_band: Mapping[str, Any] | None
    rule_set: Mapping[str, Any]
    #: The overall rating as printed (rounded to rating_decimals); the band is decided on it.
    overall_text: str = ""


def assess_opras(
    items_by_component: Mapping[str, Sequence[RatedItem]], rules: Mapping[str, Any]
) -> OprasAppraisal:
    """Appraise from ``{"objectives": [...], "attributes": [...]}`` rated on the OPRAS scale."""
    require_kind(rules, TZ_OPRAS)
    body = rules["body"]
    components, overall = score_components(body, items_by_component)
    decimals = int(setting(rules, "rating_decimals"))
    shown = round_half_up(overall, decimals)
    return OprasAppraisal(
        components=components,
        overall_rating=overall,
        overall_band=band_summary(find_band(body["overall_bands"], shown)),
        rule_set=rule_set_ref(rules),
        overall_text=f"{shown:.{decimals}f}",
    )
