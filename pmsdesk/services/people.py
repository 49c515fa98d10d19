"""People and positions, and the risks officials record against KPIs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.models import Kpi, Organisation, Person, Position, Risk

from .actor import Actor, Permission
from .errors import ValidationError
from .records import create_validated, get_or_fail
from .validation import flag, integer, reference_id, text

POSITION_FIELDS = {
    "title": text(200, required=True),
    "unit_id": reference_id(),
    "grade": text(40),
    "is_senior_manager": flag(),
}
PERSON_FIELDS = {
    "full_name": text(200, required=True),
    "position_id": reference_id(),
    "employee_number": text(40),
    "email": text(200),
    "notes": text(4000),
}
RISK_FIELDS = {
    "title": text(300, required=True),
    "description": text(4000),
    "kpi_id": reference_id(),
    "likelihood": integer(minimum=1, maximum=5),
    "impact": integer(minimum=1, maximum=5),
    "mitigation": text(4000),
    "owner_person_id": reference_id(),
    "is_open": flag(),
}


def create_position(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Position:
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    values = {"is_senior_manager": False, **values}
    return create_validated(session, actor, Position, POSITION_FIELDS, values, organisation_id=organisation_id)


def create_person(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Person:
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    position_id = values.get("position_id")
    if position_id is not None:
        position = session.get(Position, position_id)
        if position is None or position.organisation_id != organisation_id:
            raise ValidationError.single("position_id", f"no position with id {position_id} here")
    return create_validated(session, actor, Person, PERSON_FIELDS, values, organisation_id=organisation_id)


def create_risk(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Risk:
    """Record a risk; linked to a KPI, it follows that KPI's unit for permissions."""
    get_or_fail(session, Organisation, organisation_id, "organisation")
    kpi_id = values.get("kpi_id")
    unit_id = None
    if kpi_id is not None:
        kpi = session.get(Kpi, kpi_id)
        if kpi is None or kpi.organisation_id != organisation_id:
            raise ValidationError.single("kpi_id", f"no KPI with id {kpi_id} in this organisation")
        unit_id = kpi.responsible_unit_id
    actor.require(Permission.MANAGE_RISKS, unit_id)
    values = {"is_open": True, **values}
    return create_validated(session, actor, Risk, RISK_FIELDS, values, organisation_id=organisation_id)
