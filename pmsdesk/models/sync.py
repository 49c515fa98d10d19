"""What an installation remembers about sync packages. These rows never travel.

Peers and their sequence numbers, the packages sent and applied, the offices'
keys this installation trusts, the causal clock of every travelling row and
the queue of conflicts waiting for a person to decide.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, new_uuid, utcnow


class SyncPeer(Base):
    """Another office this installation exchanges packages with, and how far each side got."""

    __tablename__ = "sync_peer"

    office_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: Sequence number of the last package this installation wrote for the peer.
    last_sent_sequence: Mapped[int] = mapped_column(Integer, default=0)
    #: Highest sequence number of the peer's packages applied here.
    last_applied_sequence: Mapped[int] = mapped_column(Integer, default=0)
    #: Highest of our sequence numbers the peer said it had applied.
    acknowledged_sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class SyncPackageLog(Base):
    """One package written (``out``) or applied (``in``); the id is the SHA-256 of its manifest."""

    __tablename__ = "sync_package_log"
    __table_args__ = (Index("ix_sync_package_log_peer_sequence", "peer_office", "direction", "sequence"),)

    package_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    peer_office: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int] = mapped_column(Integer)
    covers_from: Mapped[int] = mapped_column(Integer)
    #: For packages written: the highest row change number they include.
    watermark: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    logged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    summary: Mapped[dict] = mapped_column(JSON)


class SyncTrustedKey(Base):
    """An office device's Ed25519 public key, trusted after its fingerprint was compared."""

    __tablename__ = "sync_trusted_key"

    fingerprint: Mapped[str] = mapped_column(String(40), primary_key=True)
    office_code: Mapped[str] = mapped_column(String(40), index=True)
    public_key: Mapped[str] = mapped_column(String(64))
    trusted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    trusted_by: Mapped[str] = mapped_column(String(80))
    #: Trusted as this installation's head office: may issue shared records (rule sets) and relay.
    head_office: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(80))
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class SyncRowClock(Base):
    """The causal history (a version vector by office) of one travelling row.

    ``row_hash`` is the row's content when the clock last moved, so a local
    edit made through any service is noticed and counted at the next sync.
    ``change_number`` orders local changes; a package to a peer holds the rows
    changed since the last package the peer acknowledged.
    """

    __tablename__ = "sync_row_clock"

    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(60))
    row_hash: Mapped[str] = mapped_column(String(32))
    clock: Mapped[str] = mapped_column(Text)
    change_number: Mapped[int] = mapped_column(Integer, index=True)
    #: The peer this exact version came from (not sent back to it), or None if made here.
    source_peer: Mapped[str | None] = mapped_column(String(40))


class SyncConflict(Base):
    """A row changed on both sides: both versions kept until a person picks or merges.

    ``kept`` says which version is in the table meanwhile ('local' or
    'incoming'), chosen the same way on every installation so they agree.
    """

    __tablename__ = "sync_conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    entity: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(64), index=True)
    peer_office: Mapped[str] = mapped_column(String(40))
    package_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    local_values: Mapped[dict] = mapped_column(JSON)
    incoming_values: Mapped[dict] = mapped_column(JSON)
    kept: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    detected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(80))
    resolution: Mapped[str | None] = mapped_column(Text)
