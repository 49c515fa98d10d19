"""Assessments of signed agreements: start a review, rate each item, score it live, finalise (locks).

``live_result`` is pure: the assessment form calls it on every keystroke with
the ratings as typed, so the score, grade and bonus band follow the typing
without touching the database. Saving and finalising check the same things
and store the same figures, so what was on screen is what is kept.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import (
    AgreementKind,
    AgreementStatus,
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    PerformanceAgreement,
)
from pmsdesk.scoring import (
    ContractIndicator,
    RatedItem,
    ScoringInputError,
    assess_opras,
    assess_performance_contract,
    assess_s56,
    default_rule_set,
    to_jsonable,
)
from pmsdesk.scoring.ratings import scale_label
from pmsdesk.wording import plain_number

from .actor import Actor, Permission
from .agreements import AgreementItemRow, agreement_detail
from .errors import LockedRecord, NotFound, ValidationError
from .records import add_record, change_record, get_or_fail, transaction
from .rule_sets import get_rule_set
from .validation import Invalid, text

REVIEW_LABELS = ("Mid-year review", "Annual review")
#: The one review that decides a performance bonus (GN R805: the annual assessment).
FINAL_REVIEW = REVIEW_LABELS[-1]
NO_BONUS_BEFORE_FINAL = "Not applicable: a bonus is decided only on the final annual assessment"
#: Agreement item kind → the engine's component key, for the rated (not Kenyan) agreements.
COMPONENT_KEYS = {"kpa": "kpas", "ccr": "ccrs", "objective": "objectives", "attribute": "attributes"}
COMMENT = text(2000)


@dataclass(frozen=True)
class RatingValues:
    """What was entered for one item: a rating (SA, OPRAS) or an actual (Kenyan contract)."""

    rating: Any = None
    actual: Any = None
    comment: str | None = None


@dataclass(frozen=True)
class LiveResult:
    """The score of ratings as they stand; figures are None until every item is rated validly."""

    overall_rating: float | None
    score_percent: float | None
    score_text: str
    outcome_label: str | None
    bonus_text: str | None
    missing: str | None
    problems: dict[str, str]
    #: The engine's whole result as plain data (components, indicators), for printed forms.
    details: dict[str, Any] | None = None

    @property
    def is_complete(self) -> bool:
        return self.missing is None and not self.problems


@dataclass(frozen=True)
class AssessmentRow:
    id: str
    agreement_id: str
    employee: str
    review_label: str
    status: AssessmentStatus
    score_percent: float | None
    outcome_label: str | None


@dataclass(frozen=True)
class AssessmentDetail:
    """An assessment with what the form needs to score it live: items, kind, ratings and rules."""

    id: str
    agreement_id: str
    kind: AgreementKind
    review_label: str
    status: AssessmentStatus
    assessed_on: date | None
    comments: str | None
    items: tuple[AgreementItemRow, ...]
    ratings: dict[str, RatingValues]
    rules: dict[str, Any]

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.FINAL


def rules_for(session: Session, code: str) -> dict[str, Any]:
    """The latest stored revision of rule set ``code``, else the shipped default."""
    try:
        return get_rule_set(session, code)
    except NotFound:
        try:
            return default_rule_set(code)
        except ScoringInputError as error:
            raise NotFound(_(
                    "The agreement names rule set {0!r}, which is neither stored nor shipped.").format(code)) from error


# -- checking and scoring (pure) ------------------------------------------------------------------

def _checked_number(value: Any, low: float | None, high: float | None) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Invalid(_("must be a number, got {0!r}").format(value))
    if low is not None and not low <= value <= high:
        raise Invalid(_("must be from {0} to {1}, got {2}").format(plain_number(low), plain_number(high), plain_number(value)))
    return float(value)


def check_ratings(kind: AgreementKind, items: Sequence[AgreementItemRow], ratings: Mapping[str, RatingValues],
                  rules: Mapping[str, Any]) -> tuple[dict[str, RatingValues], dict[str, str]]:
    """(cleaned values by item id, problems). Each problem names the row, e.g.
    ``ratings[2].rating: row 3 (Financial viability): must be from 1 to 5, got 6``."""
    field = "actual" if kind == AgreementKind.KE_PERFORMANCE_CONTRACT else "rating"
    low = high = None
    if field == "rating":
        scale = rules["body"]["scale"]
        low, high = sorted((float(scale["best"]), float(scale["worst"])))
    known = {item.id for item in items}
    problems = {f"ratings.{item_id}": "is not an item of this agreement" for item_id in ratings if item_id not in known}
    cleaned: dict[str, RatingValues] = {}
    for index, item in enumerate(items):
        entered = ratings.get(item.id, RatingValues())
        try:
            value = _checked_number(getattr(entered, field), low, high)
        except Invalid as error:
            problems[f"ratings[{index}].{field}"] = _("row {0} ({1}): {2}").format(index + 1, item.title, error)
            continue
        try:
            comment = COMMENT(entered.comment)
        except Invalid as error:
            problems[f"ratings[{index}].comment"] = _("row {0} ({1}): the comment {2}").format(index + 1, item.title, error)
            continue
        cleaned[item.id] = RatingValues(value if field == "rating" else None,
                                        value if field == "actual" else None, comment)
    return cleaned, problems


def live_result(kind: AgreementKind, items: Sequence[AgreementItemRow], ratings: Mapping[str, RatingValues],
                rules: Mapping[str, Any], *, review_label: str | None = None) -> LiveResult:
    """Score ``ratings`` (as typed, unsaved) under ``rules``; never touches the database.

    A bonus band is given only when ``review_label`` is the final annual review.
    """
    cleaned, problems = check_ratings(kind, items, ratings, rules)
    if problems:
        return LiveResult(None, None, "—", None, None, None, problems)
    field = "actual" if kind == AgreementKind.KE_PERFORMANCE_CONTRACT else "rating"
    unrated = [item.title for item in items if getattr(cleaned[item.id], field) is None]
    if unrated:
        noun = "actual" if field == "actual" else "rating"
        return LiveResult(None, None, "—", None, None,
                          f"{len(unrated)} of {len(items)} items have no {noun} yet (first: {unrated[0]})", {})
    try:
        return _scored(kind, items, cleaned, rules, review_label == FINAL_REVIEW)
    except ScoringInputError as error:
        return LiveResult(None, None, "—", None, None, None, {error.field: error.message})


def _scored(kind: AgreementKind, items: Sequence[AgreementItemRow], values: Mapping[str, RatingValues],
            rules: Mapping[str, Any], final: bool) -> LiveResult:
    if kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
        contract = assess_performance_contract(
            [ContractIndicator(item.title, item.weight, tuple(item.criteria), values[item.id].actual)
             for item in items], rules)
        grade = contract.grade["name"] if contract.grade else None
        return LiveResult(contract.composite_score, None, f"Composite score {contract.composite_text}",
                          grade, None, None, {}, to_jsonable(contract))
    grouped: dict[str, list[RatedItem]] = {}
    for item in items:
        grouped.setdefault(COMPONENT_KEYS[item.kind.value], []).append(
            RatedItem(item.title, values[item.id].rating, item.weight))
    if kind == AgreementKind.SA_SECTION_56:
        result = assess_s56(grouped, rules, final=final)
        band = (result.bonus_band["name"] if result.bonus_band else
                "No bonus band covers this score" if final else NO_BONUS_BEFORE_FINAL)
        return LiveResult(result.overall_rating, result.score_percent,
                          f"{result.score_text} (overall rating {result.overall_rating_text})",
                          _level(rules["body"]["scale"], result.overall_rating), band, None, {},
                          to_jsonable(result))
    appraisal = assess_opras(grouped, rules)
    band = appraisal.overall_band["name"] if appraisal.overall_band else None
    return LiveResult(appraisal.overall_rating, None, f"Overall rating {appraisal.overall_text}",
                      band, None, None, {}, to_jsonable(appraisal))


def _level(scale: Mapping[str, Any], rating: float) -> str | None:
    """The scale's words for a rating: its label on a whole point, else the two labels around it."""
    exact = scale_label(scale, rating)
    if exact or float(rating).is_integer():
        return exact
    below, above = scale_label(scale, math.floor(rating)), scale_label(scale, math.ceil(rating))
    return f"Between {below} and {above}" if below and above else None


