"""A Kenyan contract's evaluation: self-evaluation with evidence → verification → final composite and grade.

The figures are SCORING.md section 4's worked example: the institution reports
own-source revenue 1,000 (raw 2.00) and 40 days to pay (raw 2.67): composite
2.27, Very Good; the verifier finds the evidence supports 900 (raw 2.50):
composite 2.57, Good, which is the grade that counts.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AssessmentRating, AssessmentStatus, AuditEvent, Role
from pmsdesk.services import assessments, contract_evaluation
from pmsdesk.services.assessments import RatingValues
from pmsdesk.services.errors import LockedRecord, PermissionDenied, ValidationError

SELF = {0: (1000, "Revenue ledger June 2026, p. 4"), 1: (40, "Payments register FY 2025/26")}


@pytest.fixture
def evaluation(session, system, contract):
    return assessments.start_assessment(session, system, contract.id, "Annual evaluation")


def _self_evaluate(session, actor, review, values=SELF):
    detail = assessments.assessment_detail(session, review.id)
    typed = {item.id: RatingValues(actual=values[n][0], evidence=values[n][1]) for n, item in enumerate(detail.items)}
    assessments.save_ratings(session, actor, review.id, typed, "The county met most targets")
    return detail


def _found(detail, values):
    return {item.id: RatingValues(verified_actual=value, verifier_note=note)
            for item, (value, note) in zip(detail.items, values)}


def _audit(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


def test_the_contract_reviews_are_three_quarterly_reports_and_the_annual_evaluation(session, system, contract):
    with pytest.raises(ValidationError) as refused:
        assessments.start_assessment(session, system, contract.id, "Mid-year review")
    assert refused.value.problems == {"review_label": "choose one of Quarter 1 report, Quarter 2 report, "
                                                      "Quarter 3 report, Annual evaluation"}


def test_self_evaluation_then_verification_gives_the_verified_grade(session, system, people, evaluation):
    detail = _self_evaluate(session, system, evaluation)
    contract_evaluation.submit_self_evaluation(session, system, evaluation.id, date(2026, 7, 20))
    assert evaluation.status == AssessmentStatus.SUBMITTED and evaluation.submitted_by == "tester"
    assert round(evaluation.self_score, 2) == 2.27 and evaluation.outcome_label == "Very Good"

    contract_evaluation.verify_evaluation(session, people[Role.VERIFIER], evaluation.id, _found(detail, (
        (900, "Ledger shows KSh 900 m; 100 m is a grant, not own-source"), (40, "Agrees with the register"))),
        "Revenue overstated by a grant", date(2026, 8, 10))
    assert evaluation.status == AssessmentStatus.VERIFIED and evaluation.verified_by == "verifier"
    assert round(evaluation.overall_rating, 2) == 2.57 and evaluation.outcome_label == "Good"
    assert round(evaluation.self_score, 2) == 2.27, "the self-evaluated composite is kept beside it"

    assessments.finalise_assessment(session, people[Role.APPROVER], evaluation.id, date(2026, 8, 20))
    assert evaluation.status == AssessmentStatus.FINAL and evaluation.outcome_label == "Good"
    lines = {line.item.title: line for line in evaluation.ratings}
    assert lines["Own-source revenue collected"].actual == 1000, "the self-reported value stays as reported"
    assert lines["Own-source revenue collected"].verified_actual == 900
    statuses = [event.new_values.get("status") for event in session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "assessment", AuditEvent.entity_id == evaluation.id)
        .order_by(AuditEvent.id)) if event.new_values and "status" in event.new_values]
    assert statuses[-3:] == ["submitted", "verified", "final"]


def test_submitting_needs_every_actual_and_its_evidence(session, system, evaluation):
    _self_evaluate(session, system, evaluation, {0: (1000, None), 1: (40, "Register")})
    before = _audit(session)
    with pytest.raises(ValidationError) as refused:
        contract_evaluation.submit_self_evaluation(session, system, evaluation.id, date(2026, 7, 20))
    assert refused.value.problems == {"ratings[0].evidence": "row 1 (Own-source revenue collected): name the "
                                                             "evidence for this value, so the verifier can check it"}
    assert evaluation.status == AssessmentStatus.DRAFT and _audit(session) == before


def test_whoever_self_evaluated_may_not_verify(session, system, evaluation):
    detail = _self_evaluate(session, system, evaluation)
    contract_evaluation.submit_self_evaluation(session, system, evaluation.id, date(2026, 7, 20))
    with pytest.raises(PermissionDenied, match="tester entered or submitted this self-evaluation"):
        contract_evaluation.verify_evaluation(session, system, evaluation.id, _found(detail, ((900, ""), (40, ""))),
                                              None, date(2026, 8, 10))


@pytest.mark.parametrize(("role", "step"), [
    (Role.CAPTURER, "submit"), (Role.VERIFIER, "submit"), (Role.PMS_OFFICER, "verify"), (Role.APPROVER, "verify"),
    (Role.READ_ONLY, "return")])
def test_each_step_is_limited_to_its_role(session, system, people, evaluation, role, step):
    _self_evaluate(session, system, evaluation)
    if step != "submit":
        contract_evaluation.submit_self_evaluation(session, system, evaluation.id, date(2026, 7, 20))
    before = _audit(session)
    actor = people[role]
    with pytest.raises(PermissionDenied):
        if step == "submit":
            contract_evaluation.submit_self_evaluation(session, actor, evaluation.id, date(2026, 7, 20))
        elif step == "verify":
            contract_evaluation.verify_evaluation(session, actor, evaluation.id, {}, None, date(2026, 8, 1))
        else:
            contract_evaluation.return_evaluation(session, actor, evaluation.id, "check")
    assert _audit(session) == before


def test_bad_verified_values_are_named_by_row_and_nothing_is_written(session, system, people, evaluation):
    detail = _self_evaluate(session, system, evaluation)
    contract_evaluation.submit_self_evaluation(session, system, evaluation.id, date(2026, 7, 20))
    before = _audit(session)
    with pytest.raises(ValidationError) as refused:
        contract_evaluation.verify_evaluation(session, people[Role.VERIFIER], evaluation.id,
                                              _found(detail, (("nine hundred", ""), (None, ""))), None,
                                              date(2026, 8, 10))
    assert refused.value.problems == {
        "ratings[0].verified_actual": "row 1 (Own-source revenue collected): the verified value must be a number, "
                                      "got 'nine hundred'",
        "ratings[1].verified_actual": "row 2 (Days to pay suppliers): enter the value the evidence supports"}
    session.expire_all()
    assert set(session.scalars(select(AssessmentRating.verified_actual))) == {None}
    assert _audit(session) == before and evaluation.status == AssessmentStatus.SUBMITTED


def test_a_returned_self_evaluation_opens_again_and_a_submitted_one_is_locked(session, system, people, evaluation):
    detail = _self_evaluate(session, system, evaluation)
    contract_evaluation.submit_self_evaluation(session, system, evaluation.id, date(2026, 7, 20))
    with pytest.raises(LockedRecord, match="submitted for verification"):
        _self_evaluate(session, system, evaluation)
    with pytest.raises(ValidationError) as refused:
        assessments.finalise_assessment(session, people[Role.APPROVER], evaluation.id, date(2026, 8, 20))
    assert "only after the verifier has verified it" in refused.value.problems["status"]
    with pytest.raises(ValidationError):
        contract_evaluation.return_evaluation(session, people[Role.VERIFIER], evaluation.id, "  ")
    contract_evaluation.return_evaluation(session, people[Role.VERIFIER], evaluation.id,
                                          "Attach the revenue ledger for June")
    assert evaluation.status == AssessmentStatus.DRAFT
    assert evaluation.verification_notes == "Attach the revenue ledger for June"
    _self_evaluate(session, system, evaluation, {0: (950, "Ledger June 2026"), 1: (40, "Register")})
    assert assessments.assessment_detail(session, evaluation.id).ratings[detail.items[0].id].actual == 950
