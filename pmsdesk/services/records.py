"""The one way services write rows: in a transaction, with an audit event per change."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from pmsdesk.i18n import _
from pmsdesk.models import Base, table_of

from .actor import Actor
from .audit import Change, changed_fields, record_event, record_events, snapshot, snapshot_values
from .edit_conflicts import edit_conflict
from .errors import DatabaseBusy, NotFound, ValidationError

RecordT = TypeVar("RecordT", bound=Base)


#: session.info key of an open unit_of_work: _OPEN, or _IN_SAVEPOINT while a block's savepoint is open.
_UNIT_OF_WORK = "pmsdesk.unit_of_work"
_OPEN, _IN_SAVEPOINT = "open", "in savepoint"


@contextmanager
def _undo_on_error(undo) -> Iterator[None]:
    """Call ``undo`` when the block fails and say what went wrong in the services' terms.

    A database constraint that still fires (the services check first) becomes
    a ValidationError; a lock held by another program past the busy timeout
    becomes DatabaseBusy; saving over someone else's newer save becomes
    EditConflict. Anything else is re-raised as it is.
    """
    try:
        yield
    except IntegrityError as error:
        undo()
        raise ValidationError.single("record", _("conflicts with existing data ({0})").format(error.orig)) from error
    except OperationalError as error:
        undo()
        if "locked" in str(error.orig) or "busy" in str(error.orig):
            raise DatabaseBusy() from error
        raise
    except StaleDataError as error:
        undo()
        raise edit_conflict(error) from error
    except BaseException:
        undo()
        raise


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """Commit what the block wrote, or roll all of it back if anything fails.

    Inside :func:`unit_of_work` the outermost such block is a savepoint
    instead (blocks nested in it join it): a failure undoes that block only,
    and nothing is committed until the unit ends.
    """
    state = session.info.get(_UNIT_OF_WORK)
    if state == _IN_SAVEPOINT:
        yield session
        return
    if state == _OPEN:
        session.info[_UNIT_OF_WORK] = _IN_SAVEPOINT
        savepoint = session.begin_nested()
        try:
            with _undo_on_error(lambda: savepoint.is_active and savepoint.rollback()):
                yield session
                savepoint.commit()
        finally:
            session.info[_UNIT_OF_WORK] = _OPEN
        return
    with _undo_on_error(session.rollback):
        yield session
        session.commit()


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Run many service calls as one all-or-nothing transaction (e.g. a whole workbook import).

    Each ``transaction()`` block opened directly in the unit (a service call,
    or a caller's block grouping several calls, such as one workbook row)
    becomes a savepoint. When it fails, its writes are undone and its error
    raised: let the error leave the unit and everything is rolled back; catch
    it and carry on and the other blocks' writes are kept. Commits once, when
    the unit ends without an error. Units do not nest.
    """
    if session.info.get(_UNIT_OF_WORK):
        raise RuntimeError(_("a unit of work is already open on this session"))
    _begin_for_savepoints(session)
    session.info[_UNIT_OF_WORK] = _OPEN
    try:
        with _undo_on_error(session.rollback):
            yield session
            session.commit()
    finally:
        session.info.pop(_UNIT_OF_WORK, None)


def _begin_for_savepoints(session: Session) -> None:
    """Open the database transaction now, so savepoints nest inside it.

    The sqlite3 driver only issues BEGIN before the first INSERT/UPDATE; a
    SAVEPOINT issued earlier would start (and its RELEASE commit) a transaction
    of its own, escaping the rollback of the unit.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver_connection = connection.connection.dbapi_connection
        if driver_connection is not None and not driver_connection.in_transaction:
            # IMMEDIATE: take the write lock now, waiting (busy timeout) for another writer to finish.
            # A deferred BEGIN would read first and then fail at once, without waiting, if someone
            # else committed meanwhile (SQLite cannot upgrade a stale read snapshot).
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            except OperationalError as error:
                raise DatabaseBusy() from error


def entity_name(record: Base) -> str:
    return type(record).__tablename__


def get_or_fail(session: Session, model: type[RecordT], record_id: Any, what: str) -> RecordT:
    record = session.get(model, record_id) if record_id is not None else None
    if record is None:
        raise NotFound(_("No {0} with id {1}.").format(what, record_id))
    return record


def id_of(record: Base) -> str:
    """The record's id as its audit events name it: its primary key (one column on every audited table)."""
    identity = sa_inspect(record).identity
    if identity is None or len(identity) != 1:
        raise ValueError(f"{type(record).__name__} has no single saved id to audit it by")  # not translated
    return str(identity[0])


