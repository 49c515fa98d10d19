"""The OPRAS form TFN 832, section by section: agreed in section 2 with criteria and resources, reviewed at
mid-year without marks (progress and factors), revised by an amendment (section 4), marked by the appraisee,
the supervisor and both at the annual review (sections 5 and 6), averaged (section 7), with the comments and
the recommendation (section 8); bad marks are refused with nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from pmsdesk.models import AssessmentRating, AuditEvent, Organisation, Role
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.services import agreements, assessments
from pmsdesk.services import people as people_service
from pmsdesk.services.assessments import RatingValues
from pmsdesk.services.errors import ValidationError

OBJECTIVES = [
    {"kind": "objective", "title": "Inspect building projects", "weight": 60, "target_text": "40 inspections",
     "performance_criteria": "Inspection reports filed", "resources": "Vehicle and fuel"},
    {"kind": "objective", "title": "Issue building permits", "weight": 40, "target_text": "120 permits",
     "performance_criteria": "Permits issued within 30 days", "resources": "Permit register"},
]
ATTRIBUTES = [
    {"kind": "attribute", "title": "Ability to work in a team", "weight": 50, "category": "Working relationships"},
    {"kind": "attribute", "title": "Ability to respond well to the customer", "weight": 50,
     "category": "Customer focus"},
]


@pytest.fixture
def opras(session, system, small_org):
    organisation = session.get(Organisation, small_org.organisation_id)
    organisation.country, organisation.name = "TZ", "Moshi District Council"
    session.commit()
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": "Baraka Mwakyusa"})
    draft = agreements.create_agreement(session, system, person.id, small_org.year_id, {
        "kind": "tz_opras", "rule_set_code": "tz_opras", "title": "OPRAS 2025/26"}, OBJECTIVES + ATTRIBUTES)
    return agreements.sign_agreement(session, system, draft.id, date(2025, 7, 20), "Moshi")


def _enter(session, actor, review, lines, remarks=None, comments=None):
    detail = assessments.assessment_detail(session, review.id)
    assessments.save_ratings(session, actor, review.id,
                             {item.id: RatingValues(**values) for item, values in zip(detail.items, lines)},
                             comments, remarks)


def _text(session, actor, tmp_path) -> str:
    out = tmp_path / "opras.pdf"
    issue_report(session, actor, ReportRequest("opras-form", person="Baraka Mwakyusa", year="2025/26"), out)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(out)).pages)


def test_the_form_prints_every_section_with_the_three_marks(session, system, people, opras, tmp_path):
    mid = assessments.start_assessment(session, system, opras.id, "Mid-year review")
    _enter(session, system, mid, [{"comment": "18 inspections done", "factors": "Vehicle off the road"},
                                  {"comment": "50 permits", "factors": "Slow site visits"}, {}, {}])
    assessments.finalise_assessment(session, people[Role.APPROVER], mid.id, date(2026, 1, 30))
    assert mid.overall_rating is None, "the mid-year review has no rating"
    annual = assessments.start_assessment(session, system, opras.id, "Annual review")
    _enter(session, system, annual, [
        {"rating": 2, "appraisee_score": 1, "supervisor_score": 2, "comment": "38 inspections"},
        {"rating": 3, "appraisee_score": 2, "supervisor_score": 3, "comment": "100 permits"},
        {"rating": 2, "appraisee_score": 2, "supervisor_score": 2},
        {"rating": 4, "appraisee_score": 3, "supervisor_score": 4}],
        remarks={"appraisee_comments": "The vehicle held me back", "second_comments": "A fair discussion",
                 "recommendation": "Training in customer care"}, comments="Good inspection work")
    text = _text(session, system, tmp_path)
    for words in (
            "Open Performance Review and Appraisal Form (TFN 832)", "from July 2025 to June 2026",
            "Section 1: Personal information", "Vote / sub-vote", "Check number", "Name in full Baraka Mwakyusa",
            "Gender", "Academic qualification", "Duty post", "Substantive post", "Date of first appointment",
            "Date of appointment to present post", "Salary scale", "Period served under present supervisor",
            "Date of birth", "Terms of service",
            "Section 2: Performance agreement", "Agreed performance criteria", "Agreed resources",
            "Inspect building projects 40 inspections Inspection reports filed Vehicle and fuel 60",
            "Section 3: Mid-year review (December): progress, no rating", "Progress towards targets",
            "Factors affecting performance", "18 inspections done Vehicle off the road", "Reviewed on 30 Jan 2026 (final)",
            "Reviewed by",
            "Section 4: Revised objectives", "No objectives were revised during the year.",
            "Section 5: Annual performance review and appraisal (June)", "Appraisee Supervisor Agreed mark",
            "Inspect building projects 38 inspections 1 2 2", "Average agreed mark (section 5) 2.40",
            "1 = Outstanding performance", "5 = Very poor performance",
            "Section 6: Attributes of good performance", "Main factor", "Quality attribute",
            "Working relationships Ability to work in a team 2 2 2", "Customer focus Ability to respond well to the "
            "customer 3 4 4", "Average agreed mark (section 6) 3.00",
            "Section 7: Overall performance (average of sections 5 and 6)", "Overall performance: 2.70",
            "Comments by the appraisee The vehicle held me back", "Comments by the observer A fair discussion",
            "Comments by the supervisor Good inspection work", "Observer",
            "Section 8: Employee rewards, developmental measures or sanctions",
            "Recommendation Training in customer care", "Head of department or institution"):
        assert words in text, words


def test_an_amendment_prints_its_revised_objectives(session, system, opras, tmp_path):
    revised = [{**OBJECTIVES[0], "target_text": "30 inspections", "resources": "Shared vehicle"}, OBJECTIVES[1],
               *ATTRIBUTES]
    amendment = agreements.amend_agreement(session, system, opras.id, "Vehicle withdrawn in January", revised)
    agreements.sign_agreement(session, system, amendment.id, date(2026, 2, 1), "Moshi")
    text = _text(session, system, tmp_path)
    assert "Inspect building projects 40 inspections Inspection reports filed Vehicle and fuel 60" in text, \
        "section 2 keeps the objectives as first agreed"
    for words in ("Amendment 1: Vehicle withdrawn in January", "Agreed revised objectives",
                  "Inspect building projects 30 inspections Inspection reports filed Shared vehicle"):
        assert words in text, words
    assert "Issue building permits 120 permits Permits issued within 30 days Permit register" not in \
        text.split("Section 4")[1].split("Section 5")[0], "an objective that did not change is not revised"


@pytest.mark.parametrize(("line", "problem"), [
    ({"rating": 2, "appraisee_score": 0, "supervisor_score": 2},
     ("ratings[0].appraisee_score", "row 1 (Inspect building projects): the appraisee's score must be from 1 to 5, "
                                    "got 0")),
    ({"rating": 2, "appraisee_score": 2, "supervisor_score": 5.5},
     ("ratings[0].supervisor_score", "row 1 (Inspect building projects): the supervisor's score must be from 1 to "
                                     "5, got 5.5")),
    ({"rating": 7}, ("ratings[0].rating", "row 1 (Inspect building projects): must be from 1 to 5, got 7")),
])
def test_a_mark_off_the_scale_is_refused_and_nothing_is_written(session, system, opras, line, problem):
    annual = assessments.start_assessment(session, system, opras.id, "Annual review")
    before = (session.scalar(select(func.count()).select_from(AuditEvent)),
              sorted((r.rating, r.appraisee_score) for r in session.scalars(select(AssessmentRating))))
    with pytest.raises(ValidationError) as refused:
        _enter(session, system, annual, [line, {"rating": 2}, {"rating": 2}, {"rating": 2}],
               remarks={"recommendation": "Promotion"})
    assert problem in refused.value.problems.items()
    session.expire_all()
    assert (session.scalar(select(func.count()).select_from(AuditEvent)),
            sorted((r.rating, r.appraisee_score) for r in session.scalars(select(AssessmentRating)))) == before
    assert annual.recommendation is None