# -- reading ------------------------------------------------------------------------------------

def assessment_detail(session: Session, assessment_id: str) -> AssessmentDetail:
    assessment = get_or_fail(session, Assessment, assessment_id, "assessment")
    agreement = agreement_detail(session, assessment.agreement_id)
    ratings = {r.item_id: RatingValues(r.rating, r.actual, r.comment) for r in assessment.ratings}
    return AssessmentDetail(assessment.id, assessment.agreement_id, agreement.agreement.kind,
                            assessment.review_label, assessment.status, assessment.assessed_on,
                            assessment.comments, agreement.items, ratings,
                            rules_for(session, assessment.rule_set_code))


def list_assessments(session: Session, organisation_id: str, financial_year_id: str,
                     agreement_id: str | None = None) -> list[AssessmentRow]:
    """Assessments of the organisation's agreements for the year (or of one agreement)."""
    query = (select(Assessment).join(PerformanceAgreement, PerformanceAgreement.id == Assessment.agreement_id)
             .where(PerformanceAgreement.organisation_id == organisation_id,
                    PerformanceAgreement.financial_year_id == financial_year_id))
    if agreement_id is not None:
        query = query.where(Assessment.agreement_id == agreement_id)
    rows = [AssessmentRow(a.id, a.agreement_id, a.agreement.person.full_name, a.review_label, a.status,
                          a.score_percent, a.outcome_label) for a in session.scalars(query)]
    order = {label: index for index, label in enumerate(REVIEW_LABELS)}
    return sorted(rows, key=lambda row: (row.employee.casefold(), order.get(row.review_label, 9), row.review_label))