def add_record(session: Session, actor: Actor, record: RecordT, *, reason: str | None = None) -> RecordT:
    """Insert a record and audit it (caller commits via ``transaction``)."""
    session.add(record)
    session.flush()
    record_event(
        session, actor, "create", entity_name(record), id_of(record), new=snapshot(record), reason=reason
    )
    return record


def add_records(session: Session, actor: Actor, records: list[RecordT]) -> list[RecordT]:
    """Insert several records with one flush; audited one event each, as ``add_record`` would."""
    session.add_all(records)
    session.flush()
    for record in records:
        record_event(session, actor, "create", entity_name(record), id_of(record), new=snapshot(record),
                     flush=False)
    return records


def new_row(model: type[RecordT], **values: Any) -> dict[str, Any]:
    """A new ``model`` row as plain values: what is not given takes its column default (a fresh id).

    Every column is present, so rows of one model can be inserted together by :func:`add_rows`.
    """
    fixed, computed = _column_defaults(model)
    row = dict(fixed)
    for name, make in computed:
        if name not in values:
            row[name] = make(None)
    row.update((name, value) for name, value in values.items() if name in fixed)
    return row


@cache
def _column_defaults(model: type[Base]) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """Every column with its fixed default (None if it has none), in column order; and the computed defaults."""
    fixed, computed = {}, []
    for prop in sa_inspect(model).column_attrs:
        default = prop.columns[0].default
        fixed[prop.key] = None if default is None or default.is_callable else default.arg
        if default is not None and default.is_callable:
            computed.append((prop.key, default.arg))
    return fixed, tuple(computed)


def add_rows(session: Session, actor: Actor, rows: list[tuple[type[Base], dict[str, Any]]]) -> None:
    """Insert many new rows (from :func:`new_row`) with one INSERT run per model, audited as ``add_record`` would.

    For bulk writers, inside the caller's ``transaction``: the models are inserted
    in the order they first appear (give parents first), and the audit events
    follow ``rows`` in order. The rows bypass the session: nothing of them is in
    its identity map.
    """
    by_model: dict[type[Base], list[dict[str, Any]]] = {}
    for model, values in rows:
        by_model.setdefault(model, []).append(values)
    session.flush()
    for model, batch in by_model.items():
        session.execute(insert(table_of(model)), batch)
    from .scored_results import note_rows  # imports the scorecard, which imports this module

    note_rows(session, rows)  # their KPIs are scored again before the transaction commits
    record_events(session, actor, [Change("create", model.__tablename__, str(values["id"]),
                                          new=snapshot_values(model, values)) for model, values in rows])


def change_record(
    session: Session,
    actor: Actor,
    record: RecordT,
    changes: Mapping[str, Any],
    *,
    reason: str | None = None,
) -> RecordT:
    """Apply ``changes`` and audit only the fields that really changed."""
    before = snapshot(record)
    for key, value in changes.items():
        setattr(record, key, value)
    session.flush()
    old, new = changed_fields(before, snapshot(record))
    if new:
        record_event(session, actor, "update", entity_name(record), id_of(record), old=old, new=new, reason=reason)
    return record


def remove_record(session: Session, actor: Actor, record: Base, *, reason: str | None = None) -> None:
    before = snapshot(record)
    session.delete(record)
    session.flush()
    record_event(session, actor, "delete", entity_name(record), str(before.get("id")), old=before, reason=reason)


def create_validated(
    session: Session,
    actor: Actor,
    model: type[RecordT],
    fields: Mapping[str, Any],
    values: Mapping[str, Any],
    **fixed: Any,
) -> RecordT:
    """Validate ``values`` against ``fields`` and insert one audited record in a transaction."""
    from .validation import clean

    data = clean(values, fields)
    with transaction(session):
        return add_record(session, actor, model(**fixed, **data))


def update_validated(
    session: Session,
    actor: Actor,
    record: RecordT,
    fields: Mapping[str, Any],
    changes: Mapping[str, Any],
    *,
    reason: str | None = None,
) -> RecordT:
    """Validate only the changed fields and apply them in one audited transaction."""
    from .validation import clean

    data = clean(changes, fields, partial=True)
    with transaction(session):
        return change_record(session, actor, record, data, reason=reason)
