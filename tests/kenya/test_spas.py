"""SPAS staff appraisals: agreed targets and values, a mid-year review without rating, the end-year
percentage and the PSC band."""

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


def _enter(session, actor, review, actuals, comments=("On course", "Two held", "Exemplary")):
    detail = assessments.assessment_detail(session, review.id)
    typed = {item.id: RatingValues(actual=value, comment=comment)
             for item, value, comment in zip(detail.items, actuals, comments)}
    assessments.save_ratings(session, actor, review.id, typed)


def test_the_mid_year_review_records_progress_without_a_rating(session, system, people, appraisal):
    review = assessments.start_assessment(session, system, appraisal.id, "Mid-year review")
    _enter(session, system, review, (None, None, None))
    assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 1, 20))
    assert review.status == AssessmentStatus.FINAL and review.score_percent is None and review.outcome_label is None


def test_the_end_year_appraisal_gives_the_percentage_and_the_psc_band(session, system, people, appraisal):
    review = assessments.start_assessment(session, system, appraisal.id, "End-year appraisal")
    _enter(session, system, review, (1080, 8, None))  # 90% and 100%: 0.6 x 90 + 0.4 x 100 = 94%
    assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 7, 10))
    assert review.score_percent == 94 and review.outcome_label == "Good"


def test_a_spas_target_needs_a_number_to_measure_by(session, system, kenyan_org):
    with pytest.raises(ValidationError) as refused:
        make_contract(session, system, kenyan_org, kind="ke_spas",
                      items=[{**TARGETS[0], "target_value": None, "weight": 100}])
    assert refused.value.problems == {"items[0].target_value": "give the agreed target as a number, to measure "
                                                               "the result by"}


def test_an_end_year_appraisal_with_a_result_missing_cannot_be_finalised(session, system, people, appraisal):
    review = assessments.start_assessment(session, system, appraisal.id, "End-year appraisal")
    _enter(session, system, review, (1080, None, None))
    with pytest.raises(ValidationError) as refused:
        assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 7, 10))
    assert refused.value.problems == {"ratings": "cannot finalise: 1 of 2 items have no actual yet "
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
    _enter(session, system, end, (1080, 8, None), ("Stock-outs in March", "All held", "Exemplary conduct"))
    out = tmp_path / "spas.pdf"
    issue_report(session, system, ReportRequest("spas-form", person="Akinyi Njeri", year="2025/26"), out)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(out)).pages)
    for words in ("Staff Performance Appraisal Report (SPAS)", "Preamble and rating scale", "Excellent more than 100%",
                  "Very Good 100%", "Good 80% to 99%", "Fair 60% to 79%", "Poor 0% to 59%",
                  "Section 1: Appraisee and supervisor", "Akinyi Njeri",
                  "Section 2: Agreed performance targets", "Immunise children under one Children fully immunised 1,200 60",
                  "Section 3: Mid-year review (progress; no rating)", "Half the children reached",
                  "Reviewed on 20 Jan 2026 (final)", "Section 4: End-year appraisal", "90%", "Weighted achievement 94% 100 Good",
                  "Rating: Good (94% of the agreed targets achieved)", "Section 5: Values and competencies",
                  "High standards of professional ethics Exemplary conduct", "Section 6: Training and development needs",
                  "Section 7: Comments", "Second supervisor", "Section 8: Recommendation of the performance management",
                  "appeal to the County Human Resource Advisory Committee (CHRAC)", "Head of human resource management"):
        assert words in text, words
    assert "DRAFT" in text, "the end-year appraisal is not final yet"
