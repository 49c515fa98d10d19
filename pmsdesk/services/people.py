"""People and positions in an organisation (risks have their own service, :mod:`.risks`).

The People screen and the staff-list import edit an official as one thing:
their name and employee number, their post (title, grade, senior manager,
unit), their supervisor, e-mail and the user account that is theirs. Each
person holds a position row of their own. Retiring keeps the person (their
agreements and history stay) but takes them off the lists for new work.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import Organisation, Person, Position, Unit, User

from .actor import Actor, Permission
from .audit import record_event
from .errors import ValidationError
from .records import add_record, change_record, create_validated, get_or_fail, transaction
from .validation import a_date, clean, flag, reference_id, text

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
#: What the People screen and the staff list edit for one official.
OFFICIAL_FIELDS = {
    "full_name": text(200, required=True),
    "employee_number": text(40),
    "email": text(200),
    "position_title": text(200),
    "grade": text(40),
    "is_senior_manager": flag(),
    "unit_id": reference_id(),
    "supervisor_id": reference_id(),
    "username": text(80),
}
#: A person's particulars for appraisal forms (OPRAS TFN 832 section 1); written only when given.
PARTICULARS = {
    "gender": text(20),
    "date_of_birth": a_date(),
    "qualification": text(200),
    "substantive_post": text(200),
    "first_appointed_on": a_date(),
    "post_appointed_on": a_date(),
    "terms_of_service": text(100),
}
OFFICIAL_FIELDS |= PARTICULARS


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
            raise ValidationError.single("position_id", _("no position with id {0} here").format(position_id))
    return create_validated(session, actor, Person, PERSON_FIELDS, values, organisation_id=organisation_id)


@dataclass(frozen=True, slots=True)
class Official:
    """One person as the People screen lists and edits them."""

    id: str
    full_name: str
    employee_number: str | None
    email: str | None
    position_title: str | None
    grade: str | None
    is_senior_manager: bool
    unit_id: str | None
    unit_name: str | None
    supervisor_id: str | None
    supervisor_name: str | None
    username: str | None
    retired_on: date | None
    version: int
    particulars: dict[str, Any] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """The editable fields, as :func:`save_official` takes them."""
        return {key: getattr(self, key) for key in OFFICIAL_FIELDS if key not in PARTICULARS} | {
            key: self.particulars.get(key) for key in PARTICULARS}


def get_official(session: Session, organisation_id: str, person_id: str) -> Official:
    found = list_officials(session, organisation_id, person_id=person_id)
    if not found:
        raise ValidationError.single("person", _("no person with id {0} in this organisation").format(person_id))
    return found[0]


def list_officials(session: Session, organisation_id: str, *, include_retired: bool = True,
                   person_id: str | None = None) -> list[Official]:
    """The organisation's people by name (or the one ``person_id``), each with their post, unit, supervisor, account."""
    supervisor = Person.__table__.alias("supervisor")
    query = (select(Person, Position, Unit.name, supervisor.c.full_name, User.username)
             .outerjoin(Position, Person.position_id == Position.id)
             .outerjoin(Unit, Position.unit_id == Unit.id)
             .outerjoin(supervisor, Person.supervisor_id == supervisor.c.id)
             .outerjoin(User, User.person_id == Person.id)
             .where(Person.organisation_id == organisation_id)
             .order_by(func.lower(Person.full_name), Person.id))
    if not include_retired:
        query = query.where(Person.retired_on.is_(None))
    if person_id is not None:
        query = query.where(Person.id == person_id)
    found: dict[str, Official] = {}
    for person, position, unit_name, supervisor_name, username in session.execute(query):
        if person.id in found:  # a second account linked to one person: show the first
            continue
        found[person.id] = Official(
            person.id, person.full_name, person.employee_number, person.email,
            position.title if position else None, position.grade if position else None,
            bool(position and position.is_senior_manager), position.unit_id if position else None, unit_name,
            person.supervisor_id, supervisor_name, username, person.retired_on, person.version,
            {key: getattr(person, key) for key in PARTICULARS})
    return list(found.values())


