"""Version vectors per row: how an installation tells a newer version from a concurrent one.

A clock maps office code to a count of that office's changes to the row. A
local edit is noticed by comparing the row's hash with the one stored with
its clock, whichever service made it, and counts as one change by this office.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from pmsdesk.models import SyncRowClock, table_of

from .bulk import insert_rows, present

Clock = dict[str, int]
CHUNK = 900


def clock_text(clock: Clock) -> str:
    return _clock_text(tuple(clock.items()))


@lru_cache(maxsize=4096)
def _clock_text(items: tuple[tuple[str, int], ...]) -> str:
    """Most rows of a package share a handful of clocks: each is written out once."""
    return json.dumps(dict(items), sort_keys=True, separators=(",", ":"))


def merged(left: Clock, right: Clock) -> Clock:
    return {office: max(left.get(office, 0), right.get(office, 0)) for office in {*left, *right}}


def compare(incoming: Clock, local: Clock) -> str:
    """'equal', 'newer' (incoming descends from local), 'older' or 'concurrent'."""
    offices = {*incoming, *local}
    ahead = any(incoming.get(office, 0) > local.get(office, 0) for office in offices)
    behind = any(incoming.get(office, 0) < local.get(office, 0) for office in offices)
    if ahead and behind:
        return "concurrent"
    return "newer" if ahead else "older" if behind else "equal"


@dataclass
class ClockEntry:
    entity: str
    row_hash: str
    clock: Clock
    change_number: int
    source_peer: str | None
    stored: bool = False
    dirty: bool = False


class ClockBook:
    """The clocks one sync operation reads and writes, flushed in bulk at the end."""

    def __init__(self, session: Session, office: str) -> None:
        self.session = session
        self.office = office
        self.entries: dict[str, ClockEntry] = {}
        self.last_change = session.scalar(select(func.max(SyncRowClock.change_number))) or 0

    def load(self, row_ids: Iterable[str]) -> None:
        wanted = list(present(self.session, table_of(SyncRowClock).c.row_id,
                              (row_id for row_id in row_ids if row_id not in self.entries)))
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            for record in self.session.execute(select(SyncRowClock).where(SyncRowClock.row_id.in_(chunk))).scalars():
                self.entries[record.row_id] = ClockEntry(
                    record.entity, record.row_hash, json.loads(record.clock), record.change_number,
                    record.source_peer, stored=True)

    def observe(self, entity: str, row_id: str, digest: str) -> ClockEntry:
        """The clock of a local row as it is now: a changed hash counts one change by this office."""
        entry = self.entries.get(row_id)
        if entry is None:
            entry = self.entries[row_id] = ClockEntry(entity, digest, {self.office: 1}, self._next(), None)
            entry.dirty = True
        elif entry.row_hash != digest:
            entry.clock = {**entry.clock, self.office: entry.clock.get(self.office, 0) + 1}
            entry.row_hash, entry.change_number, entry.source_peer = digest, self._next(), None
            entry.dirty = True
        return entry

    def record(self, entity: str, row_id: str, digest: str, clock: Clock, source_peer: str | None) -> None:
        """Remember the version now in the table after applying or merging an incoming one."""
        entry = self.entries.get(row_id)
        if entry is None:
            entry = self.entries[row_id] = ClockEntry(entity, digest, clock, 0, source_peer)
        entry.row_hash, entry.clock, entry.source_peer = digest, clock, source_peer
        entry.change_number, entry.dirty = self._next(), True

    def tick(self, row_id: str, clock: Clock) -> Clock:
        return {**clock, self.office: clock.get(self.office, 0) + 1}

    def flush(self) -> None:
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for row_id, entry in self.entries.items():
            if not entry.dirty:
                continue
            values = {"row_id": row_id, "entity": entry.entity, "row_hash": entry.row_hash,
                      "clock": clock_text(entry.clock), "change_number": entry.change_number,
                      "source_peer": entry.source_peer}
            (changed if entry.stored else new).append(values)
            entry.stored, entry.dirty = True, False
        if new:
            insert_rows(self.session, table_of(SyncRowClock), new)
        if changed:
            table = table_of(SyncRowClock)
            statement = update(table).where(table.c.row_id == bindparam("b_row_id")).values(
                row_hash=bindparam("b_row_hash"), clock=bindparam("b_clock"),
                change_number=bindparam("b_change_number"), source_peer=bindparam("b_source_peer"))
            self.session.connection().execute(statement, [
                {f"b_{key}": value for key, value in values.items() if key != "entity"} for values in changed])

    def _next(self) -> int:
        self.last_change += 1
        return self.last_change
