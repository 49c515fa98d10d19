"""Assessments of signed agreements: start a review, rate each item, score it live, finalise (locks).

``live_result`` is pure: the assessment form calls it on every keystroke with
the ratings as typed, so the score, grade and bonus band follow the typing
without touching the database. Saving and finalising check the same things
and store the same figures, so what was on screen is what is kept.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.i18n import N_, _
from pmsdesk.models import (
    AgreementItemKind,
    AgreementKind,
    AgreementStatus,
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    PerformanceAgreement,
)
from pmsdesk.scoring import (
    AppraisalTarget,
    ContractIndicator,
    RatedItem,
    ScoringInputError,
    assess_opras,
    assess_performance_contract,
    assess_s56,
    assess_spas,
    to_jsonable,
)
from pmsdesk.scoring.ratings import scale_label
from pmsdesk.wording import plain_number

from .actor import Actor, Permission
from .agreement_rules import rules_for
from .agreements import AgreementItemRow, agreement_detail
from .errors import LockedRecord, ValidationError
from .records import add_record, change_record, get_or_fail, transaction
from .validation import Invalid, text

REVIEW_LABELS = (N_("Mid-year review"), N_("Annual review"))
#: The one review that decides a performance bonus (GN R805: the annual assessment).
FINAL_REVIEW = REVIEW_LABELS[-1]
#: Kenyan contracts: quarterly progress reports and the annual evaluation, each self-evaluated then verified.
CONTRACT_REVIEWS = (N_("Quarter 1 report"), N_("Quarter 2 report"), N_("Quarter 3 report"), N_("Annual evaluation"))
#: SPAS (PSC 37A/37B): a mid-year review of progress (no rating) and the end-year appraisal.
SPAS_MID_YEAR, SPAS_END_YEAR = N_("Mid-year review"), N_("End-year appraisal")
SPAS_REVIEWS = (SPAS_MID_YEAR, SPAS_END_YEAR)
KIND_REVIEWS = {AgreementKind.KE_PERFORMANCE_CONTRACT: CONTRACT_REVIEWS, AgreementKind.KE_SPAS: SPAS_REVIEWS}
#: Reviews that record progress without a rating: SPAS mid-year (PSC 37A/37B) and OPRAS section 3 (TFN 832),
#: whose columns are the progress towards targets and the factors affecting performance.
UNRATED_REVIEWS = {(AgreementKind.KE_SPAS, SPAS_MID_YEAR), (AgreementKind.TZ_OPRAS, REVIEW_LABELS[0])}
#: Where the appraisee's and the supervisor's scores are kept beside the agreed one (OPRAS sections 5-6, SPAS
#: end-year appraisal); the agreed one is ``rating`` for OPRAS and ``agreed_score`` for SPAS.
TWO_SIDED = {AgreementKind.TZ_OPRAS: "rating", AgreementKind.KE_SPAS: "agreed_score"}
SIDE_SCORES = ("appraisee_score", "supervisor_score")
#: The appraisal's remarks besides the supervisor's ``comments``: OPRAS section 7-8, SPAS sections 7-8.
REMARKS = ("appraisee_comments", "second_comments", "recommendation")
NO_BONUS_BEFORE_FINAL = N_("Not applicable: a bonus is decided only on the final annual assessment")
#: Agreement item kind → the engine's component key, for the rated (not Kenyan) agreements.
COMPONENT_KEYS = {"kpa": "kpas", "ccr": "ccrs", "objective": "objectives", "attribute": "attributes"}
COMMENT = text(2000)
#: Every field of a rating line the service writes (in RatingValues' order).
LINE_FIELDS = ("rating", "actual", "comment", "evidence", "verified_actual", "verifier_note",
               "appraisee_score", "supervisor_score", "agreed_score", "factors")


def review_labels(kind: AgreementKind) -> tuple[str, ...]:
    """The reviews an agreement of ``kind`` has, in the order of the year."""
    return KIND_REVIEWS.get(kind, REVIEW_LABELS)


def value_field(kind: AgreementKind, item_kind: AgreementItemKind) -> str | None:
    """What is entered per line: an actual (Kenyan indicators, SPAS targets), a rating, or nothing
    (SPAS values and competencies, which get a comment only)."""
    if item_kind == AgreementItemKind.COMPETENCY:
        return None
    return "actual" if kind in (AgreementKind.KE_PERFORMANCE_CONTRACT, AgreementKind.KE_SPAS) else "rating"


def scored_field(kind: AgreementKind, item_kind: AgreementItemKind) -> str | None:
    """What the score is computed from: the agreed score of a SPAS target, else ``value_field``."""
    entered = value_field(kind, item_kind)
    return TWO_SIDED[kind] if entered and kind in TWO_SIDED else entered


def is_rated(kind: AgreementKind, review_label: str | None) -> bool:
    """False for a review that records progress only (SPAS and OPRAS mid-year)."""
    return (kind, review_label) not in UNRATED_REVIEWS


@dataclass(frozen=True)
class RatingValues:
    """What was entered for one item: a rating (SA, OPRAS) or an actual (Kenyan contract)."""

    rating: Any = None
    actual: Any = None
    comment: str | None = None
    #: Kenyan contracts: the evidence the self-evaluation cites; the verifier's value and note.
    evidence: str | None = None
    verified_actual: Any = None
    verifier_note: str | None = None
    #: OPRAS and SPAS: what the appraisee and the supervisor each gave, and the SPAS agreed score (percent).
    appraisee_score: Any = None
    supervisor_score: Any = None
    agreed_score: Any = None
    #: OPRAS mid-year: the factors affecting performance (the progress is ``comment``).
    factors: str | None = None


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
    #: Kenyan contracts: who submitted the self-evaluation and who verified it, when, with what.
    submitted_on: date | None = None
    submitted_by: str | None = None
    self_score: float | None = None
    verified_on: date | None = None
    verified_by: str | None = None
    verification_notes: str | None = None
    #: The appraisee's and the observer's / second supervisor's comments and the recommendation.
    remarks: dict[str, str | None] = field(default_factory=dict)

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.FINAL

    @property
    def is_verified_evaluation(self) -> bool:
        """A Kenyan contract's review: self-evaluated by the institution, then verified before it counts."""
        return self.kind == AgreementKind.KE_PERFORMANCE_CONTRACT


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
    low = high = None
    if "scale" in rules["body"] and kind != AgreementKind.KE_PERFORMANCE_CONTRACT:
        scale = rules["body"]["scale"]
        low, high = sorted((float(scale["best"]), float(scale["worst"])))
    known = {item.id for item in items}
    problems = {f"ratings.{item_id}": "is not an item of this agreement" for item_id in ratings if item_id not in known}
    cleaned: dict[str, RatingValues] = {}
    for index, item in enumerate(items):
        entered = ratings.get(item.id, RatingValues())
        where = f"row {index + 1} ({item.title})"
        numbers = {}
        for name, (bottom, top) in _number_fields(kind, item.kind, (low, high)).items():
            try:
                numbers[name] = _checked_number(getattr(entered, name), bottom, top)
            except Invalid as error:
                problems[f"ratings[{index}].{name}"] = f"{where}: {NUMBER_WORDS[name]}{error}"
        texts = {}
        for name, words in (("comment", "the comment"), ("evidence", "the evidence"), ("verifier_note", "the note"),
                            ("factors", "the factors affecting performance")):
            try:
                texts[name] = COMMENT(getattr(entered, name))
            except Invalid as error:
                problems[f"ratings[{index}].{name}"] = f"{where}: {words} {error}"
        if len(texts) == 4 and not any(key.startswith(f"ratings[{index}].") for key in problems):
            cleaned[item.id] = RatingValues(**numbers, **texts)
    return cleaned, problems


