"""Assessments: ratings checked row by row, the live score of SCORING.md, locks and permissions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AgreementItemKind, AgreementKind, AgreementStatus, AssessmentRating, AssessmentStatus, AuditEvent, Role
from pmsdesk.scoring import default_rule_set
from pmsdesk.services import agreements, assessments
from pmsdesk.services import people as people_service
from pmsdesk.services.agreements import CRITERIA, AgreementItemRow
from pmsdesk.services.assessments import RatingValues, live_result
from pmsdesk.services.errors import LockedRecord, PermissionDenied, ValidationError

#: SCORING.md section 3's worked example: KPA weights and ratings, four equal CCRs.
KPA_WEIGHTS, KPA_RATINGS = (30, 10, 25, 15, 20), (4, 3, 4, 3, 5)
CCR_RATINGS = (4, 3, 3, 4)
S56_ITEMS = ([{"kind": "kpa", "title": f"KPA {n + 1}", "weight": w} for n, w in enumerate(KPA_WEIGHTS)]
             + [{"kind": "ccr", "title": f"CCR {n + 1}", "weight": 25} for n in range(4)])
WORKED_RATINGS = KPA_RATINGS + CCR_RATINGS


def _agreement(session, system, small_org, kind="za_s56", items=S56_ITEMS, name="Sipho Nkosi"):
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": name})
    return agreements.create_agreement(session, system, person.id, small_org.year_id,
                                       {"kind": kind, "rule_set_code": kind, "title": f"PA 2025/26: {name}"}, items)


@pytest.fixture
def signed(session, system, small_org):
    draft = _agreement(session, system, small_org)
    return agreements.sign_agreement(session, system, draft.id, date(2025, 7, 28), "Parys")


@pytest.fixture
def review(session, system, signed):
    return assessments.start_assessment(session, system, signed.id, "Mid-year review")


def _by_row(items, values, field="rating"):
    return {item.id: RatingValues(**{field: value}) for item, value in zip(items, values)}


def _ratings(detail, values, field="rating"):
    return _by_row(detail.items, values, field)


def _audit_count(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


def _rows(kind: str, items: list[dict]) -> list[AgreementItemRow]:
    """Agreement lines as the services read them, without a database: scoring is pure."""
    return [AgreementItemRow(f"item-{n}", AgreementItemKind(item["kind"]), item["title"], item["weight"], None, None,
                             None, tuple(item.get(name) for name in CRITERIA)) for n, item in enumerate(items)]


def test_the_live_score_is_the_worked_example_of_scoring_md():
    items, rules = _rows("za_s56", S56_ITEMS), default_rule_set("za_s56")
    result = live_result(AgreementKind.SA_SECTION_56, items, _by_row(items, WORKED_RATINGS), rules,
                         review_label="Annual review")
    assert result.overall_rating == pytest.approx(3.86)
    assert result.score_percent == 128.67
    assert result.bonus_text == "No performance bonus"
    assert result.score_text == "128.67% (overall rating 3.860)"
    mid_year = live_result(AgreementKind.SA_SECTION_56, items, _by_row(items, [5] * 9), rules,
                           review_label="Mid-year review")
    assert mid_year.bonus_text.startswith("Not applicable: a bonus is decided only on the final")
    assert mid_year.details["bonus_band"] is None
    outstanding = live_result(AgreementKind.SA_SECTION_56, items, _by_row(items, [5] * 9), rules,
                              review_label="Annual review")
    assert round(outstanding.score_percent, 1) == 166.7
    assert outstanding.outcome_label == "Outstanding performance"
    assert outstanding.bonus_text == "Bonus of 10-14% of the annual package"


def test_the_live_score_waits_for_every_rating_and_names_a_bad_row():
    items, rules = _rows("za_s56", S56_ITEMS), default_rule_set("za_s56")
    partial = live_result(AgreementKind.SA_SECTION_56, items, _by_row(items, WORKED_RATINGS[:7]), rules)
    assert partial.score_percent is None and partial.missing.startswith("2 of 9 items have no rating yet")
    wrong = live_result(AgreementKind.SA_SECTION_56, items, _by_row(items, (4, 7) + WORKED_RATINGS[2:]), rules)
    assert wrong.problems == {"ratings[1].rating": "row 2 (KPA 2): must be from 1 to 5, got 7"}


def test_kenyan_contract_live_score_is_the_worked_example():
    items = _rows("ke_pc", [
        {"kind": "indicator", "title": "Revenue collected", "weight": 60, "criteria_excellent": 1300,
         "criteria_very_good": 1000, "criteria_good": 800, "criteria_fair": 600, "criteria_poor": 400},
        {"kind": "indicator", "title": "Days to pay suppliers", "weight": 40, "criteria_excellent": 15,
         "criteria_very_good": 30, "criteria_good": 45, "criteria_fair": 60, "criteria_poor": 90}])
    result = live_result(AgreementKind.KE_PERFORMANCE_CONTRACT, items, _by_row(items, (900, 40), "actual"),
                         default_rule_set("ke_pc"))
    assert result.overall_rating == pytest.approx(2.567, abs=1e-3)
    assert result.outcome_label == "Good"


def test_saving_ratings_names_each_bad_row_and_writes_nothing(session, system, review):
    detail = assessments.assessment_detail(session, review.id)
    before = _audit_count(session)
    typed = _ratings(detail, (4, 6, 4, "four") + WORKED_RATINGS[4:])
    with pytest.raises(ValidationError) as refused:
        assessments.save_ratings(session, system, review.id, typed)
    assert refused.value.problems == {
        "ratings[1].rating": "row 2 (KPA 2): must be from 1 to 5, got 6",
        "ratings[3].rating": "row 4 (KPA 4): must be a number, got 'four'",
    }
    session.expire_all()
    assert set(session.scalars(select(AssessmentRating.rating).where(
        AssessmentRating.assessment_id == review.id))) == {None}
    assert _audit_count(session) == before


def test_saved_ratings_keep_the_score_shown_on_screen(session, system, review):
    detail = assessments.assessment_detail(session, review.id)
    ratings = _ratings(detail, WORKED_RATINGS)
    assessments.save_ratings(session, system, review.id, ratings, "Good first half")
    session.expire_all()
    saved = assessments.assessment_detail(session, review.id)
    assert [saved.ratings[item.id].rating for item in saved.items] == list(WORKED_RATINGS)
    assert round(review.score_percent, 1) == 128.7 and review.overall_rating == pytest.approx(3.86)
    assert review.comments == "Good first half" and review.status == AssessmentStatus.DRAFT


def test_a_final_assessment_refuses_every_change_and_keeps_its_ratings(session, system, people, review):
    detail = assessments.assessment_detail(session, review.id)
    assessments.save_ratings(session, system, review.id, _ratings(detail, WORKED_RATINGS))
    assessments.finalise_assessment(session, people[Role.APPROVER], review.id, date(2026, 1, 30))
    assert review.status == AssessmentStatus.FINAL and review.assessed_on == date(2026, 1, 30)
    before = _audit_count(session)
    with pytest.raises(LockedRecord, match="Mid-year review is final"):
        assessments.save_ratings(session, system, review.id, _ratings(detail, [1] * 9))
    with pytest.raises(LockedRecord):
        assessments.finalise_assessment(session, system, review.id, date(2026, 2, 1))
    session.expire_all()
    kept = assessments.assessment_detail(session, review.id)
    assert [kept.ratings[item.id].rating for item in kept.items] == list(WORKED_RATINGS)
    assert _audit_count(session) == before


def test_finalising_needs_every_item_rated(session, system, review):
    detail = assessments.assessment_detail(session, review.id)
    assessments.save_ratings(session, system, review.id, _ratings(detail, WORKED_RATINGS[:8]))
    with pytest.raises(ValidationError, match="1 of 9 items have no rating yet"):
        assessments.finalise_assessment(session, system, review.id, date(2026, 1, 30))
    assert review.status == AssessmentStatus.DRAFT


def test_a_signed_agreement_refuses_edits_and_stays_as_signed(session, system, signed):
    before = _audit_count(session)
    with pytest.raises(LockedRecord, match="amend it with a reason"):
        agreements.update_draft(session, system, signed.id, {"title": "Changed"},
                                [{"kind": "kpa", "title": "Only one", "weight": 100},
                                 {"kind": "ccr", "title": "One", "weight": 100}])
    session.expire_all()
    assert signed.title == "PA 2025/26: Sipho Nkosi" and len(signed.items) == 9
    assert _audit_count(session) == before


def test_a_draft_is_edited_in_place_and_only_a_signed_agreement_is_assessed(session, system, small_org):
    draft = _agreement(session, system, small_org)
    with pytest.raises(ValidationError, match="only a signed agreement is assessed"):
        assessments.start_assessment(session, system, draft.id, "Mid-year review")
    items = [{"kind": "kpa", "title": "Basic Service Delivery", "weight": 100},
             {"kind": "ccr", "title": "People management", "weight": 100}]
    agreements.update_draft(session, system, draft.id, {"title": "PA revised"}, items)
    detail = agreements.agreement_detail(session, draft.id)
    assert detail.agreement.title == "PA revised"
    assert [(item.title, item.weight) for item in detail.items] == [("Basic Service Delivery", 100),
                                                                    ("People management", 100)]


def test_lists_show_the_current_version_and_its_reviews(session, system, small_org, signed, review):
    amendment = agreements.amend_agreement(session, system, signed.id, "New KPA weights", S56_ITEMS)
    rows = agreements.list_agreements(session, small_org.organisation_id, small_org.year_id)
    assert [(row.employee, row.version, row.status) for row in rows] == [("Sipho Nkosi", 1, AgreementStatus.DRAFT)]
    versions = agreements.agreement_detail(session, amendment.id).versions
    assert [(v.version, v.status) for v in versions] == [(0, AgreementStatus.SIGNED), (1, AgreementStatus.DRAFT)]
    listed = assessments.list_assessments(session, small_org.organisation_id, small_org.year_id)
    assert [(row.employee, row.review_label, row.agreement_id) for row in listed] == [
        ("Sipho Nkosi", "Mid-year review", signed.id)]
    with pytest.raises(ValidationError, match="already exists"):
        assessments.start_assessment(session, system, signed.id, "Mid-year review")


ALLOWED = {
    "start a review": {Role.ADMINISTRATOR, Role.PMS_OFFICER, Role.APPROVER},
    "save ratings": {Role.ADMINISTRATOR, Role.PMS_OFFICER, Role.APPROVER},
    "finalise": {Role.ADMINISTRATOR, Role.APPROVER},
}


def test_permissions_per_role(session, people, signed, review):
    detail = assessments.assessment_detail(session, review.id)
    ratings = _ratings(detail, WORKED_RATINGS)
    calls = {
        "start a review": lambda actor: assessments.start_assessment(session, actor, signed.id, "Annual review"),
        "save ratings": lambda actor: assessments.save_ratings(session, actor, review.id, ratings),
        "finalise": lambda actor: assessments.finalise_assessment(session, actor, review.id, date(2026, 1, 30)),
    }
    for action, call in calls.items():
        for role in set(Role) - ALLOWED[action]:
            with pytest.raises(PermissionDenied):
                call(people[role])
    calls["start a review"](people[Role.PMS_OFFICER])
    calls["save ratings"](people[Role.PMS_OFFICER])
    calls["finalise"](people[Role.APPROVER])
    assert review.status == AssessmentStatus.FINAL
