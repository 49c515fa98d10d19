"""The contract's programme links and the SPAS scores reach head office in the office's packages, and a
remark written later travels in the next one."""

from __future__ import annotations

from sqlalchemy import select

from pmsdesk.models import AgreementItem, Assessment, AssessmentRating, Programme


def _links_and_scores(database):
    with database.session() as session:
        links = sorted((item.title, session.get(Programme, item.programme_id).code) for item in session.scalars(
            select(AgreementItem).where(AgreementItem.programme_id.is_not(None))))
        scores = sorted((line.appraisee_score, line.supervisor_score, line.agreed_score) for line in session.scalars(
            select(AssessmentRating).where(AssessmentRating.agreed_score.is_not(None))))
        return links, scores


def test_programme_links_scores_and_remarks_travel(pair):
    sent = _links_and_scores(pair.office.database)
    assert sent[0] and sent[1], "the demo office links its contracts and scores its SPAS appraisal"
    pair.head.import_(pair.first_package)
    assert _links_and_scores(pair.head.database) == sent
    back = pair.folder / "ho-1.pmspkg"
    pair.head.export(pair.office.code, back)
    pair.office.import_(back)
    with pair.office.database.session() as session:  # written as the other sync tests write rows: directly
        review = session.scalars(select(Assessment).where(Assessment.review_label == "End-year appraisal")).one()
        review.recommendation, review.appraisee_comments = "Letter of commendation", "Agree with the scores"
        session.commit()
    second = pair.folder / "ke001-2.pmspkg"
    assert pair.office.export("HEAD-OFFICE", second).counts.get("assessment") == 1
    pair.head.import_(second)
    with pair.head.database.session() as session:
        review = session.scalars(select(Assessment).where(Assessment.review_label == "End-year appraisal")).one()
        assert (review.recommendation, review.appraisee_comments) == ("Letter of commendation",
                                                                      "Agree with the scores")
