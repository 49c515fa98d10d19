"""The service-provider register: recording, editing and quarterly assessment, each checked and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, Role, ServiceProvider, ServiceProviderAssessment
from pmsdesk.services import service_providers as providers
from pmsdesk.services.actor import Actor, Permission, RoleGrant
from pmsdesk.services.edit_conflicts import EditConflict
from pmsdesk.services.errors import PermissionDenied, ValidationError


def refuse_service(**overrides) -> dict:
    return {"name": "Thabo Waste Removal (Pty) Ltd", "services": "Refuse collection in wards 1 to 9",
            "contract_reference": "T12/2025", "contract_value": 4_850_000, "start_date": "2025-07-01",
            "end_date": "2027-06-30", **overrides}


@pytest.fixture
def waste(session, system, small_org):
    return providers.create_service_provider(
        session, system, small_org.organisation_id, refuse_service(responsible_unit_id=small_org.technical_id))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def assessment(small_org, quarter: int = 1, **overrides) -> dict:
    return {"period_id": small_org.quarter_ids[quarter - 1], "rating": 4, "comment": "Collected on schedule",
            "assessed_by": "N. Dlamini, Manager Waste", "assessed_on": "2025-10-08", **overrides}


def test_a_provider_is_recorded_audited_and_listed_with_its_directorate(session, system, small_org, waste):
    rows = providers.list_service_providers(session, system, small_org.organisation_id, small_org.year_id)
    assert [(row.name, row.contract_reference, row.unit_name, row.contract_value) for row in rows] == [
        ("Thabo Waste Removal (Pty) Ltd", "T12/2025", "Technical Services", 4_850_000.0)]
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "service_provider")).one()
    assert event.action == "create" and event.new_values["name"] == "Thabo Waste Removal (Pty) Ltd"


def test_every_wrong_field_is_named_and_nothing_is_written(session, system, small_org):
    before = count(session, ServiceProvider), count(session, AuditEvent)
    with pytest.raises(ValidationError) as refused:
        providers.create_service_provider(session, system, small_org.organisation_id, refuse_service(
            name=" ", contract_value=-5, start_date="1 July", responsible_person_id="nobody"))
    assert set(refused.value.problems) == {"name", "contract_value", "start_date"}
    with pytest.raises(ValidationError) as refused:
        providers.create_service_provider(session, system, small_org.organisation_id, refuse_service(
            end_date="2025-06-30", responsible_person_id="nobody"))
    assert refused.value.problems["end_date"] == "is 2025-06-30, before the contract starts on 2025-07-01"
    assert "no official" in refused.value.problems["responsible_person_id"]
    with pytest.raises(ValidationError) as refused:
        providers.create_service_provider(session, system, small_org.organisation_id, refuse_service())
        providers.create_service_provider(session, system, small_org.organisation_id, refuse_service(name="Copy"))
    assert refused.value.problems == {
        "contract_reference": "T12/2025 is already the contract of Thabo Waste Removal (Pty) Ltd"}
    before = count(session, ServiceProvider), count(session, AuditEvent)
    assert (count(session, ServiceProvider), count(session, AuditEvent)) == before


def test_a_contract_outside_the_year_is_not_listed_for_it(session, system, small_org, waste):
    providers.create_service_provider(session, system, small_org.organisation_id, refuse_service(
        name="Old Roads CC", contract_reference="T01/2020", start_date="2020-07-01", end_date="2023-06-30"))
    listed = providers.list_service_providers(session, system, small_org.organisation_id, small_org.year_id)
    assert [row.name for row in listed] == ["Thabo Waste Removal (Pty) Ltd"]
    assert len(providers.list_service_providers(session, system, small_org.organisation_id)) == 2


def test_an_edit_is_audited_and_a_stale_one_refused(session, system, waste):
    providers.update_service_provider(session, system, waste.id, {"contract_value": 5_100_000}, expected_version=1)
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity == "service_provider")
                            .order_by(AuditEvent.id.desc())).first()
    assert event.old_values == {"contract_value": 4_850_000.0} and event.new_values == {"contract_value": 5_100_000.0}
    with pytest.raises(EditConflict):
        providers.update_service_provider(session, system, waste.id, {"name": "Other"}, expected_version=1)
    with pytest.raises(ValidationError) as refused:
        providers.update_service_provider(session, system, waste.id, {"end_date": "2024-01-01"}, expected_version=2)
    assert "end_date" in refused.value.problems


def test_quarterly_assessments_are_listed_in_the_scale_words_and_a_second_one_corrects_the_quarter(
        session, system, small_org, waste):
    providers.assess_service_provider(session, system, waste.id, assessment(small_org))
    providers.assess_service_provider(session, system, waste.id, assessment(
        small_org, 2, rating=2, comment="Missed collections in ward 4",
        corrective_action="Penalty applied; recovery plan by 31 January", assessed_on="2026-01-10"))
    providers.assess_service_provider(session, system, waste.id, assessment(small_org, rating=5))
    row = providers.list_service_providers(session, system, small_org.organisation_id, small_org.year_id)[0]
    assert [(found.quarter, found.rating_words) for found in row.assessments] == [(1, "5 Excellent"), (2, "2 Poor")]
    assert row.assessment_of(2).corrective_action == "Penalty applied; recovery plan by 31 January"
    assert count(session, ServiceProviderAssessment) == 2
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "service_provider_assessment")
                              .order_by(AuditEvent.id)).all()
    assert actions == ["create", "create", "update"]


def test_a_bad_assessment_is_refused_with_each_problem_named(session, system, small_org, waste):
    with pytest.raises(ValidationError) as refused:
        providers.assess_service_provider(session, system, waste.id, assessment(
            small_org, rating=7, assessed_by="", assessed_on="2025-06-01"))
    assert set(refused.value.problems) == {"rating", "assessed_by"}
    assert "1 Very poor" in refused.value.problems["rating"] and "5 Excellent" in refused.value.problems["rating"]
    with pytest.raises(ValidationError) as refused:
        providers.assess_service_provider(session, system, waste.id, assessment(
            small_org, rating=1, assessed_on="2025-06-01"))
    assert refused.value.problems["assessed_on"].startswith("is 2025-06-01, before")
    assert refused.value.problems["corrective_action"].startswith("is required for a rating of 1 Very poor")
    with pytest.raises(ValidationError) as refused:
        providers.assess_service_provider(session, system, waste.id, assessment(small_org, period_id="no-such"))
    assert "period_id" in refused.value.problems
    assert count(session, ServiceProviderAssessment) == 0


def test_only_those_who_manage_providers_there_may_write(session, people, small_org, waste):
    reader = people[Role.READ_ONLY]
    assert providers.list_service_providers(session, reader, small_org.organisation_id)
    for role in (Role.READ_ONLY, Role.CAPTURER, Role.VERIFIER, Role.APPROVER):
        with pytest.raises(PermissionDenied):
            providers.assess_service_provider(session, people[role], waste.id, assessment(small_org))
    providers.assess_service_provider(session, people[Role.PMS_OFFICER], waste.id, assessment(small_org))
    finance_officer = Actor("bto_officer", (RoleGrant(Role.PMS_OFFICER, small_org.finance_id),), {
        Permission.READ: frozenset({small_org.finance_id}),
        Permission.MANAGE_SERVICE_PROVIDERS: frozenset({small_org.finance_id})})
    with pytest.raises(PermissionDenied):
        providers.update_service_provider(session, finance_officer, waste.id, {"name": "X"}, expected_version=1)
    providers.create_service_provider(session, finance_officer, small_org.organisation_id, refuse_service(
        name="Meter Readers CC", contract_reference="T30/2025", responsible_unit_id=small_org.finance_id))
    with pytest.raises(PermissionDenied):
        providers.create_service_provider(session, finance_officer, small_org.organisation_id, refuse_service())


def test_the_scale_is_the_sdbip_rule_sets_and_an_edited_scale_rates_from_then_on(session, system, small_org, waste):
    from pmsdesk.scoring import default_rule_set
    from pmsdesk.services import rule_sets

    shipped = default_rule_set("za_sdbip")
    assert "no national one was found" in shipped["description"]
    body = {**shipped["body"], "service_provider_scale": {"best": 4, "worst": 1, "labels": {
        "1": "Unacceptable", "2": "Needs improvement", "3": "Acceptable", "4": "Exceeds the contract"}}}
    rule_sets.ensure_default_rule_sets(session, system)
    rule_sets.edit_rule_set(session, system, "za_sdbip", {"body": body}, reason="Council's contract policy")
    assert providers.rating_scale(session).points == [4, 3, 2, 1]
    with pytest.raises(ValidationError) as refused:
        providers.assess_service_provider(session, system, waste.id, assessment(small_org, rating=5))
    assert "4 Exceeds the contract" in refused.value.problems["rating"]
    providers.assess_service_provider(session, system, waste.id, assessment(small_org, rating=4))
    with pytest.raises(ValidationError) as refused:
        rule_sets.edit_rule_set(session, system, "za_sdbip", {"body": {**body, "service_provider_scale": {
            "best": 4, "worst": 4}}}, reason="typo")
    assert "service_provider_scale" in str(refused.value)


def test_a_report_reads_one_directorates_providers_as_known_on_its_day(session, system, small_org, waste):
    from datetime import date

    from pmsdesk.models import FinancialYear

    providers.create_service_provider(session, system, small_org.organisation_id, refuse_service(
        name="Meter Readers CC", contract_reference="T30/2025", responsible_unit_id=small_org.finance_id))
    providers.assess_service_provider(session, system, waste.id, assessment(small_org))
    year = session.get(FinancialYear, small_org.year_id)
    rows = providers.register_rows(session, small_org.organisation_id, year, unit_id=small_org.technical_id)
    assert [(row.name, len(row.assessments)) for row in rows] == [("Thabo Waste Removal (Pty) Ltd", 1)]
    earlier = providers.register_rows(session, small_org.organisation_id, year, as_of=date(2025, 10, 7))
    assert [(row.name, row.assessments) for row in earlier] == [
        ("Meter Readers CC", ()), ("Thabo Waste Removal (Pty) Ltd", ())]
