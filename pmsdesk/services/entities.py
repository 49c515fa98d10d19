"""Updating and deleting framework records (units, plans, KPAs, people …) one way.

Each kind names its fields, the permission it needs and any rule that ties
fields together; a delete that other records still depend on is refused with
a message instead of cascading away someone's work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import Base, Kpa, Person, Plan, Position, Programme, StrategicObjective, Unit

from . import framework, people
from .actor import Actor, Permission
from .edit_conflicts import RECORD_WORDS, EditConflict
from .errors import ValidationError
from .records import entity_name, get_or_fail, remove_record, transaction, update_validated
from .validation import Coerce

Check = Callable[[Session, Any, Mapping[str, Any]], None]


def _unit_parent(session: Session, unit: Unit, changes: Mapping[str, Any]) -> None:
    if "parent_id" in changes:
        framework.check_parent(session, unit.organisation_id, changes["parent_id"], unit.id)
    if "name" in changes:
        framework.check_unit_name_free(session, unit.organisation_id, changes["name"], unit.id)


def _plan_years(_session: Session, plan: Plan, changes: Mapping[str, Any]) -> None:
    start, end = changes.get("start_year", plan.start_year), changes.get("end_year", plan.end_year)
    if isinstance(start, int) and isinstance(end, int) and end < start:
        raise ValidationError.single("end_year", _("ends ({0}) before it starts ({1})").format(end, start))


@dataclass(frozen=True)
class EntityKind:
    model: type[Base]
    label: str
    fields: Mapping[str, Coerce]
    permission: Permission
    check: Check | None = None


ENTITY_KINDS: dict[str, EntityKind] = {
    "unit": EntityKind(Unit, "unit", framework.UNIT_FIELDS, Permission.MANAGE_FRAMEWORK, _unit_parent),
    "plan": EntityKind(Plan, "plan", framework.PLAN_FIELDS, Permission.MANAGE_FRAMEWORK, _plan_years),
    "strategic_objective": EntityKind(
        StrategicObjective, "strategic objective", framework.OBJECTIVE_FIELDS, Permission.MANAGE_FRAMEWORK
    ),
    "kpa": EntityKind(Kpa, "KPA", framework.KPA_FIELDS, Permission.MANAGE_FRAMEWORK),
    "programme": EntityKind(Programme, "programme", framework.PROGRAMME_FIELDS, Permission.MANAGE_FRAMEWORK),
    "position": EntityKind(Position, "position", people.POSITION_FIELDS, Permission.MANAGE_FRAMEWORK),
    "person": EntityKind(Person, "person", people.PERSON_FIELDS, Permission.MANAGE_FRAMEWORK),
}


def _kind(name: str) -> EntityKind:
    if name not in ENTITY_KINDS:
        raise ValidationError.single("kind", _("unknown record kind {0!r}; one of {1}").format(name, ', '.join(ENTITY_KINDS)))
    return ENTITY_KINDS[name]


def update_entity(
    session: Session, actor: Actor, kind: str, record_id: str, changes: Mapping[str, Any], *,
    reason: str | None = None, expected_version: int | None = None,
):
    """Change some fields of a framework record; all problems are reported together.

    ``expected_version`` is the version the caller's form was filled from: if
    someone saved the record since, ``EditConflict`` is raised and nothing changes.
    """
    entity = _kind(kind)
    actor.require(entity.permission)
    record = get_or_fail(session, entity.model, record_id, entity.label)
    if expected_version is not None and record.version != expected_version:
        raise EditConflict(entity_name(record))
    if entity.check is not None:
        entity.check(session, record, changes)
    return update_validated(session, actor, record, entity.fields, changes, reason=reason)


def delete_entity(session: Session, actor: Actor, kind: str, record_id: str, *, reason: str) -> None:
    """Delete a record nothing else depends on; otherwise refuse and keep everything."""
    entity = _kind(kind)
    actor.require(entity.permission)
    record = get_or_fail(session, entity.model, record_id, entity.label)
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say why the {0} is deleted").format(entity.label))
    try:
        with session.no_autoflush, transaction(session):
            remove_record(session, actor, record, reason=reason.strip())
    except ValidationError:
        users = _records_using(session, record)
        raise ValidationError.single(
            "id", _(
                    "the {0} is still used by other records{1}; move or "
                    "remove those first").format(entity.label, f' ({users})' if users else '')
        ) from None


def _records_using(session: Session, record: Base) -> str:
    """'12 KPIs and 2 units': the rows whose foreign keys point at ``record``, counted per table."""
    table = type(record).__table__
    counts: list[str] = []
    for other in Base.metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table is not table:
                continue
            count = session.scalar(select(func.count()).select_from(other).where(key.parent == record.id)) or 0
            if count:
                word = RECORD_WORDS.get(other.name, other.name.replace("_", " "))
                counts.append(f"{count} {word}{'' if count == 1 else 's'}")
    return " and ".join(filter(None, [", ".join(counts[:-1]), counts[-1]])) if counts else ""
