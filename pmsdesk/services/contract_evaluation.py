"""Kenyan performance contract evaluations: self-evaluation → submitted → verified → final.

The institution enters each indicator's achieved value with the evidence it
relies on (``assessments.save_ratings``) and submits its self-evaluation; a
verifier who had no hand in it checks the evidence, records the verified value
and a note per indicator, and either verifies the evaluation or returns it; the
approver then finalises it. The composite score and grade that count are those
of the verified values; the self-evaluated composite is kept beside them, as
the guidelines' evaluation reports both.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import Assessment, AssessmentRating, AssessmentStatus, AuditEvent

from .actor import Actor, Permission
from .assessments import AssessmentDetail, RatingValues, assessment_detail, check_ratings, live_result, store_review
from .errors import LockedRecord, PermissionDenied, ValidationError
from .records import change_record, get_or_fail, transaction
from .validation import Invalid, text

NOTES = text(4000)


def _evaluation(session: Session, assessment_id: str, status: AssessmentStatus,
                doing: str) -> tuple[Assessment, AssessmentDetail]:
    assessment = get_or_fail(session, Assessment, assessment_id, "assessment")
    detail = assessment_detail(session, assessment_id)
    if not detail.is_verified_evaluation:
        raise ValidationError.single("assessment", _("only a Kenyan performance contract's evaluation is "
                                     "self-evaluated and verified"))
    if assessment.status != status:
        raise LockedRecord(_(
                "The {0} is {1}; only a {2} one can be {3}.").format(assessment.review_label,
                assessment.status.value,
                status.value,
                doing))
    return assessment, detail


def submit_self_evaluation(session: Session, actor: Actor, assessment_id: str, submitted_on: date) -> Assessment:
    """Send the saved self-evaluation to verification: every indicator needs its actual and its evidence."""
    actor.require(Permission.MANAGE_AGREEMENTS)
    assessment, detail = _evaluation(session, assessment_id, AssessmentStatus.DRAFT, "submitted")
    result = live_result(detail.kind, detail.items, detail.ratings, detail.rules, review_label=detail.review_label)
    problems = dict(result.problems)
    if result.missing:
        problems["ratings"] = _("cannot submit: {0}").format(result.missing)
    for index, item in enumerate(detail.items):
        if not (detail.ratings.get(item.id) or RatingValues()).evidence:
            problems[f"ratings[{index}].evidence"] = (_(
                    "row {0} ({1}): name the evidence for this value, so the verifier can "
                    "check it").format(index + 1, item.title))
    if problems:
        raise ValidationError(problems)
    with transaction(session):
        return change_record(session, actor, assessment, {
            "status": AssessmentStatus.SUBMITTED, "submitted_on": submitted_on, "submitted_by": actor.username,
            "self_score": result.overall_rating, "overall_rating": result.overall_rating,
            "outcome_label": result.outcome_label})


def self_evaluation_authors(session: Session, assessment: Assessment) -> set[str]:
    """Whoever entered or changed the self-evaluated values or submitted them: none of them may verify."""
    lines = [line.id for line in assessment.ratings]
    events = session.execute(select(AuditEvent.actor, AuditEvent.new_values).where(
        AuditEvent.entity == AssessmentRating.__tablename__, AuditEvent.entity_id.in_(lines),
        AuditEvent.action == "update"))
    authors: set[str] = {actor for actor, new in events
                         if isinstance(new, dict) and ({"actual", "evidence"} & set(new))}
    if assessment.submitted_by:
        authors.add(assessment.submitted_by)
    return authors


def verify_evaluation(session: Session, actor: Actor, assessment_id: str, found: Mapping[str, RatingValues],
                      notes: str | None, verified_on: date) -> Assessment:
    """Record what the evidence supports per indicator (``verified_actual``, ``verifier_note``) and verify.

    The composite and grade stored are those of the verified values.
    """
    actor.require(Permission.VERIFY_ACTUALS)
    assessment, detail = _evaluation(session, assessment_id, AssessmentStatus.SUBMITTED, "verified")
    if actor.username in self_evaluation_authors(session, assessment):
        raise PermissionDenied(_(
                "{0} entered or submitted this self-evaluation; someone else must verify it.").format(actor.username))
    typed = {item.id: RatingValues(verified_actual=(found.get(item.id) or RatingValues()).verified_actual,
                                   verifier_note=(found.get(item.id) or RatingValues()).verifier_note)
             for item in detail.items}
    cleaned, problems = check_ratings(detail.kind, detail.items, typed, detail.rules)
    for index, item in enumerate(detail.items):
        if item.id in cleaned and cleaned[item.id].verified_actual is None:
            problems[f"ratings[{index}].verified_actual"] = (_(
                    "row {0} ({1}): enter the value the evidence supports").format(index + 1, item.title))
    try:
        note = NOTES(notes)
    except Invalid as error:
        problems["verification_notes"] = _("the verification notes {0}").format(error)
    if problems:
        raise ValidationError(problems)
    merged = {item_id: RatingValues(values.rating, values.actual, values.comment, values.evidence,
                                    cleaned[item_id].verified_actual, cleaned[item_id].verifier_note)
              for item_id, values in detail.ratings.items()}
    scored = {item_id: RatingValues(actual=values.verified_actual) for item_id, values in merged.items()}
    result = live_result(detail.kind, detail.items, scored, detail.rules, review_label=detail.review_label)
    if not result.is_complete:
        raise ValidationError(result.problems or {"ratings": _("cannot verify: {0}").format(result.missing)})
    return store_review(session, actor, assessment, detail, merged, {
        "status": AssessmentStatus.VERIFIED, "verified_on": verified_on, "verified_by": actor.username,
        "verification_notes": note}, scored=scored)


def return_evaluation(session: Session, actor: Actor, assessment_id: str, reason: str) -> Assessment:
    """Send a submitted self-evaluation back to the institution, saying what to correct."""
    actor.require(Permission.VERIFY_ACTUALS)
    assessment, _detail = _evaluation(session, assessment_id, AssessmentStatus.SUBMITTED, "returned")
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say what the institution must correct or add"))
    try:
        note = NOTES(reason)
    except Invalid as error:
        raise ValidationError.single("reason", str(error)) from error
    with transaction(session):
        return change_record(session, actor, assessment, {
            "status": AssessmentStatus.DRAFT, "verification_notes": note, "submitted_on": None,
            "submitted_by": None}, reason=note)