#: How each number of a line is named in a refusal (the value itself is named by its row only).
NUMBER_WORDS = {"rating": "", "actual": "", "verified_actual": "the verified value ",
                "appraisee_score": "the appraisee's score ", "supervisor_score": "the supervisor's score ",
                "agreed_score": "the agreed score "}
#: SPAS scores are percentages of the agreed target achieved: 0 or more (above 100% is Excellent); the
#: upper bound only catches a slip of the keyboard.
PERCENT_RANGE = (0.0, 1000.0)


def _number_fields(kind: AgreementKind, item_kind: AgreementItemKind,
                   scale: tuple[float | None, float | None]) -> dict[str, tuple[float | None, float | None]]:
    """The numbers a line of ``item_kind`` takes, each with its (low, high) bounds (None: any number)."""
    entered = value_field(kind, item_kind)
    if entered is None:
        return {}
    fields: dict[str, tuple[float | None, float | None]] = {entered: scale if entered == "rating" else (None, None),
                                                           "verified_actual": (None, None)}
    if kind in TWO_SIDED:
        bounds = scale if kind == AgreementKind.TZ_OPRAS else PERCENT_RANGE
        fields |= {name: bounds for name in (*SIDE_SCORES, TWO_SIDED[kind])}
    return fields


def live_result(kind: AgreementKind, items: Sequence[AgreementItemRow], ratings: Mapping[str, RatingValues],
                rules: Mapping[str, Any], *, review_label: str | None = None) -> LiveResult:
    """Score ``ratings`` (as typed, unsaved) under ``rules``; never touches the database.

    A bonus band is given only when ``review_label`` is the final annual review.
    """
    cleaned, problems = check_ratings(kind, items, ratings, rules)
    if problems:
        return LiveResult(None, None, "—", None, None, None, problems)
    if not is_rated(kind, review_label):
        return LiveResult(None, None, _("No rating at mid-year: progress and comments only"), None, None, None, {})
    scored = [item for item in items if scored_field(kind, item.kind)]
    unrated = [item.title for item in scored if getattr(cleaned[item.id], scored_field(kind, item.kind)) is None]
    if unrated:
        noun = scored_field(kind, scored[0].kind).replace("_", " ")
        return LiveResult(None, None, "—", None, None,
                          f"{len(unrated)} of {len(scored)} items have no {noun} yet (first: {unrated[0]})", {})
    try:
        return _scored(kind, items, cleaned, rules, review_label == FINAL_REVIEW)
    except ScoringInputError as error:
        return LiveResult(None, None, "—", None, None, None, {error.field: error.message})


