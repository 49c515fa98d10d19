"""The printed appraisal forms show exactly the score the assessment screen shows (``live_result``)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import AgreementKind, AssessmentStatus, PerformanceAgreement
from pmsdesk.reports.pdf.agreement_data import latest_assessment
from pmsdesk.services.assessments import assessment_detail, live_result, verified_values

from .conftest import print_report

#: Demo database → the form printed for its agreements.
FORMS = {"za": "assessment", "ke": "ke-contract", "tz": "opras-form"}
#: The SPAS appraisals of the Kenyan demo print on their own form (tests/kenya).
PRINTED_KINDS = {"assessment": tuple(AgreementKind), "ke-contract": (AgreementKind.KE_PERFORMANCE_CONTRACT,),
                 "opras-form": (AgreementKind.TZ_OPRAS,)}


def _screen_scores(database_file, form: str) -> list[tuple[str, AgreementKind, object]]:
    """(person id, agreement kind, live result) for each demo agreement's latest assessment; a verified
    Kenyan evaluation counts (and is printed) on its verified values."""
    database = open_database(database_file, upgrade=False, create=False)
    try:
        with database.session() as session:
            scores = []
            for agreement in session.scalars(select(PerformanceAgreement)):
                assessment = latest_assessment(session, agreement)
                if assessment is not None and agreement.kind in PRINTED_KINDS[form]:
                    detail = assessment_detail(session, assessment.id)
                    verified = detail.is_verified_evaluation and detail.status in (AssessmentStatus.VERIFIED,
                                                                                   AssessmentStatus.FINAL)
                    scores.append((agreement.person_id, detail.kind,
                                   live_result(detail.kind, detail.items,
                                               verified_values(detail) if verified else detail.ratings, detail.rules,
                                               review_label=detail.review_label)))
            return scores
    finally:
        database.dispose()


def _printed_figures(kind: AgreementKind, live) -> list[str]:
    details = live.details
    if kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
        return [f"{details['composite_text']}: {live.outcome_label}"]
    if kind == AgreementKind.SA_SECTION_56:
        return [details["overall_rating_text"], details["score_text"], live.bonus_text]
    return [details["overall_text"], live.outcome_label]


@pytest.mark.parametrize("database", FORMS)
def test_the_printed_score_is_the_score_on_screen(database, demo_files, tmp_path):
    scores = _screen_scores(demo_files[database], FORMS[database])
    assert scores and all(live.is_complete for _, _, live in scores)
    for number, (person_id, kind, live) in enumerate(scores):
        printed = print_report(demo_files[database], tmp_path / f"{number}.pdf", FORMS[database], person=person_id)
        text = " ".join(printed.text.split())
        for figure in _printed_figures(kind, live):
            assert figure in text, f"{figure!r} (on screen) is not on the printed {FORMS[database]}"