def official_problems(session: Session, organisation_id: str, values: Mapping[str, Any],
                      person_id: str | None = None) -> dict[str, str]:
    """Every problem with one official's values, keyed by field (the staff list maps them to columns)."""
    problems: dict[str, str] = {}
    try:
        data = clean({"is_senior_manager": False, **values}, OFFICIAL_FIELDS)
    except ValidationError as error:
        return error.problems
    number = data["employee_number"]
    if number and session.scalar(select(Person.id).where(
            Person.organisation_id == organisation_id, func.lower(Person.employee_number) == number.lower(),
            Person.id != (person_id or ""))):
        problems["employee_number"] = _("employee number {0} already belongs to someone else here").format(number)
    if data["unit_id"]:
        unit = session.get(Unit, data["unit_id"])
        if unit is None or unit.organisation_id != organisation_id:
            problems["unit_id"] = _("no unit with id {0} in this organisation").format(data['unit_id'])
    if data["supervisor_id"]:
        if problem := _supervisor_problem(session, organisation_id, data["supervisor_id"], person_id):
            problems["supervisor_id"] = problem
    if data["username"]:
        user = session.scalar(select(User).where(User.username == data["username"]))
        if user is None:
            problems["username"] = _("no user account called {0}").format(data['username'])
        elif user.person_id is not None and user.person_id != person_id:
            problems["username"] = _("the account {0} already belongs to someone else").format(data['username'])
    if data["position_title"] is None and (data["grade"] or data["is_senior_manager"] or data["unit_id"]):
        problems["position_title"] = _("name the post (e.g. Director: Technical Services) for its grade and unit")
    return problems


def _supervisor_problem(session: Session, organisation_id: str, supervisor_id: str, person_id: str | None) -> str | None:
    """A supervisor must be someone else in the organisation, and no one may end up supervising themselves."""
    current: str | None = supervisor_id
    seen: set[str] = set()
    while current is not None and current not in seen:
        seen.add(current)
        if current == person_id:
            return "this would make the person their own supervisor (directly or through others)"
        boss = session.get(Person, current)
        if boss is None or boss.organisation_id != organisation_id:
            return f"no person with id {current} in this organisation"
        current = boss.supervisor_id
    return None


def save_official(session: Session, actor: Actor, organisation_id: str, person_id: str | None,
                  values: Mapping[str, Any], *, expected_version: int | None = None) -> Official:
    """Add (``person_id`` None) or change an official with their post; audited, one transaction.

    Linking or unlinking a user account needs the right to manage users as well.
    """
    actor.require(Permission.MANAGE_FRAMEWORK)
    get_or_fail(session, Organisation, organisation_id, "organisation")
    person = None
    if person_id is not None:
        person = get_or_fail(session, Person, person_id, "person")
        if person.organisation_id != organisation_id:
            raise ValidationError.single("person", _("this person belongs to another organisation"))
    if problems := official_problems(session, organisation_id, values, person_id):
        raise ValidationError(problems)
    data = clean({"is_senior_manager": False, **values}, OFFICIAL_FIELDS)
    current_user = session.scalar(select(User).where(User.person_id == person_id)) if person_id else None
    if (current_user.username if current_user else None) != data["username"]:
        actor.require(Permission.MANAGE_USERS)
    with transaction(session):
        if person is None:
            person = add_record(session, actor, Person(organisation_id=organisation_id, full_name=data["full_name"]))
        elif expected_version is not None and person.version != expected_version:
            raise ValidationError.single("person", _(
                    "{0} was changed by someone else meanwhile; open the list again to see their "
                    "change").format(person.full_name))
        _save_position(session, actor, organisation_id, person, data)
        change_record(session, actor, person, {key: data[key] for key in
                                               ("full_name", "employee_number", "email", "supervisor_id")}
                      | {key: data[key] for key in PARTICULARS if key in values})
        _link_account(session, actor, person, current_user, data["username"])
    return get_official(session, organisation_id, person.id)


