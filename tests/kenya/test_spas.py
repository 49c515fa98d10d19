"""SPAS staff appraisals: agreed targets and values, a mid-year review without rating, the end-year
appraisee's, supervisor's and agreed scores per target, and the PSC band of the weighted agreed score."""

from __future__ import annotations

from datetime import date

import pytest

from pmsdesk.models import AgreementKind, AssessmentStatus, Role
from pmsdesk.services import agreements, assessments
from pmsdesk.services.assessments import RatingValues
from pmsdesk.services.errors import ValidationError

from .conftest import make_contract

TARGETS = [
    {"kind": "target", "title": "Immunise children under one", "target_text": "Children fully immunised",
     "target_value": 1200, "weight": 60},
    {"kind": "target", "title": "Hold community health dialogues", "target_text": "Dialogues held",
     "target_value": 8, "weight": 40},
    {"kind": "competency", "title": "High standards of professional ethics"},
]


@pytest.fixture
def appraisal(session, system, kenyan_org):
    draft = make_contract(session, system, kenyan_org, items=TARGETS, name="Akinyi Njeri", kind="ke_spas")
    agreements.sign_agreement(session, system, draft.id, date(2025, 7, 15), "Murang'a")
    return draft


def _enter(session, actor, review, actuals, comments=("On course", "Two held", "Exemplary"), scores=((), (), ()),
           remarks=None):
    """Type each line's result and comment, and (appraisee's, supervisor's, agreed) scores where given."""
    detail = assessments.assessment_detail(session, review.id)
    typed = {item.id: RatingValues(actual=value, comment=comment,
                                   **dict(zip(("appraisee_score", "supervisor_score", "agreed_score"), three)))
             for item, value, comment, three in zip(detail.items, actuals, comments, scores)}
    assessments.save_ratings(session, actor, review.id, typed, remarks=remarks)


def test_the_mid_year_review_records_progress_without_a_rating(session, system, people, appraisal):
    review = assessments.start_assessment(session, system, appraisal.id, "Mid-year review")
    _enter(session, system, review, (None, None, None))
    assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 1, 20))
    assert review.status == AssessmentStatus.FINAL and review.score_percent is None and review.outcome_label is None


def test_the_end_year_appraisal_gives_the_percentage_and_the_psc_band(session, system, people, appraisal):
    review = assessments.start_assessment(session, system, appraisal.id, "End-year appraisal")
    # Results of 90% and 100%; the agreed scores 90 and 100: 0.6 x 90 + 0.4 x 100 = 94%.
    _enter(session, system, review, (1080, 8, None), scores=((95, 85, 90), (100, 100, 100), ()))
    assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 7, 10))
    assert review.score_percent == 94 and review.outcome_label == "Good"
    lines = {line.item.title: (line.appraisee_score, line.supervisor_score, line.agreed_score)
             for line in review.ratings}
    assert lines["Immunise children under one"] == (95, 85, 90)


def test_the_band_follows_the_agreed_score_not_the_result(session, system, people, appraisal):
    """A result of 90% that both agree is worth 100% (a target cut by a strike, say) is Very Good."""
    review = assessments.start_assessment(session, system, appraisal.id, "End-year appraisal")
    _enter(session, system, review, (1080, 8, None), scores=((100, 90, 100), (100, 100, 100), ()))
    assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 7, 10))
    assert review.score_percent == 100 and review.outcome_label == "Very Good"


@pytest.mark.parametrize(("scores", "problem"), [
    (((-5, 90, 90), (100, 100, 100), ()), ("ratings[0].appraisee_score",
                                            "row 1 (Immunise children under one): the appraisee's score must be "
                                            "from 0 to 1,000, got -5")),
    (((90, "ninety", 90), (100, 100, 100), ()), ("ratings[0].supervisor_score",
                                                 "row 1 (Immunise children under one): the supervisor's score must "
                                                 "be a number, got 'ninety'")),
])
def test_a_wrong_score_is_named_and_nothing_is_kept(session, system, appraisal, scores, problem):
    review = assessments.start_assessment(session, system, appraisal.id, "End-year appraisal")
    before = [(line.actual, line.agreed_score, line.comment) for line in review.ratings]
    with pytest.raises(ValidationError) as refused:
        _enter(session, system, review, (1080, 8, None), scores=scores, remarks={"appraisee_comments": "Fair"})
    assert problem in refused.value.problems.items()
    session.expire_all()
    assert [(line.actual, line.agreed_score, line.comment) for line in review.ratings] == before
    assert review.appraisee_comments is None


