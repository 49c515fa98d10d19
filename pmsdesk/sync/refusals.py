"""Refused imports, kept where they survive, and first contact that does not leave a key trusted by mistake.

A refused package writes nothing of its own (its transaction is rolled back),
but the attempt is recorded afterwards, in a transaction of its own, as one
event of the hash-chained audit trail (action ``refuse`` on ``sync_package``):
sender, file, package number, when, by whom, the plain reason and what to do.
The audit trail was chosen over a table or a log file because it is already
tamper-evident (an attempt cannot be deleted quietly), lives in the database
(SQLite or PostgreSQL) and its backups, needs no schema change, and never
travels in packages. The Head office screen lists these attempts.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from pmsdesk.models import AuditEvent, SyncPackageLog, SyncPeer, SyncTrustedKey
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.audit import record_event
from pmsdesk.services.records import transaction

from .apply import ImportSummary, Progress, import_package
from .errors import PackageRefused
from .keys import OFFICE_CODE, fingerprint, setting, trust_key

log = logging.getLogger(__name__)

REFUSE_ACTION, PACKAGE_ENTITY = "refuse", "sync_package"
#: The status of a refused attempt whose gap no later package has filled.
STILL_REFUSED = "still refused"
#: How many refused attempts the Head office screen lists, newest first.
SHOWN = 200


@dataclass(frozen=True)
class Remedy:
    """A refusal in plain words and what to do about it; ``{sender}``/``{receiver}`` are filled in."""

    reason: str
    what_to_do: str


_AGAIN = "Ask {sender} to export the package again and bring the new file."
_COPY = "Copy the package again from the original (the stick or e-mail it came on), then import the copy."
REMEDIES: dict[str, Remedy] = {
    "not_found": Remedy("The file was not there", "Choose the package file again."),
    "not_zip": Remedy("Not a pmsdesk package", "Choose the .pmspkg file {sender} exported, not another file."),
    "truncated": Remedy("The file is damaged or cut short", _COPY),
    "no_manifest": Remedy("Not a pmsdesk package", "Choose the .pmspkg file the office exported."),
    "malformed_manifest": Remedy("The package's description is damaged", _COPY),
    "unsigned": Remedy("The package is not signed", _AGAIN),
    "bad_signature": Remedy("The signature does not match: altered or forged", _AGAIN + " Do not use this file."),
    "hash_mismatch": Remedy("The contents were altered or damaged", _COPY),
    "unlisted_member": Remedy("The package holds files it was not signed with", _AGAIN + " Do not use this file."),
    "missing_member": Remedy("Part of the package is missing", _COPY),
    "unexpected_member": Remedy("The package holds files no pmsdesk writes", _AGAIN),
    "duplicate_member": Remedy("The package holds a file twice", _AGAIN),
    "unsafe_path": Remedy("The package tries to write outside its folder", _AGAIN + " Do not use this file."),
    "encrypted": Remedy("Part of the package is encrypted", _AGAIN),
    "bad_compression": Remedy("The package uses a compression pmsdesk does not write", _AGAIN),
    "too_large": Remedy("The package is larger than allowed", "Ask {sender} for a package per quarter instead."),
    "zip_bomb": Remedy("The package is compressed like a zip bomb", _AGAIN + " Do not use this file."),
    "newer_format": Remedy("Written by a newer pmsdesk", "Install the same or a newer pmsdesk here, then import."),
    "newer_schema": Remedy("Written by a newer pmsdesk", "Install the same or a newer pmsdesk here, then import."),
    "wrong_receiver": Remedy("Addressed to another office", "Give the package to {receiver}; ask {sender} to "
                             "export one for this office's code if it was meant for you."),
    "own_package": Remedy("Written by this office itself", "Carry it to the office it is addressed to."),
    "unknown_sender": Remedy("The sender's key is not trusted here yet",
                             "Compare the fingerprint with {sender}'s cover sheet or by phone, then trust it "
                             "(Sync screen, Trust sender…) and import again."),
    "revoked_key": Remedy("Signed with a revoked key", "Ask {sender} for a package signed with its new key and "
                          "trust that key after comparing its fingerprint."),
    "wrong_sender": Remedy("Signed with another office's key", "Do not use this file; call {sender} to check."),
    "wrong_role": Remedy("The sender is trusted in another role", "Check with {sender} whether it is head office; "
                         "revoke the key and trust it again in the right role."),
    "sequence_gap": Remedy("Earlier packages are missing", "Import the missing packages first, or ask {sender} "
                           "for a full package."),
    "unknown_table": Remedy("Written by a different pmsdesk", "Install the same pmsdesk version as {sender}."),
    "count_mismatch": Remedy("The package's contents do not add up", _AGAIN),
    "malformed_json": Remedy("A record in the package is malformed", _AGAIN),
    "duplicate_id": Remedy("A record appears twice in the package", _AGAIN),
    "missing_reference": Remedy("Records refer to others this database lacks", "Ask {sender} for a full package."),
    "organisation_code": Remedy("Its organisation code is already used here by another office",
                                "Ask {sender} to check its organisation code; each organisation needs its own."),
    "not_owner": Remedy("It changes records another office holds", "Ask {sender} to send only its own "
                        "organisations' records; call head office if it claims another office's."),
    "integrity": Remedy("It clashes with a record already here", "Ask {sender} to check the record named."),
    "bad_evidence": Remedy("An evidence file is damaged", _COPY),
}
DEFAULT_REMEDY = Remedy("The package could not be imported", _AGAIN)


@dataclass(frozen=True)
class RefusedImport:
    """One refused attempt as the Head office screen shows it."""

    when: datetime
    by: str
    file: str
    sender: str | None
    sequence: int | None
    reason: str
    what_to_do: str
    #: The full message given when it was refused (names the member, record or field).
    message: str
    #: 'still refused', 'imported later' or 'covered by package N': whether the gap it left was filled.
    status: str = STILL_REFUSED


def remedy(error: PackageRefused) -> Remedy:
    """The plain reason and what to do for ``error``, with its sender and receiver filled in."""
    manifest = error.manifest
    names = {"sender": manifest.sender_office if manifest else "the sender",
             "receiver": manifest.receiver_office if manifest else "the office it is addressed to"}
    known = REMEDIES.get(error.reason, DEFAULT_REMEDY)
    return Remedy(known.reason, known.what_to_do.format(**names))


def record_refusal(session: Session, actor: Actor, path: str | Path, error: PackageRefused,
                   *, note: str | None = None) -> None:
    """Record a refused attempt in its own transaction, after the refused package's was rolled back."""
    session.rollback()
    manifest, words = error.manifest, remedy(error)
    entity_id = error.package_id or hashlib.sha256(str(path).encode("utf-8")).hexdigest()
    details = {"file": Path(path).name, "sender": manifest.sender_office if manifest else None,
               "sequence": manifest.sequence if manifest else None,
               "receiver": manifest.receiver_office if manifest else None, "code": error.reason,
               "reason": words.reason, "what_to_do": words.what_to_do, "message": str(error)}
    try:
        with transaction(session):
            record_event(session, actor, REFUSE_ACTION, PACKAGE_ENTITY, entity_id, new=details, reason=note)
    except SQLAlchemyError as failure:  # a read-only or full database: the refusal itself must still be said
        log.warning("could not record the refusal of %s: %s", path, failure)