def _save_position(session: Session, actor: Actor, organisation_id: str, person: Person, data: dict) -> None:
    post = {"title": data["position_title"], "grade": data["grade"],
            "is_senior_manager": data["is_senior_manager"], "unit_id": data["unit_id"]}
    if person.position is None and post["title"]:
        position = add_record(session, actor, Position(organisation_id=organisation_id, **post))
        change_record(session, actor, person, {"position_id": position.id})
    elif person.position is not None and post["title"]:
        change_record(session, actor, person.position, post)
    elif person.position is not None:  # the post was cleared: the person holds none
        change_record(session, actor, person, {"position_id": None})


def _link_account(session: Session, actor: Actor, person: Person, current: User | None, username: str | None) -> None:
    if (current.username if current else None) == username:
        return
    if current is not None:
        current.person_id = None
        record_event(session, actor, "unlink person", "user_account", current.id, old={"person_id": person.id})
    if username:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None  # the username was checked above
        user.person_id = person.id
        record_event(session, actor, "link person", "user_account", user.id, new={"person_id": person.id})


def retire_official(session: Session, actor: Actor, person_id: str, retired_on: date, *, reason: str) -> None:
    """Mark an official as gone from ``retired_on``; their history and signed agreements stay."""
    actor.require(Permission.MANAGE_FRAMEWORK)
    person = get_or_fail(session, Person, person_id, "person")
    problems = {}
    if person.retired_on is not None:
        problems["person"] = _("{0} was already retired on {1:%d %b %Y}").format(person.full_name, person.retired_on)
    if not isinstance(retired_on, date):
        problems["retired_on"] = _("give the date the official left")
    if not reason or not reason.strip():
        problems["reason"] = _("say why {0} is retired (e.g. resigned, contract ended)").format(person.full_name)
    if problems:
        raise ValidationError(problems)
    with transaction(session):
        change_record(session, actor, person, {"retired_on": retired_on}, reason=reason.strip())


def reinstate_official(session: Session, actor: Actor, person_id: str, *, reason: str) -> None:
    """Undo a retirement (a mistake, or the official came back)."""
    actor.require(Permission.MANAGE_FRAMEWORK)
    person = get_or_fail(session, Person, person_id, "person")
    if person.retired_on is None:
        raise ValidationError.single("person", _("{0} is not retired").format(person.full_name))
    if not reason or not reason.strip():
        raise ValidationError.single("reason", _("say why {0} is reinstated").format(person.full_name))
    with transaction(session):
        change_record(session, actor, person, {"retired_on": None}, reason=reason.strip())


@dataclass(frozen=True, slots=True)
class OfficialChoices:
    """What the People form offers: units, possible supervisors, and user accounts by name."""

    units: tuple[tuple[str, str], ...]
    people: tuple[tuple[str, str], ...]
    accounts: tuple[tuple[str, str | None], ...]  # (user name, id of the person it belongs to)


def official_choices(session: Session, organisation_id: str) -> OfficialChoices:
    units = session.execute(select(Unit.id, Unit.code, Unit.name).where(Unit.organisation_id == organisation_id)
                            .order_by(Unit.code))
    people = session.execute(select(Person.id, Person.full_name).where(
        Person.organisation_id == organisation_id, Person.retired_on.is_(None)).order_by(func.lower(Person.full_name)))
    accounts = session.execute(select(User.username, User.person_id).where(User.is_active.is_(True))
                               .order_by(User.username))
    return OfficialChoices(tuple((unit_id, f"{code} {name}") for unit_id, code, name in units),
                           tuple((person_id, name) for person_id, name in people),
                           tuple((username, person_id) for username, person_id in accounts))
