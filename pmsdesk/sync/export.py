"""Writing a signed package for another office.

The package holds every row in scope that changed since the last package the
receiver acknowledged (or everything with ``full``), so a lost or skipped
package never loses data: the next one carries its changes again. The file is
written beside its destination and renamed into place only after the
database has recorded the sequence number, so a crash leaves no half file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk import __version__
from pmsdesk.models import EvidenceContent
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.audit import record_event
from pmsdesk.services.errors import ValidationError
from pmsdesk.services.records import transaction

from .anchors import outgoing_heads
from .clocks import ClockBook
from .errors import PackageRefused
from .format import FORMAT_VERSION, HEAD_OFFICE_ROLE, MANIFEST, META_KEY, OFFICE_ROLE, SIGNATURE, Manifest
from .keys import DeviceKey, is_head_office, office_code, public_key_text
from .ownership import relayed_as_signed
from .reader import schema_revision
from .rows import plain_row, row_hash, synced_tables
from .scope import HOLDER, claim_local_rows, owner_path, scoped_select
from .state import log_package, peer, sent_watermark

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass
class ExportSummary:
    path: str
    receiver: str
    sequence: int
    covers_from: int
    full: bool
    bytes: int
    counts: dict[str, int] = field(default_factory=dict)
    evidence_files: int = 0
    package_id: str = ""


def export_package(session: Session, actor: Actor, key: DeviceKey, receiver: str, out: str | Path, *,
                   full: bool = False, progress: Progress | None = None) -> ExportSummary:
    """Write the next package for ``receiver`` to ``out`` and record it; returns what it holds."""
    actor.require(Permission.EXCHANGE_PACKAGES)
    sender = office_code(session)
    receiver = (receiver or "").strip().upper()
    if not receiver:
        raise ValidationError.single("to", "name the office the package is for")
    if receiver == sender:
        raise ValidationError.single("to", f"{receiver} is this installation's own office code")
    out = Path(out)
    temporary = out.with_name(f".{out.name}.partial")
    created = datetime.now(UTC).replace(microsecond=0)
    try:
        with transaction(session):
            claim_local_rows(session, sender)
            record = peer(session, receiver)
            sequence = record.last_sent_sequence + 1
            covers_from = 1 if full else record.acknowledged_sequence + 1
            since = 0 if full else sent_watermark(session, receiver, record.acknowledged_sequence)
            book = ClockBook(session, sender)
            members, counts, evidence = _collect(session, book, sender, receiver, since, full, progress)
            book.flush()
            audit_head, audit_acknowledged = outgoing_heads(session, receiver)
            manifest = Manifest(
                format_version=FORMAT_VERSION, schema_revision=schema_revision(), pmsdesk_version=__version__,
                sender_office=sender, sender_device=key.installation_id, sender_public_key=public_key_text(key.public_bytes),
                receiver_office=receiver, sequence=sequence, covers_from=covers_from,
                acknowledges=record.last_applied_sequence, full=full, created_at=created.isoformat(), counts=counts,
                sender_role=HEAD_OFFICE_ROLE if is_head_office(session) else OFFICE_ROLE,
                audit_head=audit_head, audit_acknowledged=audit_acknowledged)
            size, package_id = _write_zip(session, temporary, manifest, members, evidence, key)
            record.last_sent_sequence = sequence
            summary = {"counts": counts, "evidence_files": len(evidence), "bytes": size, "full": full,
                       "audit_head": {"length": audit_head["length"], "hash": audit_head["hash"]}}
            log_package(session, package_id=package_id, direction="out", office=receiver, sequence=sequence,
                        covers_from=covers_from, created_at=created, actor=actor.username, summary=summary,
                        watermark=book.last_change)
            record_event(session, actor, "export", "sync_package", package_id,
                         new={"to": receiver, "sequence": sequence, **summary})
    except OSError as error:  # e.g. a full disk or USB stick: nothing recorded, nothing left behind
        temporary.unlink(missing_ok=True)
        log.warning("package for %s not written to %s: %s", receiver, out, error)
        raise PackageRefused("write_failed", f"Could not write {out} ({error.strerror or error}); "
                             "nothing was recorded. Free some space or choose another folder.") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    try:
        os.replace(temporary, out)
    except OSError as error:
        raise PackageRefused("write_failed", f"Package {sequence} was recorded but could not be moved to {out} "
                             f"({error}); export again to write package {sequence + 1}.") from None
    log.info("package %d for %s written to %s: %d records, %d bytes", sequence, receiver, out,
             sum(counts.values()), size)
    return ExportSummary(str(out), receiver, sequence, covers_from, full, size, counts, len(evidence), package_id)


def _evidence_columns(table) -> list[str]:
    """Columns holding an evidence file's content hash (actuals' files, PEPMIS progress entries …)."""
    return [column.name for column in table.columns
            if any(fk.column.table.name == EvidenceContent.__tablename__ for fk in column.foreign_keys)]


def _collect(session, book: ClockBook, sender: str, receiver: str, since: int, full: bool,
             progress: Progress | None) -> tuple[dict[str, bytes], dict[str, int], set[str]]:
    """The changed rows the receiver may take from us: our organisations' rows, shared records only from
    head office, and another office's rows only as that office made them (see ``ownership.py``)."""
    members: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    evidence: set[str] = set()
    tables = synced_tables()
    issues_shared = is_head_office(session)
    for index, table in enumerate(tables):
        if owner_path(table.name) is None and not issues_shared:
            continue
        rows = [(plain_row(table, row), row._mapping.get(HOLDER))
                for row in session.execute(scoped_select(table, (sender, receiver)))]
        content_columns = _evidence_columns(table)
        book.load(plain["id"] for plain, _ in rows)
        lines = []
        for plain, holder in sorted(rows, key=lambda pair: pair[0]["id"]):
            entry = book.observe(table.name, plain["id"], row_hash(plain))
            if holder not in (None, sender) and not relayed_as_signed(entry.clock, holder):
                continue  # changed here: stays here, the holder's version is the one that travels
            if full or (entry.change_number > since and entry.source_peer != receiver):
                lines.append(json.dumps({**plain, META_KEY: {"clock": entry.clock}},
                                        sort_keys=True, ensure_ascii=False, separators=(",", ":")))
                evidence.update(plain[column] for column in content_columns if plain[column])
        if lines:
            members[f"data/{table.name}.jsonl"] = ("\n".join(lines) + "\n").encode("utf-8")
            counts[table.name] = len(lines)
        if progress:
            progress("export", index + 1, len(tables))
    return members, counts, evidence


def _write_zip(session: Session, path: Path, manifest: Manifest, members: dict[str, bytes],
               evidence: set[str], key: DeviceKey) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    listing: dict[str, dict] = {}
    stamp = datetime.fromisoformat(manifest.created_at).timetuple()[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        def add(name: str, content: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)
            listing[name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}

        for name, content in members.items():
            add(name, content)
        for digest in sorted(evidence):
            stored = session.scalar(select(EvidenceContent.data).where(EvidenceContent.sha256 == digest))
            if stored is None or hashlib.sha256(stored).hexdigest() != digest:
                raise PackageRefused("bad_evidence", f"The stored bytes of evidence {digest} do not match their "
                                     "hash; restore the database from a backup before exporting.")
            add(f"evidence/{digest}", stored)
        signed = Manifest(**{**manifest.__dict__, "members": listing})
        manifest_bytes = signed.to_bytes()
        add_plain = zipfile.ZipInfo(MANIFEST, date_time=stamp)
        archive.writestr(add_plain, manifest_bytes, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo(SIGNATURE, date_time=stamp), key.sign(manifest_bytes))
    return path.stat().st_size, hashlib.sha256(manifest_bytes).hexdigest()
