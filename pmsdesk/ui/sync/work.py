"""The sync screen's database work, run inside ``Operations.run``; results come back frozen.

No Qt here: each function takes the work's session and calls the sync services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.sync.apply import import_package
from pmsdesk.sync.conflicts import open_conflicts, resolve_conflict
from pmsdesk.sync.export import export_package
from pmsdesk.sync.keys import device_key, office_code
from pmsdesk.ui.widgets.status import file_size
from pmsdesk.wording import count_of


@dataclass(frozen=True)
class ConflictRow:
    """One open conflict as the table shows it."""

    id: str
    entity: str
    row_id: str
    peer_office: str
    reason: str
    kept: str
    detected: str


@dataclass(frozen=True)
class SyncState:
    """What the screen shows on opening: who this office is, and what waits for a decision.

    ``setup_problem`` says why the office cannot sync yet (no office code, unreadable key).
    """

    office: str | None
    fingerprint: str | None
    setup_problem: str | None
    conflicts: tuple[ConflictRow, ...]


@dataclass(frozen=True)
class PackageResult:
    """One line of the results list: what a package export or import did, or why it was refused."""

    file: str
    message: str
    refused: bool = False


def load_state(session: Session, actor: Actor) -> SyncState:
    office = fingerprint = problem = None
    try:
        office = office_code(session)
        fingerprint = device_key(session).fingerprint
    except ServiceError as error:
        problem = str(error)
    return SyncState(office, fingerprint, problem, conflict_rows(session, actor))


def conflict_rows(session: Session, actor: Actor) -> tuple[ConflictRow, ...]:
    return tuple(
        ConflictRow(c.id, c.entity, c.row_id, c.peer_office, c.reason, c.kept,
                    c.detected_at.strftime("%Y-%m-%d %H:%M") if c.detected_at else "")
        for c in open_conflicts(session, actor)
    )


def export(session: Session, actor: Actor, receiver: str, out: str | Path, full: bool) -> PackageResult:
    """Write the next package for ``receiver``; a refusal is returned, not raised."""
    name = Path(out).name
    try:
        summary = export_package(session, actor, device_key(session), receiver, out, full=full)
    except ServiceError as error:
        session.rollback()
        return PackageResult(name, f"{name}: not exported. {error}", refused=True)
    rows = sum(summary.counts.values())
    kind = "full package" if summary.full else "package"
    return PackageResult(name, f"{name}: {kind} {summary.sequence} for {summary.receiver}, "
                               f"{count_of(rows, 'row')}, {count_of(summary.evidence_files, 'evidence file')}, "
                               f"{file_size(summary.bytes)}.")


def import_all(session: Session, actor: Actor, paths: Sequence[str | Path]) -> tuple[PackageResult, ...]:
    """Import each package in name order; one refused package does not stop the others."""
    results = []
    for path in sorted(paths, key=lambda p: Path(p).name):
        name = Path(path).name
        try:
            results.append(PackageResult(name, import_package(session, actor, path).message))
        except ServiceError as error:
            session.rollback()
            results.append(PackageResult(name, f"{name}: refused. {error}", refused=True))
    return tuple(results)


def resolve(session: Session, actor: Actor, conflict_id: str, choice: str) -> tuple[ConflictRow, ...]:
    """Keep one side of a conflict; returns the conflicts still open."""
    resolve_conflict(session, actor, conflict_id, choice)
    return conflict_rows(session, actor)
