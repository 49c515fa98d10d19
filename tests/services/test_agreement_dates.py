"""When an agreement was made public, the deadlines as rule-set data, the competency framework, and the
mid-year recommendation: each refusal names the field and leaves the database as it was."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, FinancialYear, PerformanceAgreement, Role
from pmsdesk.scoring import default_rule_set, validate_rule_set
from pmsdesk.scoring.za_competencies import CODE as FRAMEWORK
from pmsdesk.services import agreements, midyear, rule_sets
from pmsdesk.services import people as people_service
from pmsdesk.services.errors import NotFound, PermissionDenied, ValidationError

from .test_agreement_conclusion import ITEMS

TODAY = date(2025, 9, 1)


def _signed(session, system, small_org, name: str = "Anele Mokoena", on: date = date(2025, 7, 28)):
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": name})
    agreement = agreements.create_agreement(session, system, person.id, small_org.year_id,
                                            {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA"}, ITEMS)
    return agreements.sign_agreement(session, system, agreement.id, on, "Parys")


def _events(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


def test_the_day_made_public_is_recorded_once_signed_and_listed_against_its_deadline(session, system, small_org):
    agreement = _signed(session, system, small_org)
    row = agreements.list_agreements(session, small_org.organisation_id, small_org.year_id)[0]
    assert (row.due_on, row.publish_due_on, row.made_public_on) == (date(2025, 7, 31), date(2025, 8, 11), None)
    assert row.is_published_late(TODAY) and not row.is_published_late(date(2025, 8, 11))
    agreements.record_made_public(session, system, agreement.id, date(2025, 8, 8), TODAY)
    row = agreements.list_agreements(session, small_org.organisation_id, small_org.year_id)[0]
    assert row.made_public_on == date(2025, 8, 8) and not row.is_published_late(TODAY)
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.reason == "made public (MFMA s53(3)(b))"


@pytest.mark.parametrize(("day", "field", "words"), [
    (date(2025, 7, 27), "made_public_on", "27 Jul 2025 is before the agreement was signed (28 Jul 2025)"),
    (date(2025, 9, 2), "made_public_on", "02 Sep 2025 is still to come"),
    ("2025-08-08", "made_public_on", "give the day it was made public, e.g. 2025-08-12"),
])
def test_a_wrong_day_is_refused_and_nothing_is_written(session, system, small_org, day, field, words):
    agreement = _signed(session, system, small_org)
    before = _events(session)
    with pytest.raises(ValidationError) as refused:
        agreements.record_made_public(session, system, agreement.id, day, TODAY)
    assert refused.value.problems == {field: words}
    assert session.get(PerformanceAgreement, agreement.id).made_public_on is None and _events(session) == before


def test_a_draft_is_not_made_public_and_a_capturer_may_not_record_it(session, system, small_org, people):
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": "Carla Draft"})
    draft = agreements.create_agreement(session, system, person.id, small_org.year_id,
                                        {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA"}, ITEMS)
    with pytest.raises(ValidationError, match="only a signed agreement is made public"):
        agreements.record_made_public(session, system, draft.id, date(2025, 8, 1), TODAY)
    signed = _signed(session, system, small_org)
    with pytest.raises(PermissionDenied):
        agreements.record_made_public(session, people[Role.CAPTURER], signed.id, date(2025, 8, 1), TODAY)
    assert session.get(PerformanceAgreement, signed.id).made_public_on is None


def test_the_deadlines_are_the_rule_sets_and_a_revision_moves_them(session, system, small_org):
    _signed(session, system, small_org)
    rule_sets.ensure_default_rule_sets(session, system)
    body = rule_sets.get_rule_set(session, "za_s56")["body"]
    body["deadlines"] = {**body["deadlines"], "conclude_months_after_year_start": 2, "publish_days_after_approval": 7}
    rule_sets.edit_rule_set(session, system, "za_s56", {"body": body}, reason="council policy")
    row = agreements.list_agreements(session, small_org.organisation_id, small_org.year_id)[0]
    assert (row.due_on, row.publish_due_on) == (date(2025, 8, 31), date(2025, 8, 4))
    body["deadlines"]["publish_days_after_approval"] = "fourteen"
    with pytest.raises(ValidationError) as refused:
        rule_sets.edit_rule_set(session, system, "za_s56", {"body": body}, reason="typo")
    assert refused.value.problems == {
        "body.deadlines.publish_days_after_approval": "must be a whole number from 0, got 'fourteen'"}


def test_the_competency_framework_has_six_leading_and_six_core_competencies_at_four_levels(session, system):
    framework = default_rule_set(FRAMEWORK)
    validate_rule_set(framework)
    assert "GN 21" in framework["name"] and "17 January 2014" in framework["description"]
    groups = [item["cluster"] for item in framework["body"]["items"]]
    assert groups.count("leading") == 6 and groups.count("core") == 6
    assert [level["name"] for level in framework["body"]["levels"]] == ["Basic", "Competent", "Advanced", "Superior"]
    assert all(item["description"] for item in framework["body"]["items"])
    titles = agreements.competency_titles(session)
    assert titles[:6] == [item["title"] for item in framework["body"]["items"][:6]] and len(titles) == 12
    broken = {**framework, "body": {**framework["body"], "levels": [{"name": "Basic"}, {"name": "Basic"}]}}
    with pytest.raises(Exception, match="body.levels"):
        validate_rule_set(broken)


def test_the_mid_year_recommendation_is_stored_cleared_and_refused_in_words(session, system, small_org, people):
    year = session.get(FinancialYear, small_org.year_id)
    words = "An adjustments budget is recommended: water revenue is 8% below budget."
    assert midyear.save_adjustments_recommendation(session, people[Role.APPROVER], "ZA-T01", year.label,
                                                   f"  {words} ") == words
    assert midyear.adjustments_recommendation(session, "ZA-T01", year.label) == words
    before = _events(session)
    with pytest.raises(ValidationError) as refused:
        midyear.save_adjustments_recommendation(session, system, "ZA-T01", year.label, "x" * 8001)
    assert refused.value.problems == {"adjustments_recommendation": "is 8001 characters long; at most 8000 allowed"}
    with pytest.raises(PermissionDenied, match="takes a PMS officer or an approver"):
        midyear.save_adjustments_recommendation(session, people[Role.VERIFIER], "ZA-T01", year.label, "No")
    with pytest.raises(NotFound, match="ZA-T01 has no financial year 2031/32"):
        midyear.save_adjustments_recommendation(session, system, "ZA-T01", "2031/32", "No")
    assert midyear.adjustments_recommendation(session, "ZA-T01", year.label) == words and _events(session) == before
    assert midyear.save_adjustments_recommendation(session, people[Role.PMS_OFFICER], "ZA-T01", year.label, " ") is None
