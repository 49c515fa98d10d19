"""Records of what needs an official's attention, and of what pmsdesk has issued.

Kept on the installation: data-quality flags raised by importers and checks,
saved column mappings for importing workbooks, and a register of printed
documents so a paper copy can be matched back to the data it came from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, new_uuid, utcnow


class DataQualityFlag(Base):
    """A problem in one field of one record, with where it came from and whether it is resolved."""

    __tablename__ = "data_quality_flag"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(80))
    problem: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(80))


class ImportTemplate(Base):
    """A saved mapping of a workbook's column headings to KPI fields."""

    __tablename__ = "import_template"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    mapping: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(80))


class IssuedDocument(Base):
    """A generated report: its short fingerprint is printed in the footer and checked here."""

    __tablename__ = "issued_document"

    fingerprint: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(Text)
    parameters: Mapped[dict] = mapped_column(JSON)
    data_hash: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    generated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    generated_by: Mapped[str | None] = mapped_column(String(80))