# -- writing ------------------------------------------------------------------------------------

def start_assessment(session: Session, actor: Actor, agreement_id: str, review_label: str) -> Assessment:
    """Open a review of a signed agreement with an empty rating line for every item."""
    actor.require(Permission.MANAGE_AGREEMENTS)
    agreement = get_or_fail(session, PerformanceAgreement, agreement_id, "agreement")
    if review_label not in REVIEW_LABELS:
        raise ValidationError.single("review_label", _("choose one of {0}").format(', '.join(REVIEW_LABELS)))
    if agreement.status != AgreementStatus.SIGNED:
        raise ValidationError.single("agreement", _(
                "the agreement is {0}; only a signed agreement is assessed").format(agreement.status.value))
    taken = session.scalar(select(Assessment.id).where(Assessment.agreement_id == agreement.id,
                                                       Assessment.review_label == review_label))
    if taken is not None:
        raise ValidationError.single("review_label", _("the {0} of this agreement already exists").format(review_label))
    with transaction(session):
        assessment = add_record(session, actor, Assessment(agreement_id=agreement.id, review_label=review_label,
                                                           rule_set_code=agreement.rule_set_code))
        for item in agreement.items:
            add_record(session, actor, AssessmentRating(assessment_id=assessment.id, item_id=item.id))
        return assessment


def _open_assessment(session: Session, assessment_id: str) -> tuple[Assessment, AssessmentDetail]:
    assessment = get_or_fail(session, Assessment, assessment_id, "assessment")
    if assessment.status == AssessmentStatus.FINAL:
        raise LockedRecord(_("The {0} is final and cannot change.").format(assessment.review_label))
    return assessment, assessment_detail(session, assessment_id)


def _store(session: Session, actor: Actor, assessment: Assessment, detail: AssessmentDetail,
           values: Mapping[str, RatingValues], changes: dict[str, Any]) -> Assessment:
    """Write every rating line and the assessment's score fields in one transaction."""
    result = live_result(detail.kind, detail.items, values, detail.rules, review_label=detail.review_label)
    lines = {line.item_id: line for line in assessment.ratings}
    with transaction(session):
        for item in detail.items:
            entered = values[item.id]
            fields = {"rating": entered.rating, "actual": entered.actual, "comment": entered.comment}
            if item.id in lines:
                change_record(session, actor, lines[item.id], fields)
            else:
                add_record(session, actor, AssessmentRating(assessment_id=assessment.id, item_id=item.id, **fields))
        return change_record(session, actor, assessment, {
            "overall_rating": result.overall_rating, "score_percent": result.score_percent,
            "outcome_label": result.outcome_label, "rule_set_version": detail.rules.get("revision"), **changes})


def save_ratings(session: Session, actor: Actor, assessment_id: str, ratings: Mapping[str, RatingValues],
                 comments: str | None = None) -> Assessment:
    """Keep the ratings typed so far (all of them, or none when any row is wrong)."""
    actor.require(Permission.MANAGE_AGREEMENTS)
    assessment, detail = _open_assessment(session, assessment_id)
    values, problems = check_ratings(detail.kind, detail.items, ratings, detail.rules)
    try:
        comment = COMMENT(comments)
    except Invalid as error:
        problems["comments"] = str(error)
    if problems:
        raise ValidationError(problems)
    return _store(session, actor, assessment, detail, values, {"comments": comment})


def finalise_assessment(session: Session, actor: Actor, assessment_id: str, assessed_on: date) -> Assessment:
    """Approve the saved ratings as the result: from now on the assessment is read-only."""
    actor.require(Permission.APPROVE)
    assessment, detail = _open_assessment(session, assessment_id)
    result = live_result(detail.kind, detail.items, detail.ratings, detail.rules,
                         review_label=detail.review_label)
    if not result.is_complete:
        raise ValidationError(result.problems or {"ratings": _("cannot finalise: {0}").format(result.missing)})
    return _store(session, actor, assessment, detail, detail.ratings,
                  {"status": AssessmentStatus.FINAL, "assessed_on": assessed_on})
