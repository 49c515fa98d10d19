"""Per-peer sequence numbers and the log of packages sent and applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import SyncPackageLog, SyncPeer, SyncTrustedKey


def peer(session: Session, office: str) -> SyncPeer:
    """The peer row for an office, added to the session on first contact."""
    record = session.get(SyncPeer, office)
    if record is None:
        record = SyncPeer(office_code=office, last_sent_sequence=0, last_applied_sequence=0, acknowledged_sequence=0)
        session.add(record)
    return record


def sent_watermark(session: Session, office: str, sequence: int) -> int:
    """The highest change number our package ``sequence`` to ``office`` included (0 before any)."""
    if sequence <= 0:
        return 0
    watermark = session.scalar(select(SyncPackageLog.watermark).where(
        SyncPackageLog.peer_office == office, SyncPackageLog.direction == "out",
        SyncPackageLog.sequence == sequence))
    return watermark or 0


def applied_package(session: Session, package_id: str) -> SyncPackageLog | None:
    record = session.get(SyncPackageLog, package_id)
    return record if record is not None and record.direction == "in" else None


def log_package(session: Session, *, package_id: str, direction: str, office: str, sequence: int,
                covers_from: int, created_at: datetime, actor: str, summary: dict[str, Any],
                watermark: int | None = None) -> None:
    session.add(SyncPackageLog(
        package_id=package_id, direction=direction, peer_office=office, sequence=sequence,
        covers_from=covers_from, watermark=watermark, created_at=created_at, actor=actor, summary=summary))


@dataclass(frozen=True)
class NextPackage:
    """What the next package for ``receiver`` will be, said before it is written (read only)."""

    sender: str
    receiver: str
    sequence: int
    covers_from: int
    #: Why it carries what it carries, in words ('everything since package 2: … has not acknowledged …').
    reason: str
    #: The receiver is trusted here or has exchanged packages with us: its code is not a typing slip.
    known: bool

    @property
    def file_name(self) -> str:
        """'ZA-001-to-HEAD-OFFICE-0003.pmspkg': sender, receiver and sequence, so files on a stick sort and
        none overwrites another."""
        return f"{self.sender}-to-{self.receiver}-{self.sequence:04d}.pmspkg"


def next_package(session: Session, sender: str, receiver: str, *, full: bool = False) -> NextPackage:
    """The sequence the next package for ``receiver`` gets, what it covers and why."""
    record = session.get(SyncPeer, receiver)
    sent = record.last_sent_sequence if record else 0
    acknowledged = record.acknowledged_sequence if record else 0
    sequence = sent + 1
    if full:
        reason = "everything this office holds (a full package)"
    elif sent == 0:
        reason = f"everything: the first package for {receiver}"
    elif acknowledged >= sent:
        reason = f"what changed since package {sent}, which {receiver} has acknowledged"
    else:
        waiting = f"package {sent}" if acknowledged + 1 == sent else f"packages {acknowledged + 1}–{sent}"
        reason = (f"everything since package {acknowledged + 1 if acknowledged else 1}: {receiver} has not yet "
                  f"acknowledged {waiting}, so this package carries it again")
    known = record is not None or session.scalar(select(SyncTrustedKey.fingerprint).where(
        SyncTrustedKey.office_code == receiver, SyncTrustedKey.revoked_at.is_(None)).limit(1)) is not None
    return NextPackage(sender, receiver, sequence, 1 if full else acknowledged + 1, reason, known)
