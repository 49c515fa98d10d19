"""The framework as the Plans screen reads and changes it: outline, adding below a parent, stale edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pmsdesk.models import Kpa, Role, StrategicObjective, Unit
from pmsdesk.services import entities, framework, kpis
from pmsdesk.services.edit_conflicts import EditConflict
from pmsdesk.services.errors import PermissionDenied, ValidationError
from tests.conftest import number_kpi


def test_the_outline_places_objectives_under_their_plan(session, system, small_org):
    plan = framework.create_plan(session, system, small_org.organisation_id,
                                 {"kind": "idp", "title": "IDP", "start_year": 2022, "end_year": 2027})
    framework.create_framework_record(session, system, "strategic_objective", small_org.organisation_id,
                                      plan.id, {"code": "SO1", "title": "Clean water for every household"})
    outline = {record.label: record for record in framework.framework_outline(session, small_org.organisation_id)}
    assert outline["SO1 Clean water for every household"].parent_id == plan.id
    assert outline["IDP (2022–2027)"].kind == "plan"
    assert outline["TS Technical Services"].values["level"] == "directorate"


def test_a_department_is_added_below_its_directorate(session, system, small_org):
    record = framework.create_framework_record(session, system, "unit", small_org.organisation_id,
                                               small_org.technical_id,
                                               {"code": "TS-W", "name": "Water", "level": "department"})
    assert session.get(Unit, record.id).parent_id == small_org.technical_id


def test_an_objective_needs_a_plan(session, system, small_org):
    with pytest.raises(Exception, match="No plan"):
        framework.create_framework_record(session, system, "strategic_objective", small_org.organisation_id,
                                          None, {"code": "SO1", "title": "Water"})
    assert session.scalar(select(StrategicObjective.id)) is None


def test_a_stale_edit_is_refused_and_changes_nothing(session, system, small_org):
    version = session.get(Unit, small_org.technical_id).version
    entities.update_entity(session, system, "unit", small_org.technical_id, {"name": "Infrastructure"},
                           expected_version=version)
    with pytest.raises(EditConflict, match="Someone else saved this unit"):
        entities.update_entity(session, system, "unit", small_org.technical_id, {"name": "Engineering"},
                               expected_version=version)
    assert session.get(Unit, small_org.technical_id).name == "Infrastructure"


def test_deleting_a_unit_with_kpis_names_what_uses_it(session, system, small_org):
    kpis.create_kpi(session, system, small_org.year_id, number_kpi("TS01", responsible_unit_id=small_org.technical_id))
    with pytest.raises(ValidationError, match=r"still used by other records \(1 KPI and 1 user role\);"):
        entities.delete_entity(session, system, "unit", small_org.technical_id, reason="restructured")
    assert session.get(Unit, small_org.technical_id) is not None


def test_a_read_only_user_cannot_add_to_the_framework(session, people, small_org):
    with pytest.raises(PermissionDenied):
        framework.create_framework_record(session, people[Role.READ_ONLY], "kpa", small_org.organisation_id, None,
                                          {"code": "LED", "name": "Local Economic Development", "scope": "national"})
    assert session.scalar(select(Kpa.id).where(Kpa.code == "LED")) is None


def test_choices_list_what_a_kpi_can_link_to(session, system, small_org):
    choices = framework.framework_choices(session, small_org.organisation_id)
    assert choices.kpas == [(small_org.kpa_id, "BSD Basic Service Delivery")]
    assert [label for _id, label in choices.units] == ["BTO Budget and Treasury", "TS Technical Services"]