def _scored(kind: AgreementKind, items: Sequence[AgreementItemRow], values: Mapping[str, RatingValues],
            rules: Mapping[str, Any], final: bool) -> LiveResult:
    if kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
        contract = assess_performance_contract(
            [ContractIndicator(item.title, item.weight, tuple(item.criteria), values[item.id].actual, item.category)
             for item in items], rules)
        grade = contract.grade["name"] if contract.grade else None
        return LiveResult(contract.composite_score, None, f"Composite score {contract.composite_text}",
                          grade, None, None, {}, to_jsonable(contract))
    if kind == AgreementKind.KE_SPAS:
        # The agreed score is a percentage: scored as an actual against a target of 100 it is its own
        # achievement (actual ÷ target × 100), weighted and banded by the engine as any SPAS target.
        appraisal = assess_spas(rules, targets=[
            AppraisalTarget(item.title, 100.0, values[item.id].agreed_score, item.weight)
            for item in items if item.kind == AgreementItemKind.TARGET])
        band = appraisal.band["name"] if appraisal.band else None
        return LiveResult(None, appraisal.percent_shown, f"{appraisal.percent_text} of the agreed targets achieved",
                          band, None, None, {}, to_jsonable(appraisal))
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
    ratings = {r.item_id: RatingValues(r.rating, r.actual, r.comment, r.evidence, r.verified_actual, r.verifier_note,
                                       *(getattr(r, name) for name in LINE_FIELDS[6:]))
               for r in assessment.ratings}
    return AssessmentDetail(assessment.id, assessment.agreement_id, agreement.agreement.kind,
                            assessment.review_label, assessment.status, assessment.assessed_on,
                            assessment.comments, agreement.items, ratings,
                            rules_for(session, assessment.rule_set_code), assessment.submitted_on,
                            assessment.submitted_by, assessment.self_score, assessment.verified_on,
                            assessment.verified_by, assessment.verification_notes,
                            {name: getattr(assessment, name) for name in REMARKS})


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
    if review_label not in review_labels(agreement.kind):
        raise ValidationError.single("review_label", _("choose one of {0}").format(', '.join(review_labels(agreement.kind))))
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


