"""The strategic framework: organisations, unit tree, plans, objectives, KPAs, programmes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import (
    Kpa,
    KpaScope,
    Organisation,
    OrganisationKind,
    Plan,
    PlanKind,
    Programme,
    StrategicObjective,
    Unit,
    UnitLevel,
)

from .actor import Actor, Permission
from .errors import ValidationError
from .records import create_validated, get_or_fail
from .validation import choice, flag, integer, number, reference_id, text

ORGANISATION_FIELDS = {
    "code": text(40, required=True),
    "name": text(200, required=True),
    "kind": choice(OrganisationKind),
    "country": text(2, required=True),
    "year_start_month": integer(minimum=1, maximum=12),
    "reports_monthly": flag(),
}
UNIT_FIELDS = {
    "code": text(40, required=True),
    "name": text(200, required=True),
    "level": choice(UnitLevel),
    "parent_id": reference_id(),
}
PLAN_FIELDS = {
    "kind": choice(PlanKind),
    "title": text(300, required=True),
    "start_year": integer(minimum=1990, maximum=2100),
    "end_year": integer(minimum=1990, maximum=2100),
}
OBJECTIVE_FIELDS = {"code": text(40, required=True), "title": text(2000, required=True)}
KPA_FIELDS = {
    "code": text(40, required=True),
    "name": text(200, required=True),
    "scope": choice(KpaScope),
    "weight": number(minimum=0, maximum=100),
}
PROGRAMME_FIELDS = {
    "code": text(40, required=True),
    "name": text(300, required=True),
    "plan_id": reference_id(),
    "unit_id": reference_id(),
    "is_project": flag(),
    "budget": number(minimum=0),
}


def create_organisation(session: Session, actor: Actor, values: Mapping[str, Any]) -> Organisation:
    actor.require(Permission.MANAGE_FRAMEWORK)
    values = {"year_start_month": 7, "reports_monthly": False, **values}
    code = values.get("code")
    if code and session.scalar(select(Organisation.id).where(Organisation.code == code)):
        raise ValidationError.single("code", f"an organisation with code {code} already exists")
    return create_validated(session, actor, Organisation, ORGANISATION_FIELDS, values)


def create_unit(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Unit:
    """Add a directorate, department or unit; a parent must be in the same organisation."""
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    check_parent(session, organisation_id, values.get("parent_id"), None)
    _check_code_free(session, Unit, organisation_id, values.get("code"), "unit")
    return create_validated(session, actor, Unit, UNIT_FIELDS, values, organisation_id=organisation_id)


def check_parent(session: Session, organisation_id: str, parent_id: str | None, own_id: str | None) -> None:
    """A parent unit must exist in the organisation and must not make a cycle."""
    current = parent_id
    while current is not None:
        parent = session.get(Unit, current)
        if parent is None or parent.organisation_id != organisation_id:
            raise ValidationError.single("parent_id", f"no unit with id {current} in this organisation")
        if parent.id == own_id:
            raise ValidationError.single("parent_id", "a unit cannot sit below itself")
        current = parent.parent_id


def _check_code_free(session: Session, model: type, organisation_id: str, code: str | None, label: str) -> None:
    if code and session.scalar(
        select(model.id).where(model.organisation_id == organisation_id, model.code == code)
    ):
        raise ValidationError.single("code", f"a {label} with code {code} already exists here")


def create_plan(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Plan:
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    start, end = values.get("start_year"), values.get("end_year")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        raise ValidationError.single("end_year", f"ends ({end}) before it starts ({start})")
    return create_validated(session, actor, Plan, PLAN_FIELDS, values, organisation_id=organisation_id)


def create_objective(
    session: Session, actor: Actor, plan_id: str, values: Mapping[str, Any]
) -> StrategicObjective:
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Plan, plan_id, "plan")
    return create_validated(session, actor, StrategicObjective, OBJECTIVE_FIELDS, values, plan_id=plan_id)


def create_kpa(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Kpa:
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    _check_code_free(session, Kpa, organisation_id, values.get("code"), "KPA")
    return create_validated(session, actor, Kpa, KPA_FIELDS, values, organisation_id=organisation_id)


def create_programme(
    session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]
) -> Programme:
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    _check_code_free(session, Programme, organisation_id, values.get("code"), "programme")
    values = {"is_project": False, **values}
    return create_validated(session, actor, Programme, PROGRAMME_FIELDS, values, organisation_id=organisation_id)
