"""Scores of an agreement's latest assessment, from the same call the assessment screen makes.

Whether an assessment can be scored, and why not, is decided by
``services.assessments.live_result``: the assessment screen and the printed form
give the same verdict and the same figures. Returns plain JSON-able results, or
the reason none can be given yet (an item not rated, an actual not entered), so
a form can print what is known and say what is missing instead of inventing a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AgreementItemKind, AgreementKind
from pmsdesk.scoring import ScoringInputError
from pmsdesk.scoring.rules import setting
from pmsdesk.services.agreements import ITEM_HISTORY, AgreementItemRow
from pmsdesk.services.assessments import RatingValues, live_result


def facts_items(facts: dict[str, Any]) -> list[AgreementItemRow]:
    """The agreement's lines as the scoring services read them."""
    return [AgreementItemRow(i["id"], AgreementItemKind(i["kind"]), i["title"], i["weight"], None, i["kpa_id"],
                             i["target_text"], tuple(i["criteria"]), *(i[name] for name in ITEM_HISTORY))
            for i in facts["items"]]


def score_assessment(facts: dict[str, Any], assessment: dict[str, Any] | None,
                     rules: dict[str, Any], *, verified: bool = False) -> tuple[dict[str, Any] | None, str | None]:
    """(result, why there is none). ``facts`` from ``agreement_facts``; ``verified``: score a Kenyan
    evaluation on the verifier's values instead of the self-evaluated ones."""
    if assessment is None:
        return None, _("no assessment has been recorded against this agreement")
    kind = AgreementKind(facts["kind"])
    items = facts_items(facts)
    field = "verified_actual" if verified else "actual"
    ratings = {item_id: RatingValues(r["rating"], r[field], r["comment"], agreed_score=r["agreed_score"])
               for item_id, r in assessment["ratings"].items()}
    live = live_result(kind, items, ratings, rules, review_label=assessment["review_label"])
    if live.missing:
        return None, live.missing
    if live.problems:
        return None, _("the assessment cannot be scored: {0}").format('; '.join(live.problems.values()))
    return live.details, None


def assessment_draft_reason(facts: dict[str, Any], assessment: dict[str, Any] | None
                            ) -> str | None:
    """A form with assessment results is final only when the agreement is signed and the
    assessment is final."""
    if facts["status"] != "signed":
        return _("the agreement is not signed (status {0})").format(_(facts['status']))
    if assessment is not None and not assessment["is_final"]:
        return _("the {0} is not final (status {1})").format(_(assessment['review_label']), _(assessment['status']))
    return None


def _rule_value(rules: dict[str, Any], key: str) -> Any:
    """A rule set's setting; a rule set stored before the setting existed prints the shipped value."""
    try:
        return setting(rules, key)
    except ScoringInputError:
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
        raise ReportError(_(
                "{0} has no assessment recorded for {1}").format(agreement.person.full_name, agreement.financial_year.label))
    facts = agreement_facts(session, agreement)
    rules = agreement_rules(session, agreement.rule_set_code)
    assessment = assessment_facts(found)
    verified = (facts["kind"] == AgreementKind.KE_PERFORMANCE_CONTRACT.value and assessment is not None
                and assessment["status"] in ("verified", "final"))
    result, missing = score_assessment(facts, assessment, rules, verified=verified)
    self_result = score_assessment(facts, assessment, rules)[0] if verified else None
    data = {"agreement": facts, "assessment": assessment, "result": result, "missing": missing,
            "self_result": self_result,
            "rules": {"code": rules["code"], "revision": rules["revision"],
                      **{key: _rule_value(rules, key) for key in rule_keys}}}
    resolved = ReportRequest(request.kind, year=facts["year"]["label"],
                             organisation=facts["organisation"]["code"], person=facts["employee"]["id"])
    return AppraisalFacts(agreement, facts, assessment, data, resolved)