def verified_values(detail: AssessmentDetail) -> dict[str, RatingValues]:
    """A Kenyan evaluation scored on what the verifier found instead of what was self-reported."""
    return {item_id: replace(values, actual=values.verified_actual) for item_id, values in detail.ratings.items()}


def store_review(session: Session, actor: Actor, assessment: Assessment, detail: AssessmentDetail,
           values: Mapping[str, RatingValues], changes: dict[str, Any],
           scored: Mapping[str, RatingValues] | None = None) -> Assessment:
    """Write every rating line and the assessment's score fields (from ``scored``, default the lines) in
    one transaction."""
    result = live_result(detail.kind, detail.items, scored or values, detail.rules, review_label=detail.review_label)
    lines = {line.item_id: line for line in assessment.ratings}
    with transaction(session):
        for item in detail.items:
            entered = values[item.id]
            fields = {name: getattr(entered, name) for name in LINE_FIELDS}
            if item.id in lines:
                change_record(session, actor, lines[item.id], fields)
            else:
                add_record(session, actor, AssessmentRating(assessment_id=assessment.id, item_id=item.id, **fields))
        return change_record(session, actor, assessment, {
            "overall_rating": result.overall_rating, "score_percent": result.score_percent,
            "outcome_label": result.outcome_label, "rule_set_version": detail.rules.get("revision"), **changes})


def save_ratings(session: Session, actor: Actor, assessment_id: str, ratings: Mapping[str, RatingValues],
                 comments: str | None = None, remarks: Mapping[str, str | None] | None = None) -> Assessment:
    """Keep the ratings typed so far (all of them, or none when any row is wrong), with the supervisor's
    ``comments`` and the other ``remarks`` (``REMARKS``: the appraisee's and the observer's or second
    supervisor's comments, the recommended reward or sanction); remarks not given stay as they were."""
    actor.require(Permission.MANAGE_AGREEMENTS)
    assessment, detail = _open_assessment(session, assessment_id)
    if detail.is_verified_evaluation and assessment.status != AssessmentStatus.DRAFT:
        raise LockedRecord(_(
                "The {0} self-evaluation was submitted for verification and cannot change "
                "unless the verifier returns it.").format(assessment.review_label))
    values, problems = check_ratings(detail.kind, detail.items, ratings, detail.rules)
    changes: dict[str, Any] = {}
    for name, typed in {"comments": comments, **(remarks or {})}.items():
        if name not in ("comments", *REMARKS):
            problems[name] = _("is not a remark of an appraisal")
            continue
        try:
            changes[name] = COMMENT(typed)
        except Invalid as error:
            problems[name] = str(error)
    if problems:
        raise ValidationError(problems)
    return store_review(session, actor, assessment, detail, values, changes)


def finalise_assessment(session: Session, actor: Actor, assessment_id: str, assessed_on: date) -> Assessment:
    """Approve the saved ratings as the result: from now on the assessment is read-only."""
    actor.require(Permission.APPROVE)
    assessment, detail = _open_assessment(session, assessment_id)
    values = detail.ratings
    if detail.is_verified_evaluation:
        if assessment.status != AssessmentStatus.VERIFIED:
            raise ValidationError.single("status", _(
                    "the {0} is {1}: it is finalised only after the "
                    "verifier has verified it").format(assessment.review_label, assessment.status.value))
        values = verified_values(detail)
    result = live_result(detail.kind, detail.items, values, detail.rules, review_label=detail.review_label)
    if not result.is_complete:
        raise ValidationError(result.problems or {"ratings": _("cannot finalise: {0}").format(result.missing)})
    return store_review(session, actor, assessment, detail, detail.ratings,
                        {"status": AssessmentStatus.FINAL, "assessed_on": assessed_on}, scored=values)
