"""Updating and deleting framework records: validated, audited, never orphaning other work."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.models import AuditEvent, Kpa, Role, Unit
from pmsdesk.services import entities, framework
from pmsdesk.services.errors import PermissionDenied, ValidationError


def test_renaming_a_unit_is_audited(session, system, small_org):
    entities.update_entity(session, system, "unit", small_org.technical_id, {"name": "Infrastructure Services"})
    assert session.get(Unit, small_org.technical_id).name == "Infrastructure Services"
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.new_values == {"name": "Infrastructure Services"}


def test_a_unit_cannot_be_moved_below_its_own_department(session, system, small_org):
    roads = framework.create_unit(session, system, small_org.organisation_id,
                                  {"code": "TS-R", "name": "Roads", "level": "department",
                                   "parent_id": small_org.technical_id})
    with pytest.raises(ValidationError, match="parent_id: a unit cannot sit below itself"):
        entities.update_entity(session, system, "unit", small_org.technical_id, {"parent_id": roads.id})
    assert session.get(Unit, small_org.technical_id).parent_id is None


def test_a_directorate_with_departments_is_not_deleted(session, system, small_org):
    roads = framework.create_unit(session, system, small_org.organisation_id,
                                  {"code": "TS-R", "name": "Roads", "level": "department",
                                   "parent_id": small_org.technical_id})
    with pytest.raises(ValidationError, match="still used by other records"):
        entities.delete_entity(session, system, "unit", small_org.technical_id, reason="restructuring")
    session.expire_all()
    assert session.get(Unit, small_org.technical_id) is not None
    assert session.get(Unit, roads.id).parent_id == small_org.technical_id


def test_a_kpa_in_use_by_a_kpi_is_not_deleted(session, system, small_org):
    from pmsdesk.services import kpis
    from tests.conftest import number_kpi

    kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01", kpa_id=small_org.kpa_id))
    with pytest.raises(ValidationError, match="the KPA is still used"):
        entities.delete_entity(session, system, "kpa", small_org.kpa_id, reason="merged")
    assert session.get(Kpa, small_org.kpa_id) is not None


def test_an_unused_kpa_is_deleted_with_its_reason_audited(session, system, small_org):
    entities.delete_entity(session, system, "kpa", small_org.kpa_id, reason="duplicate of BSD")
    assert session.get(Kpa, small_org.kpa_id) is None
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.entity, event.reason) == ("delete", "kpa", "duplicate of BSD")


def test_a_delete_needs_a_reason(session, system, small_org):
    with pytest.raises(ValidationError, match="reason"):
        entities.delete_entity(session, system, "kpa", small_org.kpa_id, reason=" ")


def test_an_unknown_kind_is_named(session, system):
    with pytest.raises(ValidationError, match="unknown record kind 'ward'"):
        entities.update_entity(session, system, "ward", "x", {})


def test_a_capturer_cannot_change_the_framework(session, people, small_org):
    with pytest.raises(PermissionDenied):
        entities.update_entity(session, people[Role.CAPTURER], "unit", small_org.technical_id, {"name": "Mine"})


def test_plan_years_must_stay_in_order(session, system, small_org):
    plan = framework.create_plan(session, system, small_org.organisation_id,
                                 {"kind": "idp", "title": "IDP 2022–2027", "start_year": 2022, "end_year": 2027})
    with pytest.raises(ValidationError, match="end_year: ends \\(2020\\) before it starts \\(2022\\)"):
        entities.update_entity(session, system, "plan", plan.id, {"end_year": 2020})
