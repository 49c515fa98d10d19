"""Scores of an agreement's latest assessment, computed by the scoring engine (never by a report).

Returns plain JSON-able results, or the reason none can be given yet (an item
not rated, an actual not entered), so a form can print what is known and say
what is missing instead of inventing a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class AppraisalFacts:
    """What every appraisal form (assessment, Kenyan contract, OPRAS) is built from."""

    agreement: Any
    facts: dict[str, Any]
    assessment: dict[str, Any] | None
    data: dict[str, Any]
    request: Any  # the resolved ReportRequest, so the stored request rebuilds the same form


def collect_appraisal(session: Session, request: Any, kinds: tuple[str, ...], *,
                      rule_keys: tuple[str, ...] = ("scale",), require_assessment: bool = False) -> AppraisalFacts:
    """Find the agreement and its latest assessment, score it with its rule set, resolve the request."""
    from .agreement_data import agreement_facts, assessment_facts, latest_assessment
    from .base import ReportError, ReportRequest, agreement_for, agreement_rules

    agreement = agreement_for(session, request.person, request.year, kinds, request.organisation)
    found = latest_assessment(session, agreement)
    if found is None and require_assessment:
        raise ReportError(f"{agreement.person.full_name} has no assessment recorded for "
                          f"{agreement.financial_year.label}")
    facts = agreement_facts(session, agreement)
    rules = agreement_rules(session, agreement.rule_set_code)
    assessment = assessment_facts(found)
    result, missing = score_assessment(facts, assessment, rules)
    data = {"agreement": facts, "assessment": assessment, "result": result, "missing": missing,
            "rules": {"code": rules["code"], "revision": rules["revision"],
                      **{key: rules["body"].get(key) for key in rule_keys}}}
    resolved = ReportRequest(request.kind, year=facts["year"]["label"],
                             organisation=facts["organisation"]["code"], person=facts["employee"]["id"])
    return AppraisalFacts(agreement, facts, assessment, data, resolved)
