"""What a session has committed so far, for the window's change notices and its busy-retry.

The window's background work tells open screens which tables changed, and
runs work again after a locked database only while it has committed nothing;
both need to watch a session's commits, which is SQLAlchemy's business and so
lives here, outside pmsdesk/ui.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

#: The table an INSERT, UPDATE or DELETE statement writes to.
_WRITTEN_TABLE = re.compile(r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass
class Writes:
    """What a piece of work has committed so far: the tables, and how many commits."""

    tables: set[str] = field(default_factory=set)
    commits: int = 0


def watch_writes(session: Session) -> Writes:
    """The tables that ``session`` commits rows to, filled in as it commits (nothing after a rollback)."""
    pending: set[str] = set()
    writes = Writes()
    committed = writes.tables

    def flushed(flushing: Session, *_context: Any) -> None:
        for record in (*flushing.new, *flushing.dirty, *flushing.deleted):
            table = getattr(record, "__tablename__", None)
            if table:
                pending.add(table)

    def executed(state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            pending.add(getattr(table, "name", None) or "*")

    def sql_executed(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if found := _WRITTEN_TABLE.match(statement):  # SQL sent as it is (a package's rows go in in bulk)
            pending.add(found.group(1))

    def began(_session: Session, _transaction: Any, connection: Any) -> None:
        if not event.contains(connection, "before_cursor_execute", sql_executed):
            event.listen(connection, "before_cursor_execute", sql_executed)

    def after_commit(_session: Session) -> None:
        committed.update(pending)
        pending.clear()
        writes.commits += 1

    event.listen(session, "after_begin", began)
    event.listen(session, "before_flush", flushed)
    event.listen(session, "do_orm_execute", executed)
    event.listen(session, "after_commit", after_commit)
    event.listen(session, "after_rollback", lambda _session: pending.clear())
    return writes