def test_a_spas_target_needs_a_number_to_measure_by(session, system, kenyan_org):
    with pytest.raises(ValidationError) as refused:
        make_contract(session, system, kenyan_org, kind="ke_spas",
                      items=[{**TARGETS[0], "target_value": None, "weight": 100}])
    assert refused.value.problems == {"items[0].target_value": "give the agreed target as a number, to measure "
                                                               "the result by"}


def test_an_end_year_appraisal_with_a_result_missing_cannot_be_finalised(session, system, people, appraisal):
    review = assessments.start_assessment(session, system, appraisal.id, "End-year appraisal")
    _enter(session, system, review, (1080, None, None), scores=((90, 90, 90), (), ()))
    with pytest.raises(ValidationError) as refused:
        assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 7, 10))
    assert refused.value.problems == {"ratings": "cannot finalise: 1 of 2 items have no agreed score yet "
                                                 "(first: Hold community health dialogues)"}
    assert agreements.agreement_detail(session, appraisal.id).agreement.kind == AgreementKind.KE_SPAS


def test_the_spas_form_prints_every_part_with_the_end_year_rating(session, system, people, appraisal, tmp_path):
    from pypdf import PdfReader

    from pmsdesk.reports.pdf.base import ReportRequest
    from pmsdesk.reports.pdf.issue import issue_report

    mid = assessments.start_assessment(session, system, appraisal.id, "Mid-year review")
    _enter(session, system, mid, (560, 3, None), ("Half the children reached", "Three held", ""))
    assessments.finalise_assessment(session, people[Role.APPROVER], mid.id, date(2026, 1, 20))
    end = assessments.start_assessment(session, system, appraisal.id, "End-year appraisal")
    _enter(session, system, end, (1080, 8, None), ("Stock-outs in March", "All held", "Exemplary conduct"),
           scores=((95, 85, 90), (100, 100, 100), ()),
           remarks={"appraisee_comments": "Vaccine stock-outs were outside my control",
                    "second_comments": "Agree with the rating", "recommendation": "Letter of commendation"})
    out = tmp_path / "spas.pdf"
    issue_report(session, system, ReportRequest("spas-form", person="Akinyi Njeri", year="2025/26"), out)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(out)).pages)
    for words in ("Staff Performance Appraisal Report (SPAS)", "Preamble and rating scale", "Excellent more than 100%",
                  "Very Good 100%", "Good 80% to 99%", "Fair 60% to 79%", "Poor 0% to 59%",
                  "Section 1: Appraisee and supervisor", "Akinyi Njeri",
                  "Section 2: Agreed performance targets", "Immunise children under one Children fully immunised 1,200 60",
                  "Section 3: Mid-year review (progress; no rating)", "Half the children reached",
                  "Reviewed on 20 Jan 2026 (final)", "Section 4: End-year appraisal", "Appraisee (%)",
                  "Supervisor (%)", "Agreed (%)", "Immunise children under one (Stock-outs in March) 1,200 1,080 90% 60 "
                  "95 85 90", "Overall: weighted agreed score 100 94", "appraisee's self-appraisal score",
                  "Rating: Good (94% weighted agreed score).",
                  "Vaccine stock-outs were outside my control", "Agree with the rating", "Letter of commendation",
                  "Section 5: Values and competencies",
                  "High standards of professional ethics Exemplary conduct", "Section 6: Training and development needs",
                  "Section 7: Comments", "Second supervisor", "Section 8: Recommendation of the performance management",
                  "appeal to the County Human Resource Advisory Committee (CHRAC)", "Head of human resource management"):
        assert words in text, words
    assert "DRAFT" in text, "the end-year appraisal is not final yet"
