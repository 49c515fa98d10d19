"""Scores of an agreement's latest assessment, computed by the scoring engine (never by a report).

Returns plain JSON-able results, or the reason none can be given yet (an item
not rated, an actual not entered), so a form can print what is known and say
what is missing instead of inventing a score.
"""

from __future__ import annotations

from typing import Any

from pmsdesk.models import AgreementKind
from pmsdesk.scoring import (
    ContractIndicator, RatedItem, ScoringInputError, assess_opras, assess_performance_contract,
    assess_s56, to_jsonable,
)

#: Agreement item kind → the engine's component key, per agreement kind.
COMPONENT_KEYS = {
    AgreementKind.SA_SECTION_56.value: {"kpa": "kpas", "ccr": "ccrs"},
    AgreementKind.TZ_OPRAS.value: {"objective": "objectives", "attribute": "attributes"},
}


def score_assessment(facts: dict[str, Any], assessment: dict[str, Any] | None,
                     rules: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """(result, why there is none). ``facts`` from ``agreement_facts``."""
    if assessment is None:
        return None, "no assessment has been recorded against this agreement"
    ratings = assessment["ratings"]
    kind = facts["kind"]
    try:
        if kind == AgreementKind.KE_PERFORMANCE_CONTRACT.value:
            missing = [i["title"] for i in facts["items"]
                       if ratings.get(i["id"], {}).get("actual") is None]
            if missing:
                return None, f"no actual entered for {len(missing)} indicator(s), e.g. {missing[0]}"
            indicators = [ContractIndicator(i["title"], i["weight"], tuple(i["criteria"]),
                                            ratings[i["id"]]["actual"]) for i in facts["items"]]
            return to_jsonable(assess_performance_contract(indicators, rules)), None
        keys = COMPONENT_KEYS[kind]
        missing = [i["title"] for i in facts["items"] if ratings.get(i["id"], {}).get("rating") is None]
        if missing:
            return None, f"{len(missing)} item(s) not rated yet, e.g. {missing[0]}"
        grouped: dict[str, list[RatedItem]] = {key: [] for key in keys.values()}
        for item in facts["items"]:
            grouped[keys[item["kind"]]].append(
                RatedItem(item["title"], ratings[item["id"]]["rating"], item["weight"]))
        if kind == AgreementKind.SA_SECTION_56.value:
            return to_jsonable(assess_s56(grouped, rules)), None
        return to_jsonable(assess_opras(grouped, rules)), None
    except ScoringInputError as error:
        return None, f"the assessment cannot be scored: {error}"


def assessment_draft_reason(facts: dict[str, Any], assessment: dict[str, Any] | None
                            ) -> str | None:
    """A form with assessment results is final only when the agreement is signed and the
    assessment is final."""
    if facts["status"] != "signed":
        return f"the agreement is not signed (status {facts['status']})"
    if assessment is not None and not assessment["is_final"]:
        return f"the {assessment['review_label']} is not final (status {assessment['status']})"
    return None
