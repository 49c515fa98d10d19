"""Deciding, row by row, what an incoming version does to the local one.

Version vectors tell the cases apart:
- incoming older or equal: nothing to do (this is what makes re-imports harmless);
- incoming newer (its sender had seen our version): it replaces ours, except that a
  verified/approved actual or a signed agreement is never replaced by a lower
  workflow state; that refusal is queued as a conflict and ours is re-sent;
- concurrent (both changed since they last synchronised): both versions go to the
  conflict queue and the one with precedence (``rows.precedence``) stays in the
  table meanwhile. Every installation picks the same one, so offices converge
  while a person decides.

A row's holder (the office of its organisation, see ``ownership.py``) has the last
word on it: a version from the holder replaces one changed here by anyone else,
whatever its workflow state, and the local version waits in the conflict queue.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from pmsdesk.models import EvidenceContent, SyncConflict, table_of
from pmsdesk.models.base import new_uuid, utcnow
from pmsdesk.services.audit import Change

from .bulk import insert_rows, present
from .clocks import CHUNK, ClockBook, compare, merged
from .incoming import IncomingRow
from .ownership import Holders
from .reader import VerifiedPackage
from .rows import (
    BOOKKEEPING,
    PROTECTED_RANK,
    plain_row,
    precedence,
    rank,
    row_hash,
    same_data,
    tables_by_name,
)

CONCURRENT = "changed here and at {peer} since they last synchronised"
#: What the audit event of a row a package inserts holds: the digest of the exact version received
#: (``rows.row_hash``) and the fields a person reads in the history (``SHOWN_ON_INSERT``). The other
#: values are the row's own and every later change names its fields, old and new, so the version
#: received can be rebuilt and checked against the digest; copying every field of a million rows into
#: the trail would make consolidation about twice as slow.
ROW_HASH = "row_hash"
SHOWN_ON_INSERT: dict[str, tuple[str, ...]] = {
    "kpi": ("reference", "name"),
    "kpi_target": ("period_id", "value", "value_date", "value_text"),
    "period_actual": ("period_id", "value", "value_date", "value_text", "status"),
    "evidence_file": ("original_name",),
}
EVIDENCE_BATCH_BYTES = 32 * 2**20
PROTECTED = "a {state} record here is never replaced by a {incoming} one from {peer}"


class Merger:
    """Applies one package's rows inside the caller's transaction."""

    def __init__(self, session: Session, office: str, peer: str, package_id: str, holders: Holders, *,
                 reason: str) -> None:
        self.session, self.peer, self.package_id, self.holders = session, peer, package_id, holders
        #: Why the rows changed, as each audit event says: the sending office and package.
        self.reason = reason
        self.book = ClockBook(session, office)
        self.conflicts: list[dict[str, Any]] = []
        self.replaced: list[str] = []
        #: One audit change per row inserted or changed here, written by the caller in the same transaction.
        self.changes: list[Change] = []

    def add_evidence(self, package: VerifiedPackage) -> int:
        digests = list(package.evidence)
        present: set[str] = set()
        for start in range(0, len(digests), CHUNK):
            chunk = digests[start:start + CHUNK]
            present.update(self.session.scalars(select(EvidenceContent.sha256).where(EvidenceContent.sha256.in_(chunk))))
        batch: list[dict[str, Any]] = []
        batch_bytes = added = 0
        for digest, content in package.evidence_contents(d for d in digests if d not in present):
            batch.append({"sha256": digest, "size": len(content), "data": content})
            batch_bytes += len(content)
            added += 1
            if batch_bytes > EVIDENCE_BATCH_BYTES:
                self.session.execute(insert(table_of(EvidenceContent)), batch)
                batch, batch_bytes = [], 0
        if batch:
            self.session.execute(insert(table_of(EvidenceContent)), batch)
        return added

    def apply_table(self, table_name: str, rows: list[IncomingRow]) -> dict[str, int]:
        table = tables_by_name()[table_name]
        local = self._local_rows(table, [row.id for row in rows])
        self.book.load(row.id for row in rows)
        counts = {"inserted": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
        inserts: list[IncomingRow] = []
        updates: list[dict[str, Any]] = []
        for row in rows:
            mine = local.get(row.id)
            if mine is None:
                inserts.append(row)
                self.book.record(table_name, row.id, row.digest, row.clock, self.peer)
                counts["inserted"] += 1
                continue
            entry = self.book.observe(table_name, row.id, row_hash(mine))
            relation = compare(row.clock, entry.clock)
            from_holder = self.holders.held_by(row.id, self.peer)
            if relation == "older" or (relation == "equal" and row.digest == entry.row_hash):
                counts["unchanged"] += 1
            elif relation == "newer":
                if not from_holder and rank(table_name, mine) >= PROTECTED_RANK \
                        and rank(table_name, row.plain) < rank(table_name, mine):
                    reason = PROTECTED.format(state=mine.get("status"), incoming=row.plain.get("status"), peer=self.peer)
                    self._conflict(row, mine, reason, kept="local")
                    clock = self.book.tick(row.id, merged(row.clock, entry.clock))
                    self.book.record(table_name, row.id, entry.row_hash, clock, None)
                    counts["conflicts"] += 1
                else:
                    updates.append(self._update_values(row, mine))
                    self.book.record(table_name, row.id, row.digest, row.clock, self.peer)
                    self.replaced.append(row.id)
                    counts["updated"] += 1
            else:
                incoming_wins = from_holder or \
                    precedence(table_name, row.plain, row.digest) > precedence(table_name, mine, entry.row_hash)
                if not same_data(mine, row.plain):
                    self._conflict(row, mine, CONCURRENT.format(peer=self.peer),
                                   kept="incoming" if incoming_wins else "local")
                    counts["conflicts"] += 1
                else:
                    counts["updated" if incoming_wins else "unchanged"] += 1
                if incoming_wins:
                    updates.append(self._update_values(row, mine))
                if from_holder:  # exactly the holder's version now: the change made here waits in the queue
                    self.book.record(table_name, row.id, row.digest, row.clock, self.peer)
                else:
                    clock = merged(row.clock, entry.clock)
                    self.book.record(table_name, row.id, row.digest if incoming_wins else entry.row_hash, clock, None)
        self.changes += [Change("create", table_name, row.id, new=_inserted(table_name, row), reason=self.reason)
                         for row in inserts]
        if inserts:
            insert_rows(self.session, table, [row.values for row in _parents_first(table, inserts)])
        if updates:
            columns = [column.name for column in table.columns if column.name != "id"]
            statement = update(table).where(table.c.id == bindparam("b_id")).values(
                {column: bindparam(f"b_{column}") for column in columns})
            self.session.connection().execute(statement, updates)
        return counts

    def finish(self) -> None:
        self.book.flush()
        conflicts = table_of(SyncConflict)
        now = utcnow()
        for start in range(0, len(self.replaced), CHUNK):
            chunk = self.replaced[start:start + CHUNK]
            self.session.execute(
                update(conflicts).where(conflicts.c.row_id.in_(chunk), conflicts.c.status == "open")
                .values(status="superseded", resolved_at=now, resolved_by=self.peer,
                        resolution=f"replaced by a later version from {self.peer} that had seen both"))
        if self.conflicts:
            self.session.execute(insert(conflicts), self.conflicts)

    def _local_rows(self, table, ids: list[str]) -> dict[str, dict[str, Any]]:
        ids = list(present(self.session, table.c.id, ids))
        found = {}
        for start in range(0, len(ids), CHUNK):
            for row in self.session.execute(select(table).where(table.c.id.in_(ids[start:start + CHUNK]))):
                plain = plain_row(table, row)
                found[plain["id"]] = plain
        return found

    def _update_values(self, row: IncomingRow, mine: dict[str, Any]) -> dict[str, Any]:
        self.changes.append(_update_change(row, mine, self.reason))
        values = {f"b_{column}": value for column, value in row.values.items()}
        # ``version`` is this database's lock counter: it must move so an open edit goes stale.
        values["b_version"] = max(mine["version"], row.values["version"]) + 1
        return values

    def _conflict(self, row: IncomingRow, mine: dict[str, Any], reason: str, kept: str) -> None:
        self.conflicts.append({
            "id": new_uuid(), "entity": row.table, "row_id": row.id, "peer_office": self.peer,
            "package_id": self.package_id, "reason": reason, "local_values": mine,
            "incoming_values": row.plain, "kept": kept, "status": "open", "detected_at": utcnow(),
        })


def _inserted(table_name: str, row: IncomingRow) -> dict[str, Any]:
    """An inserted row's audit values: its digest and the fields its history shows, as received."""
    shown = {key: row.plain[key] for key in SHOWN_ON_INSERT.get(table_name, ()) if row.plain.get(key) is not None}
    return {ROW_HASH: row.digest, **shown}


def _update_change(row: IncomingRow, mine: dict[str, Any], reason: str) -> Change:
    """The fields an incoming version changes here, old and new."""
    old, new = {}, {}
    for key, after in row.plain.items():
        before = mine.get(key)
        if key not in BOOKKEEPING and after != before:
            old[key], new[key] = before, after
    return Change("update", row.table, row.id, old=old, new=new, reason=reason)


def _parents_first(table, rows: list[IncomingRow]) -> list[IncomingRow]:
    """Order rows so a row pointing at another of the same table comes after it."""
    self_refs = [column.name for column in table.columns
                 if any(fk.column.table is table for fk in column.foreign_keys)]
    if not self_refs:
        return rows
    pending = {row.id: row for row in rows}
    ordered: list[IncomingRow] = []
    while pending:
        ready = [row for row in pending.values()
                 if all(row.values[column] not in pending or row.values[column] == row.id for column in self_refs)]
        if not ready:  # a cycle: leave the rest to the deferred foreign-key check
            ready = list(pending.values())
        for row in ready:
            ordered.append(pending.pop(row.id))
    return ordered