def import_recorded(session: Session, actor: Actor, path: str | Path, **options) -> ImportSummary:
    """:func:`import_package`, with a refusal recorded (and raised again) so the attempt is not lost."""
    try:
        return import_package(session, actor, path, **options)
    except PackageRefused as error:
        record_refusal(session, actor, path, error)
        raise


def trust_and_import(session: Session, actor: Actor, office: str, public_key: bytes, confirmed_fingerprint: str,
                     path: str | Path, *, head_office: bool = False,
                     progress: Progress | None = None) -> ImportSummary:
    """First contact: trust the sender's key (the typed fingerprint must match), then import its package.

    A key trusted here for this package is withdrawn again, audited, when the package is refused: nobody
    meant to trust it for anything else. The refusal then says so; a key trusted before stays trusted.
    """
    newly = session.get(SyncTrustedKey, fingerprint(public_key)) is None
    key = trust_key(session, actor, office, public_key, confirmed_fingerprint, head_office=head_office)
    try:
        return import_package(session, actor, path, progress=progress)
    except PackageRefused as error:
        note = None
        if newly:
            note = (f"The key of {key.office_code} ({key.fingerprint}) was trusted for this package only and is no "
                    "longer trusted: compare and trust it again when it sends a package that can be imported.")
            _withdraw_trust(session, actor, key.fingerprint, Path(path).name)
            error.args = (f"{error} {note}",)
        record_refusal(session, actor, path, error, note=note)
        raise


def _withdraw_trust(session: Session, actor: Actor, key_fingerprint: str, file: str) -> None:
    session.rollback()
    with transaction(session):
        record = session.get(SyncTrustedKey, key_fingerprint)
        if record is None:
            return
        session.delete(record)
        record_event(session, actor, "withdraw_trust", "sync_trusted_key", key_fingerprint,
                     old={"office": record.office_code, "head_office": record.head_office},
                     reason=f"trusted to import {file}, which was refused")
    log.info("trust in key %s withdrawn: %s was refused", key_fingerprint, file)


def refused_imports(session: Session, actor: Actor, limit: int = SHOWN) -> list[RefusedImport]:
    """The refused attempts recorded here, newest first, each saying whether its gap was filled since."""
    actor.require(Permission.READ)
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.entity == PACKAGE_ENTITY, AuditEvent.action == REFUSE_ACTION)
        .order_by(AuditEvent.id.desc()).limit(limit)).all()
    applied = set(session.scalars(select(SyncPackageLog.package_id).where(
        SyncPackageLog.package_id.in_([event.entity_id for event in events]), SyncPackageLog.direction == "in")))
    reached = dict(session.execute(select(SyncPeer.office_code, SyncPeer.last_applied_sequence)).all())
    here = setting(session, OFFICE_CODE)
    result = []
    for event in events:
        new = event.new_values or {}
        sender, sequence = new.get("sender"), new.get("sequence")
        status = STILL_REFUSED
        if event.entity_id in applied:
            status = "imported later"
        elif sender and sequence and new.get("receiver") == here and reached.get(sender, 0) >= sequence:
            status = f"covered by package {reached[sender]}"
        result.append(RefusedImport(event.occurred_at, event.actor, new.get("file", ""), sender, sequence,
                                    new.get("reason", ""), new.get("what_to_do", ""), new.get("message", ""),
                                    status))
    return result
