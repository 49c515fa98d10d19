"""Per-peer sequence numbers and the log of packages sent and applied."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import SyncPackageLog, SyncPeer


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
