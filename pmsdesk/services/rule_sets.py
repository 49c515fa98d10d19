"""Stored scoring rule sets: the shipped defaults, copies and revised versions.

A rule set is never changed in place. An edit stores a new ``revision`` of
the same ``code`` and keeps every earlier one, so a result that names
``za_sdbip`` revision 2 can always be explained. A rule set's id is derived
from its code and revision (:func:`rule_set_id`), so the same rule set has
one identity in every database: the defaults of two independently created
installations are the same rows, and head office can issue rule sets that
offices receive without colliding. Reads return the plain dict
shape the scoring engine takes (``code``, ``revision``, ``kind``, ``name``,
``description``, ``body``); only administrators may write.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pmsdesk.i18n import _
from pmsdesk.models import AuditEvent, RuleSet
from pmsdesk.models.base import LOCAL_OFFICE
from pmsdesk.scoring import DEFAULT_RULE_SETS, RuleSetError, validate_rule_set

from .actor import Actor, Permission
from .errors import NotFound, ValidationError
from .records import add_record, transaction
from .validation import Invalid, text

#: Fields an edit may change; ``code`` and ``kind`` stay what they were.
EDITABLE_FIELDS = ("name", "description", "body")
_CODE_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.-]*")
#: Fixed namespace of rule-set ids (never change it: every database's ids derive from it).
RULE_SET_NAMESPACE = uuid.UUID("6f1d2c1e-5a44-5e0b-9a43-2b1f6c0d7e91")
#: Origin of the rule sets shipped with pmsdesk: the same in every database, claimed by no office.
SHIPPED = "SHIPPED"


def rule_set_id(code: str, revision: int) -> str:
    """The id of rule set ``code`` at ``revision``, the same in every database."""
    return str(uuid.uuid5(RULE_SET_NAMESPACE, f"rule_set:{code}:{int(revision)}"))


def as_engine_rules(record: RuleSet) -> dict[str, Any]:
    """A stored row as the dict the engine takes (a deep copy, safe to edit)."""
    return {
        "code": record.code,
        "revision": record.revision,
        "kind": record.kind,
        "name": record.name,
        "description": record.description,
        "body": copy.deepcopy(record.body),
    }


def _latest_row(session: Session, code: str) -> RuleSet | None:
    return session.scalar(
        select(RuleSet).where(RuleSet.code == code).order_by(RuleSet.revision.desc()).limit(1)
    )


def _known_codes(session: Session) -> list[str]:
    return list(session.scalars(select(RuleSet.code).distinct().order_by(RuleSet.code)))


def ensure_default_rule_sets(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Store each shipped default whose code the database does not hold yet.

    Idempotent: a code that already exists (even if an administrator has
    revised it since) is left alone. Nothing to add needs no permission, so
    any user's session may call this at start-up; adding needs
    ``MANAGE_RULES``. All inserts share one audited transaction. Returns the
    rule sets added (empty when none were missing).
    """
    present = set(_known_codes(session))
    missing = [rules for rules in DEFAULT_RULE_SETS if rules["code"] not in present]
    if not missing:
        return []
    actor.require(Permission.MANAGE_RULES)
    for rules in missing:
        validate_rule_set(rules)  # a broken shipped default is a bug: fail loudly
    with transaction(session):
        added = [
            add_record(session, actor, _row(rules, origin=SHIPPED), reason="shipped default rule set")
            for rules in missing
        ]
    return [as_engine_rules(record) for record in added]


def _row(rules: Mapping[str, Any], *, origin: str = LOCAL_OFFICE) -> RuleSet:
    return RuleSet(
        id=rule_set_id(rules["code"], rules["revision"]), origin_office=origin, code=rules["code"],
        revision=rules["revision"], kind=rules["kind"], name=rules["name"],
        description=rules.get("description"), body=copy.deepcopy(dict(rules["body"])),
    )


def store_rule_set(session: Session, actor: Actor, rules: Mapping[str, Any], *, reason: str) -> dict[str, Any]:
    """Store a new rule set (revision 1 of a code not yet held), checked like any edit."""
    actor.require(Permission.MANAGE_RULES)
    code = _clean_code(rules.get("code"))
    if _latest_row(session, code) is not None:
        raise ValidationError.single("new_code", _("a rule set called {0} already exists").format(code))
    _validate({**rules, "revision": 1})
    with transaction(session):
        record = add_record(session, actor, _row({**rules, "revision": 1}), reason=reason)
    return as_engine_rules(record)


def list_rule_sets(session: Session, *, every_revision: bool = False) -> list[dict[str, Any]]:
    """The latest revision of each stored rule set, by code (or every revision)."""
    query = select(RuleSet)
    if not every_revision:
        latest = (select(RuleSet.code, func.max(RuleSet.revision).label("revision"))
                  .group_by(RuleSet.code).subquery())
        query = query.join(latest, (RuleSet.code == latest.c.code)
                           & (RuleSet.revision == latest.c.revision))
    rows = session.scalars(query.order_by(RuleSet.code, RuleSet.revision))
    return [as_engine_rules(record) for record in rows]


