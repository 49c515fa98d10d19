"""Applying a verified package: all of it in one transaction, or nothing.

Order of work: every check that can refuse (signature, hashes, addressing,
trust, sequence numbers, JSON, references) runs before the first write; then
rows are inserted, fast-forwarded or queued as conflicts by comparing version
vectors (see ``merge.py``), and the peer's sequence numbers, the package log
and one audit event are written in the same transaction. Applying the same
package again writes nothing and says so.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pmsdesk.collector import collector_paused
from pmsdesk.models import AuditEvent, SyncPeer
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.audit import chained_event_rows, record_event
from pmsdesk.services.records import transaction
from pmsdesk.services.scored_results import note_package

from .anchors import keep_heads
from .bulk import insert_rows
from .errors import PackageRefused
from .format import DEFAULT_LIMITS, HEAD_OFFICE_ROLE, Limits
from .incoming import check_references, parse_rows
from .keys import office_code, trusted_key
from .merge import Merger
from .ownership import check_organisation_codes, check_ownership
from .reader import VerifiedPackage, read_package
from .state import applied_package, log_package, peer

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
EVENT_COLUMNS = ("occurred_at", "actor", "action", "entity", "entity_id", "old_values", "new_values", "reason",
                 "previous_hash", "event_hash")


@dataclass
class ImportSummary:
    path: str
    sender: str
    sequence: int
    already_applied: bool = False
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    evidence_added: int = 0
    package_id: str = ""
    per_table: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def message(self) -> str:
        if self.already_applied:
            return (f"{Path(self.path).name}: package {self.sequence} from {self.sender} was already imported; "
                    "nothing changed.")
        return (f"{Path(self.path).name}: package {self.sequence} from {self.sender}: {self.inserted} new, "
                f"{self.updated} updated, {self.unchanged} unchanged, {self.conflicts} conflict(s) queued, "
                f"{self.evidence_added} evidence file(s) added.")


def _logged(apply: Callable[..., ImportSummary]) -> Callable[..., ImportSummary]:
    """Log each package applied or refused, with the file and the reason, for whoever supports head office."""
    @functools.wraps(apply)
    def logged(session: Session, actor: Actor, path: str | Path, **options) -> ImportSummary:
        try:
            summary = apply(session, actor, path, **options)
        except PackageRefused as error:
            log.warning("package %s refused (%s): %s", path, error.reason, error)
            raise
        log.info("%s", summary.message)
        return summary
    return logged


@_logged
def import_package(session: Session, actor: Actor, path: str | Path, *, limits: Limits = DEFAULT_LIMITS,
                   progress: Progress | None = None) -> ImportSummary:
    """Verify and apply one package file; PackageRefused (nothing written) says why not."""
    actor.require(Permission.EXCHANGE_PACKAGES)
    package = read_package(path, limits)
    manifest = package.manifest
    summary = ImportSummary(str(path), manifest.sender_office, manifest.sequence, package_id=package.package_id)
    try:
        check_addressed_and_trusted(session, package)
        if applied_package(session, package.package_id) is not None:
            summary.already_applied = True
            return summary
        _check_sequence(session, package)
        with collector_paused():  # the rows stay alive until the end: the collector's passes free nothing
            _apply(session, actor, package, summary, progress)
    except PackageRefused as error:
        error.manifest, error.package_id = manifest, package.package_id  # who sent it, for the refusal record
        raise
    session.expire_all()  # rows changed underneath the ORM: callers must not see stale objects
    return summary


def _apply(session: Session, actor: Actor, package: VerifiedPackage, summary: ImportSummary,
           progress: Progress | None) -> None:
    """Parse and check every row, then write them all in one transaction (PackageRefused: nothing written)."""
    manifest = package.manifest
    parsed = parse_rows(package)
    check_references(session, package, parsed)
    check_organisation_codes(session, package, parsed)
    holders = check_ownership(session, package, parsed, from_head_office=manifest.sender_role == HEAD_OFFICE_ROLE)
    merger = Merger(session, office_code(session), manifest.sender_office, package.package_id, holders,
                    reason=f"from {manifest.sender_office}, package {manifest.sequence} ({package.package_id[:16]})")
    with transaction(session):
        try:
            if session.get_bind().dialect.name == "sqlite":
                session.execute(text("PRAGMA defer_foreign_keys = ON"))
            summary.evidence_added = merger.add_evidence(package)
            for index, (table_name, rows) in enumerate(parsed.items()):
                summary.per_table[table_name] = merger.apply_table(table_name, rows)
                if progress:
                    progress("import", index + 1, len(parsed))
            merger.finish()
            note_package(session, parsed)  # head office scores what the package changed, in this transaction
            _record(session, actor, package, merger, summary)
            session.flush()
        except IntegrityError as error:
            raise PackageRefused("integrity", f"{package.path.name} conflicts with data already here: "
                                 f"{clash_in_words(error.orig)}; nothing was imported. Ask "
                                 f"{manifest.sender_office} to check that record before it sends the package "
                                 "again.") from None


def clash_in_words(error: BaseException | None) -> str:
    """'two records of rule set would share the same code and revision': a database's unique-key refusal
    (SQLite's 'UNIQUE constraint failed: rule_set.code, rule_set.revision', PostgreSQL's 'Key (code)=…')
    said without SQL."""
    text = str(error or "")
    sqlite = re.search(r"UNIQUE constraint failed: ([\w., ]+)", text)
    if sqlite:
        columns = [part.strip().split(".") for part in sqlite.group(1).split(",")]
        table = columns[0][0].replace("_", " ")
        fields = " and ".join(column[-1].replace("_", " ") for column in columns)
        return f"two records of {table} would share the same {fields}"
    postgres = re.search(r'Key \(([^)]*)\)=\(([^)]*)\)', text)
    if postgres:
        return f"another record already has {postgres.group(1).replace('_', ' ')} {postgres.group(2)}"
    return "a record here already holds a value that must be unique"


def check_addressed_and_trusted(session: Session, package: VerifiedPackage) -> str:
    """The package is for this office and signed by a trusted, unrevoked key of its sender."""
    manifest, name = package.manifest, package.path.name
    here = office_code(session)
    if manifest.receiver_office != here:
        raise PackageRefused("wrong_receiver", f"{name} is addressed to {manifest.receiver_office}, but this "
                             f"installation is {here}; give it to {manifest.receiver_office}.")
    if manifest.sender_office == here:
        raise PackageRefused("own_package", f"{name} was written by this office ({here}) itself.")
    key = trusted_key(session, package.public_key)
    if key is None:
        raise PackageRefused("unknown_sender", f"{name} is signed by a key this installation does not trust "
                             f"(office {manifest.sender_office}, fingerprint {package.fingerprint}). Compare the "
                             f"fingerprint with {manifest.sender_office} by phone or on the cover sheet, then run "
                             f"'pmsdesk keys trust {name} --fingerprint {package.fingerprint}'.")
    if key.revoked_at is not None:
        raise PackageRefused("revoked_key", f"{name} is signed by key {key.fingerprint} of {key.office_code}, "
                             f"revoked on {key.revoked_at:%Y-%m-%d} ({key.revoke_reason}); refused.")
    if key.office_code != manifest.sender_office:
        raise PackageRefused("wrong_sender", f"{name} claims to come from {manifest.sender_office}, but its key "
                             f"{key.fingerprint} belongs to {key.office_code}; refused.")
    if (manifest.sender_role == HEAD_OFFICE_ROLE) != key.head_office:
        trusted_as = "head office" if key.head_office else "an office"
        raise PackageRefused("wrong_role", f"{name} comes from {manifest.sender_office} as "
                             f"{manifest.sender_role.replace('_', ' ')}, but its key {key.fingerprint} is trusted "
                             f"here as {trusted_as}; refused. If {manifest.sender_office} is your head office, revoke "
                             "the key and trust it again with --head-office.")
    return key.fingerprint


def _check_sequence(session: Session, package: VerifiedPackage) -> None:
    manifest, name = package.manifest, package.path.name
    record = session.get(SyncPeer, manifest.sender_office)
    applied = record.last_applied_sequence if record else 0
    if manifest.covers_from > applied + 1:
        missing = list(range(applied + 1, manifest.covers_from))
        shown = ", ".join(map(str, missing[:20])) + (" …" if len(missing) > 20 else "")
        raise PackageRefused("sequence_gap", f"{name} is package {manifest.sequence} from {manifest.sender_office} "
                             f"and needs package(s) {shown} first; import those, or ask {manifest.sender_office} "
                             "for a full package (pmsdesk package export --full).")


def _record(session: Session, actor: Actor, package: VerifiedPackage, merger: Merger, summary: ImportSummary) -> None:
    manifest = package.manifest
    for counts in summary.per_table.values():
        summary.inserted += counts["inserted"]
        summary.updated += counts["updated"]
        summary.unchanged += counts["unchanged"]
        summary.conflicts += counts["conflicts"]
    record = peer(session, manifest.sender_office)
    record.last_applied_sequence = max(record.last_applied_sequence, manifest.sequence)
    record.acknowledged_sequence = max(record.acknowledged_sequence, manifest.acknowledges)
    # The peer acknowledging more than we remember sending means this database was restored from a
    # backup: number on from there, and the next package resends everything (no watermark is known).
    record.last_sent_sequence = max(record.last_sent_sequence, manifest.acknowledges)
    details = {"inserted": summary.inserted, "updated": summary.updated, "unchanged": summary.unchanged,
               "conflicts": summary.conflicts, "evidence_added": summary.evidence_added,
               "file": package.path.name, "fingerprint": package.fingerprint}
    log_package(session, package_id=package.package_id, direction="in", office=manifest.sender_office,
                sequence=manifest.sequence, covers_from=manifest.covers_from,
                created_at=datetime.fromisoformat(manifest.created_at), actor=actor.username, summary=details)
    keep_heads(session, package, merger.book.office)
    events = chained_event_rows(session, actor, merger.changes)  # one per row inserted or changed
    insert_rows(session, AuditEvent.__table__, events, only=EVENT_COLUMNS)
    record_event(session, actor, "import", "sync_package", package.package_id,
                 new={"from": manifest.sender_office, "sequence": manifest.sequence, **details}, flush=False)
