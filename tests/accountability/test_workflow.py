"""Review workflow rules: reopening with a reason, closed periods, late lists, agreement amendments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from pmsdesk.models import ActualStatus, AgreementStatus, AuditEvent, PerformanceAgreement, Role
from pmsdesk.services import actuals, agreements, years
from pmsdesk.services import people as people_service
from pmsdesk.services.errors import LockedRecord, ValidationError

S56_ITEMS = [{"kind": "kpa", "title": "Basic Service Delivery", "weight": 100},
             {"kind": "ccr", "title": "People management", "weight": 100}]


@pytest.fixture
def approved(session, people, kpi_in_technical, small_org):
    actual = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, small_org.quarter_ids[0],
                                 {"value": 120})
    actuals.submit_actual(session, people[Role.CAPTURER], actual.id)
    actuals.verify_actual(session, people[Role.VERIFIER], actual.id)
    return actuals.approve_actual(session, people[Role.APPROVER], actual.id)


def test_an_approved_value_is_reopened_only_with_a_reason(session, people, approved):
    with pytest.raises(ValidationError, match="reason"):
        actuals.reopen_actual(session, people[Role.PMS_OFFICER], approved.id, "")
    actuals.reopen_actual(session, people[Role.PMS_OFFICER], approved.id, "Auditor found a counting error")
    assert approved.status == ActualStatus.DRAFT and approved.approved_by is None
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == approved.id)
                            .order_by(AuditEvent.id.desc())).first()
    assert event.reason == "Auditor found a counting error"
    assert event.old_values["status"] == "approved" and event.new_values["status"] == "draft"


def test_a_closed_period_refuses_every_change_until_reopened_with_a_reason(session, people, system, approved, small_org):
    q1 = small_org.quarter_ids[0]
    years.close_period(session, people[Role.PMS_OFFICER], q1)
    with pytest.raises(LockedRecord, match="Q1 is closed"):
        actuals.reopen_actual(session, people[Role.PMS_OFFICER], approved.id, "typo")
    with pytest.raises(ValidationError, match="reason"):
        years.reopen_period(session, people[Role.PMS_OFFICER], q1, " ")
    years.reopen_period(session, people[Role.PMS_OFFICER], q1, "Late correction approved by council")
    actuals.reopen_actual(session, people[Role.PMS_OFFICER], approved.id, "typo")


def test_late_submissions_are_listed(session, people, kpi_in_technical, small_org):
    late = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, small_org.quarter_ids[0], {"value": 1})
    actuals.submit_actual(session, people[Role.CAPTURER], late.id, now=datetime(2026, 6, 1, tzinfo=UTC))
    on_time = actuals.save_actual(session, people[Role.CAPTURER], kpi_in_technical.id, small_org.quarter_ids[1],
                                  {"value": 1})
    actuals.submit_actual(session, people[Role.CAPTURER], on_time.id, now=datetime(2026, 1, 5, tzinfo=UTC))
    assert [actual.id for actual in actuals.late_submissions(session, small_org.year_id)] == [late.id]


def test_a_signed_agreement_is_locked_and_an_amendment_keeps_the_old_version(session, people, system, small_org):
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": "Sipho Nkosi"})
    draft = agreements.create_agreement(session, people[Role.PMS_OFFICER], person.id, small_org.year_id,
                                        {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA 2025/26"},
                                        S56_ITEMS)
    signed = agreements.sign_agreement(session, people[Role.APPROVER], draft.id, date(2025, 7, 28), "Parys")
    with pytest.raises(LockedRecord, match="only a draft can be signed"):
        agreements.sign_agreement(session, people[Role.APPROVER], signed.id, date(2025, 7, 29), "Parys")
    with pytest.raises(ValidationError, match="reason"):
        agreements.amend_agreement(session, people[Role.PMS_OFFICER], signed.id, "", S56_ITEMS)
    amended_items = [{"kind": "kpa", "title": "Basic Service Delivery", "weight": 60},
                     {"kind": "kpa", "title": "Financial Viability", "weight": 40},
                     {"kind": "ccr", "title": "People management", "weight": 100}]
    amendment = agreements.amend_agreement(session, people[Role.PMS_OFFICER], signed.id,
                                           "Adjustment budget moved the housing projects", amended_items)
    assert signed.status == AgreementStatus.SIGNED, "still in force until the amendment is signed"
    agreements.sign_agreement(session, people[Role.APPROVER], amendment.id, date(2026, 2, 27), "Parys")
    versions = session.scalars(select(PerformanceAgreement).where(PerformanceAgreement.person_id == person.id)
                               .order_by(PerformanceAgreement.amendment_number)).all()
    assert [(v.amendment_number, v.status) for v in versions] == [
        (0, AgreementStatus.SUPERSEDED), (1, AgreementStatus.SIGNED)]
    assert [item.weight for item in versions[0].items] == [100, 100], "the old version is kept as it was"
    assert versions[1].amendment_reason == "Adjustment budget moved the housing projects"


def test_agreement_weights_must_sum_to_100_per_component(session, system, small_org):
    person = people_service.create_person(session, system, small_org.organisation_id, {"full_name": "A"})
    with pytest.raises(ValidationError, match="items.kpa: weights sum to 90"):
        agreements.create_agreement(session, system, person.id, small_org.year_id,
                                    {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA"},
                                    [{"kind": "kpa", "title": "A", "weight": 90},
                                     {"kind": "ccr", "title": "B", "weight": 100}])
