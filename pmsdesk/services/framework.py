"""The strategic framework: organisations, unit tree, plans, objectives, KPAs, programmes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import (
    Kpa,
    KpaScope,
    Organisation,
    OrganisationKind,
    Person,
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
    "region": text(100),
    "postal_address": text(500),
    "contact_line": text(300),
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
        raise ValidationError.single("code", _("an organisation with code {0} already exists").format(code))
    return create_validated(session, actor, Organisation, ORGANISATION_FIELDS, values)


def create_unit(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Unit:
    """Add a directorate, department or unit; a parent must be in the same organisation."""
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    check_parent(session, organisation_id, values.get("parent_id"), None)
    _check_code_free(session, Unit, organisation_id, values.get("code"), "unit")
    check_unit_name_free(session, organisation_id, values.get("name"), None)
    return create_validated(session, actor, Unit, UNIT_FIELDS, values, organisation_id=organisation_id)


def check_parent(session: Session, organisation_id: str, parent_id: str | None, own_id: str | None) -> None:
    """A parent unit must exist in the organisation and must not make a cycle."""
    current = parent_id
    while current is not None:
        parent = session.get(Unit, current)
        if parent is None or parent.organisation_id != organisation_id:
            raise ValidationError.single("parent_id", _("no unit with id {0} in this organisation").format(current))
        if parent.id == own_id:
            raise ValidationError.single("parent_id", _("a unit cannot sit below itself"))
        current = parent.parent_id


def check_unit_name_free(session: Session, organisation_id: str, name: object, own_id: str | None) -> None:
    """Two units of one organisation may not share a name: people pick units by name."""
    if not isinstance(name, str) or not name.strip():
        return
    clash = session.scalar(select(Unit.code).where(
        Unit.organisation_id == organisation_id, func.lower(Unit.name) == name.strip().lower(),
        Unit.id != (own_id or "")))
    if clash:
        raise ValidationError.single("name", _(
                "unit {0} is already called {1}; choose another name").format(clash, name.strip()))


def _check_code_free(session: Session, model: type, organisation_id: str, code: str | None, label: str) -> None:
    if code and session.scalar(
        select(model.id).where(model.organisation_id == organisation_id, model.code == code)
    ):
        raise ValidationError.single("code", _("a {0} with code {1} already exists here").format(label, code))


def create_plan(session: Session, actor: Actor, organisation_id: str, values: Mapping[str, Any]) -> Plan:
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    start, end = values.get("start_year"), values.get("end_year")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        raise ValidationError.single("end_year", _("ends ({0}) before it starts ({1})").format(end, start))
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


@dataclass(frozen=True)
class FrameworkRecord:
    """One unit, plan, objective, KPA or programme as the Plans screen shows and edits it.

    ``kind`` is its ``entities.ENTITY_KINDS`` key; ``parent_id`` places it in
    the tree (a unit's parent unit, an objective's plan); ``values`` holds the
    editable fields; ``version`` is sent back on save to detect someone else's edit.
    """

    kind: str
    id: str
    parent_id: str | None
    label: str
    values: dict[str, Any]
    version: int


#: Kind → (model, editable fields, the column that places it in the tree).
_OUTLINE = {
    "unit": (Unit, UNIT_FIELDS, "parent_id"),
    "plan": (Plan, PLAN_FIELDS, None),
    "strategic_objective": (StrategicObjective, OBJECTIVE_FIELDS, "plan_id"),
    "kpa": (Kpa, KPA_FIELDS, None),
    "programme": (Programme, PROGRAMME_FIELDS, None),
}


def framework_outline(session: Session, organisation_id: str) -> list[FrameworkRecord]:
    """Every framework record of the organisation, each kind ordered by code (plans by start year)."""
    records: list[FrameworkRecord] = []
    for kind, (model, fields, parent_column) in _OUTLINE.items():
        query = select(model)
        if model is StrategicObjective:
            query = query.join(Plan).where(Plan.organisation_id == organisation_id).order_by(model.code)
        else:
            query = query.where(model.organisation_id == organisation_id)
            query = query.order_by(model.start_year, model.title) if model is Plan else query.order_by(model.code)
        for row in session.scalars(query):
            values = {key: getattr(row, key) for key in fields}
            parent = getattr(row, parent_column) if parent_column else None
            records.append(FrameworkRecord(kind, row.id, parent, _label(kind, values), values, row.version))
    return records


def _label(kind: str, values: Mapping[str, Any]) -> str:
    if kind == "plan":
        return f"{values['title']} ({values['start_year']}–{values['end_year']})"
    return f"{values['code']} {values.get('name') or values.get('title')}"


def create_framework_record(
    session: Session, actor: Actor, kind: str, organisation_id: str, parent_id: str | None,
    values: Mapping[str, Any],
) -> FrameworkRecord:
    """Add a record of ``kind`` below ``parent_id`` (a unit's parent unit, an objective's plan)."""
    if kind == "strategic_objective":
        record = create_objective(session, actor, parent_id or "", values)
    elif kind == "unit":
        record = create_unit(session, actor, organisation_id, {**values, "parent_id": parent_id})
    else:
        creators = {"plan": create_plan, "kpa": create_kpa, "programme": create_programme}
        if kind not in creators:
            raise ValidationError.single("kind", _("cannot add a {0} here").format(kind.replace('_', ' ')))
        record = creators[kind](session, actor, organisation_id, values)
    fields = _OUTLINE[kind][1]
    values = {key: getattr(record, key) for key in fields}
    return FrameworkRecord(kind, record.id, parent_id, _label(kind, values), values, record.version)


@dataclass(frozen=True)
class FrameworkChoices:
    """(id, label) pairs a KPI can link to, for the KPI editor's lists."""

    kpas: list[tuple[str, str]]
    objectives: list[tuple[str, str]]
    programmes: list[tuple[str, str]]
    units: list[tuple[str, str]]
    people: list[tuple[str, str]]


def framework_choices(session: Session, organisation_id: str) -> FrameworkChoices:
    outline = framework_outline(session, organisation_id)

    def of(kind: str) -> list[tuple[str, str]]:
        return [(record.id, record.label) for record in outline if record.kind == kind]

    people = session.execute(
        select(Person.id, Person.full_name).where(Person.organisation_id == organisation_id).order_by(Person.full_name)
    )
    return FrameworkChoices(of("kpa"), of("strategic_objective"), of("programme"), of("unit"),
                            [(person_id, name) for person_id, name in people])
