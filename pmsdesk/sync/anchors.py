"""The audit-chain heads a package carries and what a receiver keeps of them (see ``services/audit_anchors``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import AuditAnchor, SyncPackageLog
from pmsdesk.services.audit_anchors import ACKNOWLEDGED, RECEIVED, chain_position, hash_at

from .reader import VerifiedPackage


def outgoing_heads(session: Session, receiver: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """This installation's chain head for a package to ``receiver``, and the receiver's head as last received."""
    length, digest = chain_position(session)
    reported = session.scalar(select(SyncPackageLog.summary).where(
        SyncPackageLog.peer_office == receiver, SyncPackageLog.direction == "out")
        .order_by(SyncPackageLog.sequence.desc()).limit(1))
    earlier = (reported or {}).get("audit_head")
    previous = None
    if earlier:
        previous = {"length": earlier["length"], "hash": hash_at(session, earlier["length"])}
    received = session.scalars(select(AuditAnchor).where(
        AuditAnchor.kind == RECEIVED, AuditAnchor.office == receiver).order_by(AuditAnchor.id.desc()).limit(1)).first()
    acknowledged = None
    if received is not None:
        acknowledged = {"length": received.length, "hash": received.head_hash, "sequence": received.package_sequence}
    return {"length": length, "hash": digest, "previous": previous}, acknowledged


def keep_heads(session: Session, package: VerifiedPackage, own_office: str) -> None:
    """Keep the sender's chain head, and our own head as the sender acknowledged it, from an applied package."""
    manifest = package.manifest
    head = manifest.audit_head
    if head is not None:
        previous = head["previous"] or {}
        session.add(AuditAnchor(kind=RECEIVED, office=manifest.sender_office, package_id=package.package_id,
                                package_sequence=manifest.sequence, length=head["length"], head_hash=head["hash"],
                                previous_length=previous.get("length"), previous_hash=previous.get("hash")))
    mine = manifest.audit_acknowledged
    if mine is not None:
        session.add(AuditAnchor(kind=ACKNOWLEDGED, office=own_office, package_id=package.package_id,
                                package_sequence=mine["sequence"], length=mine["length"], head_hash=mine["hash"]))
