"""KPI services: validation that names the field, permissions, audit, revisions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, Kpi, Role
from pmsdesk.services import kpis
from pmsdesk.services.errors import NotFound, PermissionDenied, ValidationError
from tests.conftest import number_kpi


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_creating_a_kpi_writes_it_and_one_audit_event(session, system, small_org):
    kpi = kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01", weight=10))
    assert session.get(Kpi, kpi.id).reference == "TS01"
    event = session.scalar(select(AuditEvent).where(AuditEvent.entity_id == kpi.id))
    assert event.action == "create" and event.actor == "tester"
    assert event.new_values["reference"] == "TS01" and event.new_values["weight"] == 10


def test_every_invalid_field_is_named_in_one_error(session, system, small_org):
    values = number_kpi("", weight=150, measure_type="colour", annual_target="lots")
    with pytest.raises(ValidationError) as caught:
        kpis.create_kpi(session, system, small_org.year_id, values)
    problems = caught.value.problems
    assert problems["reference"] == "is required"
    assert "at most 100" in problems["weight"]
    assert "must be one of number, percentage" in problems["measure_type"]
    assert "must be a number, got 'lots'" in problems["annual_target"]
    assert _count(session, Kpi) == 0


def test_an_unknown_field_is_refused_rather_than_dropped(session, system, small_org):
    with pytest.raises(ValidationError, match="anual_target: is not a field"):
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01", anual_target=3))


def test_a_duplicate_reference_names_the_clash_and_writes_nothing(session, system, small_org):
    kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01"))
    events_before = _count(session, AuditEvent)
    with pytest.raises(ValidationError, match="reference: TS01 is already used"):
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01"))
    assert _count(session, Kpi) == 1
    assert _count(session, AuditEvent) == events_before


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"calculation_type": "reverse_stand_alone"}, "direction", "must be 'lower'"),
        ({"measure_type": "yes_no"}, "direction", "must be 'milestone'"),
        ({"direction": "milestone"}, "measure_type", "yes/no, a date or a text milestone"),
        ({"calculation_type": "zero", "direction": "lower", "annual_target": 5}, "annual_target", "target of 0"),
        ({"measure_type": "percentage", "annual_target": -5}, "annual_target", "cannot be negative"),
    ],
)
def test_fields_that_contradict_each_other_are_refused(session, system, small_org, overrides, field, fragment):
    with pytest.raises(ValidationError) as caught:
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01", **overrides))
    assert fragment in caught.value.problems[field]


def test_a_unit_from_another_organisation_is_refused(session, system, small_org):
    with pytest.raises(ValidationError, match="responsible_unit_id: no unit with id nope"):
        kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01", responsible_unit_id="nope"))


def test_updating_audits_only_what_changed(session, system, kpi_in_technical):
    kpis.update_kpi(session, system, kpi_in_technical.id, {"annual_target": 500, "name": kpi_in_technical.name},
                    reason="adjustment budget")
    event = session.scalars(select(AuditEvent).where(AuditEvent.entity_id == kpi_in_technical.id)
                            .order_by(AuditEvent.id.desc())).first()
    assert event.action == "update"
    assert event.old_values == {"annual_target": 400.0} and event.new_values == {"annual_target": 500.0}
    assert event.reason == "adjustment budget"


def test_an_update_is_checked_against_the_fields_it_keeps(session, system, kpi_in_technical):
    with pytest.raises(ValidationError, match="direction: must be 'lower'"):
        kpis.update_kpi(session, system, kpi_in_technical.id, {"calculation_type": "reverse_stand_alone"})
    assert session.get(Kpi, kpi_in_technical.id).calculation_type.value == "accumulative"


def test_a_missing_kpi_is_reported(session, system):
    with pytest.raises(NotFound, match="No KPI with id missing"):
        kpis.update_kpi(session, system, "missing", {"name": "x"})


@pytest.mark.parametrize("role", [Role.CAPTURER, Role.VERIFIER, Role.APPROVER, Role.READ_ONLY])
def test_only_kpi_managers_may_create_kpis(session, people, small_org, role):
    with pytest.raises(PermissionDenied, match="may not manage KPIs"):
        kpis.create_kpi(session, people[role], small_org.year_id, number_kpi("TS09"))
    assert _count(session, Kpi) == 0


def test_a_pms_officer_may_create_kpis(session, people, small_org):
    kpi = kpis.create_kpi(session, people[Role.PMS_OFFICER], small_org.year_id, number_kpi("TS09"))
    assert kpi.reference == "TS09"


def test_revising_a_target_needs_a_reason_and_keeps_the_original(session, system, small_org, kpi_in_technical):
    q2 = small_org.quarter_ids[1]
    kpis.set_period_target(session, system, kpi_in_technical.id, q2, {"value": 100})
    with pytest.raises(ValidationError, match="revision_reason"):
        kpis.set_period_target(session, system, kpi_in_technical.id, q2, {"value": 80})
    target = kpis.set_period_target(session, system, kpi_in_technical.id, q2, {"value": 80},
                                    revision_reason="Adjustment budget cut the allocation")
    assert (target.value, target.original_value) == (80.0, 100.0)
    assert target.revision_reason == "Adjustment budget cut the allocation" and target.revised_on is not None


def test_a_period_of_another_year_is_refused_for_a_target(session, system, small_org, kpi_in_technical):
    from pmsdesk.services import years

    next_year = years.create_financial_year(session, system, small_org.organisation_id, 2026)
    other = years.quarters(session, next_year.id)[0]
    with pytest.raises(ValidationError, match="not in the KPI's financial year"):
        kpis.set_period_target(session, system, kpi_in_technical.id, other.id, {"value": 1})


def test_a_kpi_with_actuals_cannot_be_deleted(session, system, small_org, kpi_in_technical):
    from pmsdesk.services import actuals

    actuals.save_actual(session, system, kpi_in_technical.id, small_org.quarter_ids[0], {"value": 90})
    with pytest.raises(ValidationError, match="deactivate it"):
        kpis.delete_kpi(session, system, kpi_in_technical.id, reason="duplicate")
    assert session.get(Kpi, kpi_in_technical.id) is not None


def test_deleting_a_kpi_removes_its_targets_and_is_audited(session, system, small_org, kpi_in_technical):
    kpis.set_period_target(session, system, kpi_in_technical.id, small_org.quarter_ids[0], {"value": 100})
    kpis.delete_kpi(session, system, kpi_in_technical.id, reason="captured twice")
    assert session.get(Kpi, kpi_in_technical.id) is None
    deletes = session.scalars(select(AuditEvent).where(AuditEvent.action == "delete")).all()
    assert {event.entity for event in deletes} == {"kpi", "kpi_target"}
    assert all(event.reason == "captured twice" for event in deletes)