def get_rule_set(session: Session, code: str, revision: int | None = None) -> dict[str, Any]:
    """Rule set ``code`` at ``revision`` (default: the latest) in the engine's shape.

    Raises NotFound naming the codes (or revisions) that do exist.
    """
    if revision is None:
        record = _latest_row(session, code)
    else:
        record = session.scalar(
            select(RuleSet).where(RuleSet.code == code, RuleSet.revision == revision)
        )
    if record is not None:
        return as_engine_rules(record)
    if revision is not None and _latest_row(session, code) is not None:
        revisions = session.scalars(
            select(RuleSet.revision).where(RuleSet.code == code).order_by(RuleSet.revision)
        )
        raise NotFound(_(
                "Rule set {0} has no revision {1}; it has {2}.").format(code, revision, ', '.join(str(r) for r in revisions)))
    known = ", ".join(_known_codes(session)) or "none (run the set-up to store the defaults)"
    raise NotFound(_("No rule set called {0!r}. Stored rule sets: {1}.").format(code, known))


def _clean_code(value: Any) -> str:
    try:
        code = text(60, required=True)(value)
    except Invalid as error:
        raise ValidationError.single("new_code", str(error)) from None
    if not _CODE_PATTERN.fullmatch(code):
        raise ValidationError.single(
            "new_code", _("use lower-case letters, digits, '_', '-' or '.', got {0!r}").format(code))
    return code


def copy_rule_set(session: Session, actor: Actor, code: str, new_code: str,
                  new_name: str) -> dict[str, Any]:
    """Store the latest revision of ``code`` as revision 1 of a new rule set ``new_code``."""
    actor.require(Permission.MANAGE_RULES)
    source = get_rule_set(session, code)
    problems: dict[str, str] = {}
    try:
        clean_code = _clean_code(new_code)
        if _latest_row(session, clean_code) is not None:
            problems["new_code"] = _("a rule set called {0} already exists").format(clean_code)
    except ValidationError as error:
        problems |= error.problems
    try:
        name = text(200, required=True)(new_name)
    except Invalid as error:
        problems["new_name"] = str(error)
    if problems:
        raise ValidationError(problems)
    copied = {**source, "code": clean_code, "revision": 1, "name": name,
              "description": source.get("description")}
    _validate(copied)
    with transaction(session):
        record = add_record(session, actor, _row(copied),
                            reason=f"copied from {code} revision {source['revision']}")
    return as_engine_rules(record)


def _validate(rules: Mapping[str, Any]) -> None:
    try:
        validate_rule_set(rules)
    except RuleSetError as error:
        raise ValidationError.single(error.field, error.message) from None


def edit_rule_set(session: Session, actor: Actor, code: str, changes: Mapping[str, Any],
                  *, reason: str) -> dict[str, Any]:
    """Store a new revision of ``code`` with ``changes`` applied; earlier revisions stay.

    ``changes`` maps ``name``, ``description`` and/or ``body`` to new values;
    a ``body`` replaces the whole body (read it with :func:`get_rule_set`,
    change it, pass it back). The result is checked with the engine's
    ``validate_rule_set``: a problem raises ValidationError naming the field
    (e.g. ``body.bands[2].min``) and nothing is written. Changes that leave
    the rule set as it is store nothing and return the latest revision.
    """
    actor.require(Permission.MANAGE_RULES)
    problems = {
        key: ("cannot change; copy the rule set instead" if key in ("code", "kind", "revision")
              else "is not a field of a rule set")
        for key in changes if key not in EDITABLE_FIELDS
    }
    if problems:
        raise ValidationError(problems)
    if not reason or not str(reason).strip():
        raise ValidationError.single("reason", _("say why the rules change"))
    current = get_rule_set(session, code)
    candidate = {**current, **copy.deepcopy(dict(changes)), "revision": current["revision"] + 1}
    if all(candidate[key] == current[key] for key in EDITABLE_FIELDS):
        return current
    _validate(candidate)
    with transaction(session):
        record = add_record(session, actor, _row(candidate), reason=str(reason).strip())
    return as_engine_rules(record)


@dataclass(frozen=True, slots=True)
class RevisionEntry:
    """One saved revision of a rule set: when, by whom and why."""

    revision: int
    name: str
    saved_at: datetime | None
    saved_by: str | None
    reason: str | None


def rule_set_history(session: Session, code: str) -> list[RevisionEntry]:
    """Every revision of ``code``, newest first, with the audit trail's author and reason."""
    rows = list(session.scalars(select(RuleSet).where(RuleSet.code == code).order_by(RuleSet.revision.desc())))
    if not rows:
        get_rule_set(session, code)  # raises NotFound naming the stored codes
    # Matched by code and revision, not id: events written before ids were derived name the old ids.
    events: dict[Any, AuditEvent] = {}
    for event in session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "rule_set", AuditEvent.action.in_(("create", "import")))
            .order_by(AuditEvent.id)):
        values = event.new_values or {}
        if values.get("code") == code:
            events.setdefault(values.get("revision"), event)
    entries = []
    for row in rows:
        found = events.get(row.revision)
        entries.append(RevisionEntry(row.revision, row.name, found.occurred_at if found else row.updated_at,
                                     found.actor if found else None, found.reason if found else None))
    return entries
