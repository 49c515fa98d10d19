"""People and positions in an organisation (risks have their own service, :mod:`.risks`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from pmsdesk.models import Organisation, Person, Position

from .actor import Actor, Permission
from .errors import ValidationError
from .records import create_validated, get_or_fail
from .validation import flag, reference_id, text

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

