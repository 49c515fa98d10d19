"""The audit trail: one row per change, hash-chained so an edit or deletion shows, and the chain
heads other installations reported (anchors), so a chain rewritten after it was reported shows too."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), index=True)  # UUIDs, and package hashes
    old_values: Mapped[dict | None] = mapped_column(JSON)
    new_values: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    previous_hash: Mapped[str] = mapped_column(String(64))
    event_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditAnchor(Base):
    """The head of an audit chain as it was reported in a signed package.

    ``kind`` 'received': the head of ``office``'s chain, from its package (kept at head office);
    'acknowledged': the head of this installation's own chain as head office last received it.
    ``previous_*``: where the sender's chain stood, at the length it reported in its package
    before, when it wrote this one (null hash: the chain had become shorter than that).
    """

    __tablename__ = "audit_anchor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(12))
    office: Mapped[str] = mapped_column(String(40), index=True)
    package_id: Mapped[str] = mapped_column(String(64))
    package_sequence: Mapped[int] = mapped_column(Integer)
    length: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    previous_length: Mapped[int | None] = mapped_column(Integer)
    previous_hash: Mapped[str | None] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
