"""Writing audit events inside the caller's transaction, chained by SHA-256.

Each event's hash covers its content and the previous event's hash, so a
removed or edited event breaks the chain from that point on.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import event as sa_event
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pmsdesk.models import AuditEvent, Base
from pmsdesk.models.base import utcnow

from .actor import Actor

GENESIS_HASH = "0" * 64
_NOT_AUDITED = {"version", "updated_at", "password_hash", "data"}


def plain(value: Any) -> Any:
    """A JSON-friendly form of a column value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(record: Base) -> dict[str, Any]:
    """The audited column values of a mapped object (secrets and bookkeeping left out)."""
    mapper = sa_inspect(record).mapper
    return {
        column.key: plain(getattr(record, column.key))
        for column in mapper.column_attrs
        if column.key not in _NOT_AUDITED
    }


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that differ, as (old, new)."""
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _utc_iso(moment: datetime) -> str:
    """UTC without an offset: SQLite hands times back naive, PostgreSQL in its session zone."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat()


def event_hash(previous_hash: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((previous_hash + canonical).encode("utf-8")).hexdigest()


def record_event(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str,
    *,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    reason: str | None = None,
    flush: bool = True,
) -> AuditEvent:
    """Add one chained audit event to the session (committed with the change it records).

    ``flush=False`` skips writing what is pending first: for a caller that has
    just flushed the records it audits and adds several events in a row.
    """
    if flush:
        session.flush()
    previous_hash = _chain_head(session)
    occurred_at = utcnow()
    payload = {
        "occurred_at": _utc_iso(occurred_at),
        "actor": actor.username,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "old": old,
        "new": new,
        "reason": reason,
    }
    event = AuditEvent(
        occurred_at=occurred_at,
        actor=actor.username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        old_values=old,
        new_values=new,
        reason=reason,
        previous_hash=previous_hash,
        event_hash=event_hash(previous_hash, payload),
    )
    session.add(event)
    session.info[_CHAIN_HEAD] = event.event_hash
    return event


_CHAIN_HEAD = "pmsdesk.audit_chain_head"
#: Any 64-bit number, the same in every pmsdesk: PostgreSQL serialises chain writers on it.
_CHAIN_LOCK = 7_366_937_105_203_419_977


def _chain_head(session: Session) -> str:
    """The hash the next event chains to.

    Read once per transaction, then remembered: the transaction that wrote an
    event holds the write lock (SQLite) or the advisory lock (PostgreSQL), so
    no one else can extend the chain until it ends. Any commit or rollback,
    including of a savepoint, forgets it (see the listeners below).
    """
    head = session.info.get(_CHAIN_HEAD)
    if head is not None:
        return head
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    previous = session.scalar(select(AuditEvent.event_hash).order_by(AuditEvent.id.desc()).limit(1))
    return previous or GENESIS_HASH


@sa_event.listens_for(Session, "after_commit")
@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_chain_head(session: Session, *_args: Any) -> None:
    session.info.pop(_CHAIN_HEAD, None)


def first_broken_link(session: Session) -> AuditEvent | None:
    """The first event whose hash does not follow from its content and predecessor, if any."""
    previous_hash = GENESIS_HASH
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        payload = {
            "occurred_at": _utc_iso(event.occurred_at),
            "actor": event.actor,
            "action": event.action,
            "entity": event.entity,
            "entity_id": event.entity_id,
            "old": event.old_values,
            "new": event.new_values,
            "reason": event.reason,
        }
        if event.previous_hash != previous_hash or event.event_hash != event_hash(previous_hash, payload):
            return event
        previous_hash = event.event_hash
    return None
