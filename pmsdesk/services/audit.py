"""Writing audit events inside the caller's transaction, chained by SHA-256.

Each event's hash covers its content and the previous event's hash, so a
removed or edited event breaks the chain from that point on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import insert, select, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from pmsdesk.models import AuditEvent, Base, table_of
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


def snapshot_values(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """What :func:`snapshot` gives for a ``model`` record holding ``values`` (by attribute name)."""
    keys = _audited_keys(model)
    found = dict(zip(keys, map(values.get, keys)))
    for key, value in found.items():
        if type(value) not in _PLAIN:
            found[key] = plain(value)
    return found


_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _audited_keys(model: type[Base]) -> tuple[str, ...]:
    return tuple(column.key for column in sa_inspect(model).column_attrs if column.key not in _NOT_AUDITED)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that differ, as (old, new)."""
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _utc_iso(moment: datetime) -> str:
    """UTC without an offset: SQLite hands times back naive, PostgreSQL in its session zone."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat()


def sorted_json_encoder(*, item_separator: str, key_separator: str,
                        default: Callable[[Any], Any] | None = None) -> Callable[[Any], str]:
    """``json.JSONEncoder(sort_keys=True, ensure_ascii=False, ...).encode`` without its per-call cost.

    ``JSONEncoder.encode`` builds a new C encoder on every call, which costs more than encoding
    a small dict; hashing thousands of events or rows wants it built once. Same output.
    """
    python = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=default,
                              separators=(item_separator, key_separator))
    make_encoder = getattr(json.encoder, "c_make_encoder", None)  # private, and None without the C accelerator
    if make_encoder is None:
        return python.encode
    encode = make_encoder(None, python.default, json.encoder.encode_basestring, None,
                                         key_separator, item_separator, True, False, True)
    return lambda value: "".join(encode(value, 0))


#: ``json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)``, built once rather than per event.
_canonical = sorted_json_encoder(item_separator=", ", key_separator=": ", default=str)


def event_hash(previous_hash: str, payload: dict[str, Any]) -> str:
    return _hash_text(previous_hash, _canonical(payload))


@dataclass(frozen=True)
class Change:
    """One audited change, for writing many events at once (:func:`record_events`)."""

    action: str
    entity: str
    entity_id: str
    old: dict[str, Any] | None = None
    new: dict[str, Any] | None = None
    reason: str | None = None


def _event_values(actor: Actor, change: Change, previous_hash: str,
                  moment: tuple[datetime, str] | None = None) -> dict[str, Any]:
    """The columns of the event recording ``change``, chained to ``previous_hash``.

    ``moment`` is the time and its UTC text when many events of one operation share it.
    """
    occurred_at, occurred_text = moment or (now := utcnow(), _utc_iso(now))
    return {
        "occurred_at": occurred_at,
        "actor": actor.username,
        "action": change.action,
        "entity": change.entity,
        "entity_id": change.entity_id,
        "old_values": change.old,
        "new_values": change.new,
        "reason": change.reason,
        "previous_hash": previous_hash,
        "event_hash": _hash_text(previous_hash, _payload_text(occurred_text, actor.username, change)),
    }


_text = json.encoder.encode_basestring  # what _CANONICAL does to a str (ensure_ascii=False)


def _payload_text(occurred_text: str, actor_name: str, change: Change) -> str:
    """``_canonical(payload)`` for an event's payload, built from its parts (keys in sorted order).

    Bulk writers chain thousands of events; encoding only the two value dicts costs half as much.
    A test checks it against ``event_hash`` for every kind of value.
    """
    return (f'{{"action": {_text(change.action)}, "actor": {_text(actor_name)}, "entity": {_text(change.entity)}, '
            f'"entity_id": {_text(change.entity_id)}, "new": {_canonical(change.new)}, '
            f'"occurred_at": {_text(occurred_text)}, "old": {_canonical(change.old)}, '
            f'"reason": {"null" if change.reason is None else _text(change.reason)}}}')


def _hash_text(previous_hash: str, canonical: str) -> str:
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
    change = Change(action, entity, entity_id, old, new, reason)
    event = AuditEvent(**_event_values(actor, change, _chain_head(session)))
    session.add(event)
    session.info[_CHAIN_HEAD] = event.event_hash
    return event


def record_events(session: Session, actor: Actor, changes: Iterable[Change]) -> int:
    """Write one chained event per change, in order, with a single INSERT run; returns how many.

    For bulk writers (an SDBIP import of thousands of KPIs): the events and
    their hashes are exactly those ``record_event`` would write one by one.
    What the session holds is flushed first, so its events come earlier in the chain.
    """
    rows = chained_event_rows(session, actor, changes)
    if rows:
        session.execute(insert(table_of(AuditEvent)), rows)
    return len(rows)


def chained_event_rows(session: Session, actor: Actor, changes: Iterable[Change]) -> list[dict[str, Any]]:
    """The ``audit_event`` rows (without ``id``) recording ``changes``, chained on from the head.

    The caller must insert them, in order, in this transaction: the session now
    counts the last of them as the chain's head. Flushes what the session holds first.
    """
    session.flush()
    head, rows = _chain_head(session), []
    now = utcnow()
    moment = (now, _utc_iso(now))  # one operation, one time: the chain still orders the events
    for change in changes:
        rows.append(_event_values(actor, change, head, moment))
        head = rows[-1]["event_hash"]
    if rows:
        session.info[_CHAIN_HEAD] = head
    return rows


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
